/**
 * The production set-up as the fault suite runs it: FerretDB and Redis of its own (scripts/services,
 * stopped and started again on the same ports), the server (`node dist/src/server.js`) and worker
 * processes (`node dist/workers/main.js`), each in a process group of its own so that a SIGKILL
 * takes the whole group, and a real SMTP server that keeps what it receives.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/services');
const SERVER = join(ROOT, 'dist/src/server.js');
const WORKER = join(ROOT, 'dist/workers/main.js');

export type ServiceName = 'ferretdb' | 'redis';

/** FerretDB and Redis under a folder of their own; `down`/`up` stop and start one on the same port. */
export class Services {
  private constructor(
    readonly dir: string,
    readonly mongodbUri: string,
    readonly redisUrl: string,
  ) {}

  /** Fails (never skips) when a service cannot start: the suite has no stand-in for them. */
  static start(): Services {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-faults-'));
    try {
      execFileSync(SCRIPT, ['start', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (err) {
      execFileSync(SCRIPT, ['stop', dir], { stdio: 'ignore' });
      throw new Error(`the fault suite's services did not start (scripts/services start ${dir})`, { cause: err });
    }
    const env = Object.fromEntries(
      readFileSync(join(dir, 'env'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return new Services(dir, env.MONGODB_URI!, env.REDIS_URL!);
  }

  down(name: ServiceName): void {
    execFileSync(SCRIPT, ['down', name, this.dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }

  up(name: ServiceName): void {
    execFileSync(SCRIPT, ['up', name, this.dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }

  stop(): void {
    execFileSync(SCRIPT, ['stop', this.dir], { stdio: 'inherit' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** Everything it wrote, line by line, with the time each line came. */
  lines: { at: number; text: string }[];
  exited: Promise<number | NodeJS.Signals>;
  alive(): boolean;
  /** Sends `signal` to its whole process group. */
  signal(signal: NodeJS.Signals): void;
  /** Its output since `since` (ms since the epoch). */
  since(since: number): string[];
}

/** Starts `node script` in a process group of its own; resolves once a line matches `ready`. */
async function launch(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<Proc> {
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build first (npm run test:faults does)`);
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: Proc['lines'] = [];
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  let isReady: () => void;
  const readyNow = new Promise<void>((resolve) => (isReady = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop()!;
      for (const text of parts) {
        lines.push({ at: Date.now(), text });
        if (ready.test(text)) isReady();
      }
    });
  }
  const proc: Proc = {
    name,
    child,
    lines,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    signal(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // Already gone.
      }
    },
    since: (since) => lines.filter((l) => l.at >= since).map((l) => l.text),
  };
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    readyNow.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 60_000))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    proc.signal('SIGKILL');
    throw new Error(
      `${name} ${outcome === 'late' ? 'was not ready in 60 s' : 'exited before it was ready'}:\n${lines
        .slice(-30)
        .map((l) => l.text)
        .join('\n')}`,
    );
  }
  return proc;
}

export const startServer = (env: Record<string, string>) => launch('server', SERVER, env, /tandem listening on/);

export const startWorker = (name: string, env: Record<string, string>) => launch(name, WORKER, env, /"workers\.ready"/);

/** `promise`'s value, or `fallback` once `ms` have passed. */
export async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same faults and writes. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    between: (min: number, max: number) => min + next() * (max - min),
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof random>;

const T0 = Date.now();
/** A progress line on standard error, with the seconds since the suite started. */
export function progress(what: string): void {
  process.stderr.write(`faults ${((Date.now() - T0) / 1000).toFixed(1)}s ${what}\n`);
}
