/**
 * What the worker tests share: a queue prefix of their own on the test Redis, a database of their
 * own on the test MongoDB server (FerretDB), a real SMTP server on a loopback port that keeps
 * what it receives, worker processes spawned from the build (dist/workers/main.js), and bounded
 * waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { SMTPServer } from 'smtp-server';
import { BullQueue } from '../../../src/jobs/bullmq-queue.js';
import { QUEUE_NAMES } from '../../../src/jobs/queue.js';
import { silentLogger } from '../../../src/store/logger.js';
import { openMongoStore } from '../../../src/store/mongo.js';
import type { Store } from '../../../src/store/ports.js';
import { mongodbUri, redisUrl } from '../services.js';

const ROOT = join(import.meta.dirname, '../../..');
const WORKER = join(ROOT, 'dist/workers/main.js');

let seq = 0;
/** A name no other test (or run) uses: queue prefixes, database names. */
export const unique = (what: string) => `${what}_${process.pid}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

/** Polls until `check` holds; fails the test with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(value)?.slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface TestDatabase {
  uri: string;
  dbName: string;
  store: Store;
  drop(): Promise<void>;
}

/** A database of its own on the test MongoDB server, with a store open on it. */
export async function testDatabase(name: string): Promise<TestDatabase> {
  const uri = mongodbUri();
  const dbName = unique(name);
  const store = await openMongoStore({ uri, dbName, logger: silentLogger });
  return {
    uri,
    dbName,
    store,
    async drop() {
      await store.close();
      const client = await new MongoClient(uri).connect();
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** A BullMQ queue on the test Redis under a prefix of its own. */
export function testQueue(prefix = unique('q'), url = redisUrl()): BullQueue {
  return new BullQueue({ redisUrl: url, prefix, logger: silentLogger, backoffMs: 100 });
}

/** Jobs not finished yet, over every queue. */
export async function unfinished(queue: BullQueue): Promise<number> {
  let n = 0;
  for (const q of queue.queues.values()) {
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    n += Object.values(counts).reduce((a, b) => a + b, 0);
  }
  return n;
}

export async function drained(queue: BullQueue, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    'the queues to drain',
    () => unfinished(queue),
    (n) => n === 0,
    timeoutMs,
  );
}

export interface Mail {
  to: string[];
  raw: string;
  /** The message with its quoted-printable parts decoded, to read what people read. */
  text: string;
}

/** Quoted-printable (RFC 2045) back to UTF-8 text; plain text passes through. */
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A real SMTP server on a loopback port; what it receives is kept in `mails`. */
export async function smtpServer(): Promise<{ url: string; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** What it wrote (JSON log lines). */
  output: string[];
  /** Resolves with its exit code or signal. */
  exited: Promise<number | NodeJS.Signals>;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<number | NodeJS.Signals>;
}

/** Starts `node dist/workers/main.js` with these settings; resolves once it serves its queues. */
export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first (npm test does)`);
  const child = spawn(process.execPath, [WORKER], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', WORKER_QUEUES: QUEUE_NAMES.join(','), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      output.push(...lines);
      if (lines.some((l) => l.includes('"workers.ready"'))) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((how) => reject(new Error(`worker exited (${how}) before it was ready:\n${output.join('\n')}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await ready.finally(() => clearTimeout(timeout));
  return {
    child,
    output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs `write` over `items`, a few at a time (the store takes one record per call). */
export async function inChunks<T>(items: T[], write: (item: T, index: number) => Promise<unknown>, size = 16) {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map((item, j) => write(item, i + j)));
}
