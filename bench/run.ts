/**
 * `npm run bench`: the scoring core's performance, as ratios measured side by side in one run,
 * on CPU time (the figures of a shared, noisy machine only mean something relative to each
 * other; wall-clock times are printed too).
 *
 *   1. plan, 10k x 10k generated instance vs 4 disjoint copies of it: near-linear (target <= 5).
 *   2. assign on ~90k edges vs HiGHS solving the same LP (target <= 0.25); both optima must agree.
 *   3. plan at 100k x 100k in a child process: time and peak memory (max RSS).
 *   4, 5. the workers: incremental vs full recompute, jobs per second through BullMQ (bench/workers.ts).
 *
 * Everything is called in-process (`plan`, `assign` from scoring/index.js): no JSON parsing,
 * validation or explanations, which the CLI adds on top. Instances come from
 * seeds/generator.ts with a fixed seed, so each run measures the same work.
 */
import { execFile } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import highsModule from 'highs';
import { assign, plan, rank, type AssignInput, type PlanResult, type RankInput } from '../scoring/index.js';
import { generateInstance } from '../seeds/generator.js';
import { median as medianOrNull } from '../src/services/stats.js';
import { benchWorkers } from './workers.js';

/**
 * The package's types describe its CommonJS build, where the loader is `default`; Node's ESM
 * loader picks build/highs.mjs, whose default export is the loader itself.
 */
const loadHighs = highsModule as unknown as typeof highsModule.default;

const TODAY = '2026-11-22';
const SEED = 1;
/** The 100k x 100k child is stopped after this, so the bench stays under ~10 minutes. */
const CHILD_TIMEOUT_MS = 6 * 60_000;

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

interface ChildReport {
  generateMs: number;
  planMs: number;
  planCpuMs: number;
  rssBeforePlanMB: number;
  maxRssMB: number;
  feasiblePairs: number;
  candidates: number;
  pairs: number;
  unmatched: number;
}

function planInChild(n: number): Promise<ChildReport | { timedOut: true }> {
  const script = fileURLToPath(new URL('./plan-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, String(n), String(n), String(SEED)],
      { timeout: CHILD_TIMEOUT_MS, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err && err.killed) resolve({ timedOut: true });
        else if (err) reject(new Error(`plan-child failed: ${stderr || err.message}`));
        else resolve(JSON.parse(stdout) as ChildReport);
      },
    );
  });
}

async function main() {
  const cpu = cpus();
  log(
    `tandem bench: node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  log(
    'Figures are ratios of runs made side by side in this process, on CPU time; absolute times vary with the machine and its load.',
  );
  log('Reproduce: npm run bench   (instances: seeds/generator.ts, seed 1; scoring called in-process)\n');

  const base = generateInstance({ volunteers: 10_000, beneficiaries: 10_000, seed: SEED });

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

  const av = await assignVersusHighs(base, 12, { assign: 7, highs: 3 });
  const ratio = av.assign.cpu / av.highsRun.cpu;
  log(`2. assign vs HiGHS on the same ${av.edges} edges (the 10k x 10k candidates at topK 12)`);
  log(`   assign: ${both(av.assign)}, median of 7`);
  log(
    `   HiGHS LP solve: ${both(av.highsRun)}, median of 3; model.run() only, reading the LP text adds ${both(av.highsParse)}`,
  );
  log(`   optima: assign ${av.ours.toFixed(6)}, HiGHS ${av.theirs.toFixed(6)} (equal to 1e-6 relative)`);
  log(`   ratio assign / HiGHS: ${ratio.toFixed(3)}   (target <= 0.25)${ratio <= 0.25 ? '' : '   ABOVE TARGET'}\n`);

  log('3. plan, 100k volunteers x 100k beneficiaries, in a child process (one run)');
  const child = await planInChild(100_000);
  if ('timedOut' in child) {
    log(`   did not finish within ${CHILD_TIMEOUT_MS / 60_000} minutes (stopped)`);
  } else {
    log(
      `   plan: ${both({ cpu: child.planCpuMs, wall: child.planMs })}   (instance generation before it: ${ms(child.generateMs)} wall)`,
    );
    log(
      `   peak memory (max RSS of the child): ${child.maxRssMB} MB   (RSS with the instance loaded, before plan: ${child.rssBeforePlanMB} MB)`,
    );
    log(
      `   ${child.feasiblePairs} feasible pairs, ${child.candidates} candidates, ${child.pairs} pairs, ${child.unmatched} without any feasible volunteer`,
    );
  }
  log('');
  await benchWorkers(log);
  log(
    `\nload average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
