/**
 * `npm run bench`: the scoring core's performance, as ratios measured side by side in one run
 * (the figures of a shared, noisy machine only mean something relative to each other).
 *
 *   1. plan, 10k x 10k generated instance vs 4 disjoint copies of it, in-process, on CPU time:
 *      near-linear (target <= 5).
 *   2. assign on ~90k edges vs HiGHS solving the same LP, in-process (target <= 0.25).
 *   3. `tandem plan` as a whole process vs its I/O floor at 10k and 100k, peak memory (bench/whole.ts).
 *   4. `tandem assign` vs OR-tools, scipy and lap on the 100k plan's edges (bench/whole.ts).
 *   5, 6. the workers: incremental vs full recompute, jobs per second through BullMQ (bench/workers.ts).
 *
 * Instances come from seeds/generator.ts with a fixed seed, so each run measures the same work.
 * Progress goes to standard error, figures to standard output.
 * `npm run bench -- --only plan` runs section 3 alone (a few minutes), for work on `plan`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import highsModule from 'highs';
import { assign, plan, rank, type AssignInput, type PlanResult, type RankInput } from '../scoring/index.js';
import { generateInstance } from '../seeds/generator.js';
import { median as medianOrNull } from '../src/services/stats.js';
import { pythonEnvironment, planVersusFloor, assignVersusPeers } from './whole.js';
import { benchWorkers } from './workers.js';

/**
 * The package's types describe its CommonJS build, where the loader is `default`; Node's ESM
 * loader picks build/highs.mjs, whose default export is the loader itself.
 */
const loadHighs = highsModule as unknown as typeof highsModule.default;

const TODAY = '2026-11-22';
const SEED = 1;

/**
 * Wall-clock and CPU time (user + system of this process, ms). Other jobs on a shared machine
 * stretch the wall clock far more than the CPU time, so the ratios use CPU time.
 */
interface Time {
  wall: number;
  cpu: number;
}

function timed<T>(f: () => T): [T, Time] {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(cpu);
  return [result, { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 }];
}

/** Every list here has at least one run. */
const median = (xs: readonly number[]): number => medianOrNull(xs)!;
const medianOf = (times: readonly Time[]): Time => ({
  wall: median(times.map((t) => t.wall)),
  cpu: median(times.map((t) => t.cpu)),
});
const ms = (x: number) => `${x.toFixed(0)} ms`;
const both = (t: Time) => `${ms(t.cpu)} CPU (${ms(t.wall)} wall)`;
const log = (line: string) => process.stdout.write(line + '\n');

function fail(message: string): never {
  process.stderr.write(`bench: FAILED: ${message}\n`);
  process.exit(1);
}

/**
 * `copies` disjoint copies of an instance: ids prefixed, each copy moved 10 degrees of longitude
 * further east (~700 km at Belgian latitudes). A longitude shift keeps every distance within a
 * copy exactly as it was, and no pair can cross copies.
 */
function disjointCopies(input: RankInput, copies: number): RankInput {
  const range = Array.from({ length: copies }, (_, k) => k);
  const moved = (k: number, loc: { lat: number; lon: number }) => ({ lat: loc.lat, lon: loc.lon + 10 * k });
  return {
    ...input,
    volunteers: range.flatMap((k) =>
      input.volunteers.map((v) => ({ ...v, id: `c${k}-${v.id}`, location: moved(k, v.location) })),
    ),
    beneficiaries: range.flatMap((k) =>
      input.beneficiaries.map((b) => ({
        ...b,
        id: `c${k}-${b.id}`,
        location: moved(k, b.location),
        ...(b.excludedVolunteerIds ? { excludedVolunteerIds: b.excludedVolunteerIds.map((id) => `c${k}-${id}`) } : {}),
      })),
    ),
  };
}

function closeEnough(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

function linearity(base: RankInput, reps: number) {
  const quad = disjointCopies(base, 4);
  const times: Record<'base' | 'quad', Time[]> = { base: [], quad: [] };
  const ratios: number[] = [];
  plan(base, { today: TODAY }); // warm-up: the first run also pays for the JIT
  let totals = { base: 0, quad: 0, basePairs: 0, quadPairs: 0 };
  // Back to back, in alternating order, so a slow spell of the machine hits both sizes alike;
  // the ratio is the median of the ratios of each such pair of runs.
  for (let i = 0; i < reps; i++) {
    const runs = {} as Record<'base' | 'quad', [PlanResult, Time]>;
    for (const which of i % 2 === 0 ? (['base', 'quad'] as const) : (['quad', 'base'] as const)) {
      runs[which] = timed(() => plan(which === 'base' ? base : quad, { today: TODAY }));
    }
    const [b, tb] = runs.base;
    const [q, tq] = runs.quad;
    times.base.push(tb);
    times.quad.push(tq);
    ratios.push(tq.cpu / tb.cpu);
    totals = { base: b.totalScore, quad: q.totalScore, basePairs: b.pairs.length, quadPairs: q.pairs.length };
  }
  if (totals.quadPairs !== 4 * totals.basePairs || !closeEnough(totals.quad, 4 * totals.base)) {
    fail(
      `4 disjoint copies should give 4 x the pairs and score: ${totals.quadPairs} vs 4 x ${totals.basePairs}, ${totals.quad} vs 4 x ${totals.base}`,
    );
  }
  return { times, basePairs: totals.basePairs, ratio: median(ratios), ratios };
}

/** max sum score*x; each beneficiary <= 1; each volunteer <= capacity; 0 <= x <= 1; CPLEX LP text. */
function lpText(problem: AssignInput): string {
  const out: string[] = ['Maximize', ' obj:'];
  const byB = new Map<string, number[]>();
  const byV = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, id: string, k: number) => {
    const list = map.get(id);
    if (list) list.push(k);
    else map.set(id, [k]);
  };
  problem.edges.forEach((e, k) => {
    add(byB, e.beneficiaryId, k);
    add(byV, e.volunteerId, k);
  });
  // Short lines: long expressions continue on the next line.
  const terms = (ks: readonly number[], coef: (k: number) => string) => {
    for (let i = 0; i < ks.length; i += 10)
      out.push(
        '   ' +
          ks
            .slice(i, i + 10)
            .map((k) => `+ ${coef(k)}x${k}`)
            .join(' '),
      );
  };
  terms(
    problem.edges.map((_, k) => k),
    (k) => `${problem.edges[k]!.score} `,
  );
  out.push('Subject To');
  let row = 0;
  for (const ks of byB.values()) {
    out.push(` b${row++}:`);
    terms(ks, () => '');
    out.push('   <= 1');
  }
  const capacity = new Map(problem.volunteers.map((v) => [v.id, v.capacity]));
  row = 0;
  for (const [id, ks] of byV) {
    out.push(` v${row++}:`);
    terms(ks, () => '');
    out.push(`   <= ${capacity.get(id)}`);
  }
  out.push('Bounds');
  problem.edges.forEach((_, k) => out.push(` 0 <= x${k} <= 1`));
  out.push('End');
  return out.join('\n');
}

async function assignVersusHighs(base: RankInput, topK: number, reps: { assign: number; highs: number }) {
  const ranked = rank({ ...base, programme: { ...base.programme, topK } }, { today: TODAY });
  const problem: AssignInput = {
    volunteers: base.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
    beneficiaries: base.beneficiaries.map((b) => ({ id: b.id })),
    edges: ranked.candidates.map((c) => ({
      volunteerId: c.volunteerId,
      beneficiaryId: c.beneficiaryId,
      score: c.score,
    })),
  };
  const highs = await loadHighs();
  const text = lpText(problem);
  const assignTimes: Time[] = [];
  const highsTimes: Time[] = [];
  const parseTimes: Time[] = [];
  let ours = 0;
  let theirs = 0;
  for (let i = 0; i < Math.max(reps.assign, reps.highs); i++) {
    if (i < reps.assign) {
      const [a, t] = timed(() => assign(problem));
      assignTimes.push(t);
      ours = a.totalScore;
    }
    if (i < reps.highs) {
      // A fresh model each time: a solved one would start from its optimal basis.
      const [model, tParse] = timed(() => highs.createModel({ format: 'lp', data: text }));
      try {
        model.options.set({ output_flag: false });
        const [, tRun] = timed(() => model.run());
        if (model.getModelStatus() !== highs.constants.modelStatus.optimal)
          fail(`HiGHS did not reach an optimum (status ${model.getModelStatus()})`);
        parseTimes.push(tParse);
        highsTimes.push(tRun);
        theirs = model.getObjectiveValue();
      } finally {
        model.dispose();
      }
    }
  }
  if (!closeEnough(ours, theirs)) fail(`assign's optimum ${ours} differs from HiGHS's ${theirs}`);
  return {
    edges: problem.edges.length,
    assign: medianOf(assignTimes),
    highsRun: medianOf(highsTimes),
    highsParse: medianOf(parseTimes),
    ours,
    theirs,
  };
}

/** `--only plan`: section 3 alone. */
function onlyOption(args: readonly string[]): 'plan' | undefined {
  const at = args.indexOf('--only');
  if (at < 0) return undefined;
  if (args[at + 1] !== 'plan') {
    process.stderr.write('usage: npm run bench [-- --only plan]\n');
    process.exit(2);
  }
  return 'plan';
}

async function main() {
  const only = onlyOption(process.argv.slice(2));
  const cpu = cpus();
  log(
    `tandem bench: node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  log(
    'Figures are ratios of runs made side by side in this process, on CPU time; absolute times vary with the machine and its load.',
  );
  log(
    'Reproduce: npm run bench   (instances: seeds/generator.ts, seed 1; 1 and 2 call the scoring core in-process, 3 and 4 time whole processes)\n',
  );

  // First, so that a missing Python stops the bench before anything is measured.
  const python = pythonEnvironment(log);
  if (only === 'plan') {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    try {
      planVersusFloor(python, dir, join(dir, 'assign-100000.json'), log);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const base = generateInstance({ volunteers: 10_000, beneficiaries: 10_000, seed: SEED });

  process.stderr.write('bench: 1. plan 10k vs 4 disjoint copies, 7 pairs of runs\n');
  const lin = linearity(base, 7);
  log('1. plan, 10k volunteers x 10k beneficiaries vs 4 disjoint copies (40k x 40k), 7 pairs of back-to-back runs');
  log(
    `   10k x 10k: median ${both(medianOf(lin.times.base))}   (CPU: ${lin.times.base.map((t) => ms(t.cpu)).join(', ')}; ${lin.basePairs} pairs)`,
  );
  log(
    `   40k x 40k: median ${both(medianOf(lin.times.quad))}   (CPU: ${lin.times.quad.map((t) => ms(t.cpu)).join(', ')}; ${4 * lin.basePairs} pairs)`,
  );
  log(
    `   ratio 4 copies / 1 copy: ${lin.ratio.toFixed(2)}, median of ${lin.ratios.map((r) => r.toFixed(2)).join(', ')}   (target <= 5)${lin.ratio <= 5 ? '' : '   ABOVE TARGET'}\n`,
  );

  process.stderr.write('bench: 2. assign vs HiGHS\n');
  const av = await assignVersusHighs(base, 12, { assign: 7, highs: 3 });
  const ratio = av.assign.cpu / av.highsRun.cpu;
  log(`2. assign vs HiGHS on the same ${av.edges} edges (the 10k x 10k candidates at topK 12)`);
  log(`   assign: ${both(av.assign)}, median of 7`);
  log(
    `   HiGHS LP solve: ${both(av.highsRun)}, median of 3; model.run() only, reading the LP text adds ${both(av.highsParse)}`,
  );
  log(`   optima: assign ${av.ours.toFixed(6)}, HiGHS ${av.theirs.toFixed(6)} (equal to 1e-6 relative)`);
  log(`   ratio assign / HiGHS: ${ratio.toFixed(3)}   (target <= 0.25)${ratio <= 0.25 ? '' : '   ABOVE TARGET'}\n`);

  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  try {
    const edges = join(dir, 'assign-100000.json');
    planVersusFloor(python, dir, edges, log);
    assignVersusPeers(python, dir, edges, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stderr.write('bench: 5 and 6. the workers (they start their own Redis and FerretDB)\n');
  await benchWorkers(log);
  log(
    `\nload average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
