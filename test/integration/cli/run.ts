import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The real binary, as `npx tandem` runs it; `npm test` builds dist first. */
export const MAIN = join(ROOT, 'dist/src/cli/main.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
}

/** Runs `tandem args...` with `stdin` piped in (so stderr is not a terminal: no progress bar). */
export function tandem(args: readonly string[], stdin = '', env?: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    env: env && { ...process.env, ...env },
    input: stdin,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string | undefined;
/** Writes a document to a fresh temporary file and returns its path. */
export function inputFile(doc: unknown, name = 'input.json'): string {
  dir ??= mkdtempSync(join(tmpdir(), 'tandem-cli-'));
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

/** stdout must be exactly one JSON document and a newline. */
export function parseStdout(r: Run): any {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  if (!r.stdout.endsWith('}\n') || r.stdout.indexOf('\n') !== r.stdout.length - 1)
    throw new Error(`stdout is not one JSON line: ${r.stdout.slice(0, 200)}`);
  return JSON.parse(r.stdout);
}

/** The output without the one field allowed to differ between runs. */
export function withoutElapsed(out: any): any {
  const copy = structuredClone(out);
  delete copy.stats.elapsedMs;
  return copy;
}
