/**
 * The whole-process part of `npm run bench`: `tandem plan` and `tandem assign` as a user runs
 * them (the CLI on a file), against what they cannot go below (reading and writing their JSON)
 * and against the peers of assign (OR-tools, scipy, lap), on the same files, in one run.
 *
 * The peers run in a Python virtual environment the bench makes for itself under a cache folder
 * outside the repository (TANDEM_BENCH_CACHE, else ~/.cache/tandem); Python is bench tooling
 * only. Every process is timed by bench/peers.py's `time` (wall clock, CPU time, peak memory of
 * the child, which Node cannot read).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignColumns, chosenEdges } from '../scoring/index.js';
import { generateInstance } from '../seeds/generator.js';
import { median as medianOrNull } from '../src/services/stats.js';

type Log = (line: string) => void;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PEERS = join(ROOT, 'bench/peers.py');
const TANDEM = join(ROOT, 'dist/src/cli/main.js');
const FLOOR = join(ROOT, 'dist/bench/io-floor.js');
const PEER_NAMES = ['ortools', 'scipy', 'lap'] as const;
type Peer = (typeof PEER_NAMES)[number];

const median = (xs: readonly number[]): number => medianOrNull(xs)!;
const s = (x: number) => `${x.toFixed(2)} s`;
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** A whole process: wall clock, CPU time (user + system), peak memory. */
export interface ProcessTime {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssKB: number;
}

export interface PythonEnvironment {
  python: string;
  /** The peers that installed, with their versions. */
  versions: Partial<Record<Peer, string>>;
}

/**
 * The bench's own virtual environment with OR-tools 9.15 and scipy (and lap when it installs),
 * made once under the cache folder and reused.
 */
export function pythonEnvironment(log: Log): PythonEnvironment {
  const cache =
    process.env.TANDEM_BENCH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tandem');
  const venv = join(cache, 'bench-venv');
  const python = join(venv, 'bin/python');
  const pip = (args: string[]) =>
    spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
    }).status === 0;
  const has = (module: string) => spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  if (!existsSync(python)) {
    mkdirSync(cache, { recursive: true });
    progress(`making a Python virtual environment in ${venv} (once)`);
    execFileSync('python3', ['-m', 'venv', venv], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (!has('ortools') || !has('scipy')) {
    progress('installing ortools 9.15 and scipy into it (once; a few minutes)');
    if (!pip(['ortools==9.15.*', 'scipy'])) throw new Error(`could not install ortools and scipy into ${venv}`);
  }
  if (!has('lap')) {
    progress('installing lap into it (optional)');
    if (!pip(['lap'])) log('   lap did not install: its column is left out');
  }
  const versions: Partial<Record<Peer, string>> = {};
  for (const peer of PEER_NAMES) {
    const module = peer === 'ortools' ? 'ortools' : peer;
    const r = spawnSync(python, ['-c', `import ${module}; print(${module}.__version__)`], { encoding: 'utf8' });
    if (r.status === 0) versions[peer] = r.stdout.trim();
  }
  return { python, versions };
}

/** Runs a command with its standard output to `out`; fails the bench if it fails. */
function timeProcess(env: PythonEnvironment, out: string, command: string[]): ProcessTime {
  const r = spawnSync(env.python, [PEERS, 'time', out, '--', ...command], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const t = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ProcessTime & { status: number };
  if (r.status !== 0 || t.status !== 0) throw new Error(`${command.join(' ')} failed (exit ${t.status})`);
  return t;
}

const node = (script: string, ...args: string[]) => [process.execPath, script, ...args];

/** The `stats` object that ends a tandem output file (read from its tail: the file may be large). */
function statsOf(path: string): { feasiblePairs: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const text = tail.toString('utf8');
    return JSON.parse(text.slice(text.lastIndexOf('"stats":') + 8, text.lastIndexOf('}'))) as { feasiblePairs: number };
  } finally {
    closeSync(fd);
  }
}

function closeEnough(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

interface FloorTime {
  readParseMs: number;
  stringifyWriteMs: number;
  totalMs: number;
  cpuMs: number;
}

function floor(input: string, output: string, edgesOut?: string): FloorTime {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=6144', FLOOR, input, output, ...(edgesOut ? [edgesOut] : [])],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error(`io-floor failed on ${output}`);
  return JSON.parse(r.stdout) as FloorTime;
}

/**
 * `tandem plan` as a whole process against its I/O floor, runs interleaved; at 100k also its
 * peak memory. Leaves at `edgesOut` the assign input made of the 100k plan's candidates.
 */
export function planVersusFloor(env: PythonEnvironment, dir: string, edgesOut: string, log: Log): void {
  log(
    '3. tandem plan as a whole process (the CLI on a file) vs its I/O floor: reading + parsing its input, writing its output as JSON',
  );
  // Odd counts, so that the median is a run's own figure and one slow write cannot pull it.
  for (const [n, runs] of [
    [10_000, 7],
    [100_000, 3],
  ] as const) {
    const input = join(dir, `plan-${n}.json`);
    progress(`writing the ${n} x ${n} instance`);
    writeFileSync(input, JSON.stringify(generateInstance({ volunteers: n, beneficiaries: n, seed: 1 })));
    const output = join(dir, `plan-${n}.out.json`);
    const plans: ProcessTime[] = [];
    const floors: FloorTime[] = [];
    for (let i = 0; i < runs; i++) {
      progress(`plan ${n} x ${n}, run ${i + 1} of ${runs}`);
      plans.push(timeProcess(env, output, node(TANDEM, 'plan', '--input', input)));
      floors.push(floor(input, output, n === 100_000 && i === 0 ? edgesOut : undefined));
    }
    const wall = median(plans.map((p) => p.wallSeconds));
    const cpu = median(plans.map((p) => p.cpuSeconds));
    const floorS = median(floors.map((f) => f.totalMs)) / 1000;
    const floorCpu = median(floors.map((f) => f.cpuMs)) / 1000;
    const stats = statsOf(output);
    const k = n / 1000;
    const target = n === 100_000 ? 5 : 4;
    log(
      `   ${k}k x ${k}k: plan ${s(wall)} wall, ${s(cpu)} CPU, peak RSS ${Math.round(Math.max(...plans.map((p) => p.maxRssKB)) / 1024)} MB   (median of ${runs}; ${stats.feasiblePairs} feasible pairs)`,
    );
    log(
      `   ${k}k x ${k}k: I/O floor ${s(floorS)} wall, ${s(floorCpu)} CPU   (parse ${s(median(floors.map((f) => f.readParseMs)) / 1000)}, write ${s(median(floors.map((f) => f.stringifyWriteMs)) / 1000)})`,
    );
    log(
      `   ${k}k x ${k}k: ratio plan / I/O floor: ${(wall / floorS).toFixed(2)} on the wall clock (target <= ${target})${wall / floorS <= target ? '' : '   ABOVE TARGET'}, ${(cpu / floorCpu).toFixed(2)} on CPU time`,
    );
    if (n === 100_000) {
      const rss = Math.max(...plans.map((p) => p.maxRssKB)) / 1024;
      log(
        `   100k x 100k: plan wall ${s(wall)} (target <= 30 s)${wall <= 30 ? '' : '   ABOVE TARGET'}, peak RSS ${Math.round(rss)} MB (target <= 1024 MB)${rss <= 1024 ? '' : '   ABOVE TARGET'}`,
      );
    }
  }
  log('');
}

/**
 * `tandem assign` against OR-tools' SimpleMinCostFlow, scipy's min_weight_full_bipartite_matching
 * and lap's lapmod on the same edge file: whole processes (tandem and OR-tools three times,
 * interleaved; scipy and lap, slower, once) and the solve call alone; every optimum must agree.
 */
export function assignVersusPeers(env: PythonEnvironment, dir: string, edges: string, log: Log): void {
  const doc = JSON.parse(readFileSync(edges, 'utf8')) as { edges: unknown[]; beneficiaries: unknown[] };
  log(
    `4. tandem assign vs peers on the same ${doc.edges.length} edges (the 100k x 100k plan's candidates), whole process and solve alone`,
  );
  log(
    `   peers: ${PEER_NAMES.map((p) => `${p} ${env.versions[p] ?? 'not installed'}`).join(', ')}; Python ${execFileSync(env.python, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' }).trim()}`,
  );
  const totals: Record<string, number> = {};
  const whole: Record<string, ProcessTime[]> = { tandem: [] };
  const alone: Record<string, number[]> = { tandem: [] };
  const peers = PEER_NAMES.filter((p) => env.versions[p] !== undefined);
  const runPeer = (peer: Peer) => {
    const out = join(dir, `assign-${peer}.json`);
    const report = join(dir, `assign-${peer}.report`);
    const time = timeProcess(env, report, [env.python, PEERS, peer, edges, out]);
    const r = JSON.parse(readFileSync(report, 'utf8')) as { totalScore: number; solveSeconds: number };
    (whole[peer] ??= []).push(time);
    (alone[peer] ??= []).push(r.solveSeconds);
    totals[peer] = r.totalScore;
  };
  for (let i = 0; i < 3; i++) {
    progress(`assign, round ${i + 1} of 3`);
    const out = join(dir, 'assign-tandem.json');
    whole.tandem!.push(timeProcess(env, out, node(TANDEM, 'assign', '--input', edges)));
    totals.tandem = (JSON.parse(readFileSync(out, 'utf8')) as { totalScore: number }).totalScore;
    if (peers.includes('ortools')) runPeer('ortools');
  }
  for (const peer of peers)
    if (peer !== 'ortools') {
      progress(`assign with ${peer}`);
      runPeer(peer);
    }
  // tandem's solve alone: the columns ready, the edges put in order and the solver run.
  const columns = assignColumns(doc)!;
  for (let i = 0; i < 3; i++) {
    const cpu = process.cpuUsage();
    chosenEdges(columns);
    const used = process.cpuUsage(cpu);
    alone.tandem!.push((used.user + used.system) / 1e6);
  }
  for (const [who, total] of Object.entries(totals))
    if (!closeEnough(total, totals.tandem!))
      throw new Error(`${who}'s optimum ${total} differs from tandem's ${totals.tandem}`);
  const wall = (who: string) => median(whole[who]!.map((t) => t.wallSeconds));
  const cpu = (who: string) => median(whole[who]!.map((t) => t.cpuSeconds));
  const solve = (who: string) => median(alone[who]!);
  for (const who of ['tandem', ...peers])
    log(
      `   ${who.padEnd(7)}: whole process ${s(wall(who))} wall, ${s(cpu(who))} CPU, ${Math.round(median(whole[who]!.map((t) => t.maxRssKB)) / 1024)} MB (median of ${whole[who]!.length}); solve alone ${s(solve(who))} CPU`,
    );
  log(
    `   optima: ${Object.entries(totals)
      .map(([who, t]) => `${who} ${t.toFixed(6)}`)
      .join(', ')} (equal to 1e-6 relative)`,
  );
  for (const peer of peers) {
    const targets = peer === 'ortools' ? ([0.6, 0.5] as const) : undefined;
    const w = wall('tandem') / wall(peer);
    const a = solve('tandem') / solve(peer);
    log(
      `   ratio tandem / ${peer}: whole process ${w.toFixed(2)} on the wall clock${targets ? ` (target <= ${targets[0]})${w <= targets[0] ? '' : '   ABOVE TARGET'}` : ''}, ${(cpu('tandem') / cpu(peer)).toFixed(2)} on CPU time; solve alone ${a.toFixed(2)}${targets ? ` (target <= ${targets[1]})${a <= targets[1] ? '' : '   ABOVE TARGET'}` : ''}`,
    );
  }
  log('');
}
