/**
 * The MongoDB client of a process, kept working through restarts of its server: one client per
 * URI, shared by every store opened on it; operations that fail for a passing reason (the server
 * unreachable or restarting, FerretDB's SQLite answering SQLITE_BUSY) are tried again for a
 * bounded time, then reported as StoreUnavailableError (a 503 to API callers, a retry to jobs).
 * A client that keeps failing while a new one can connect (a pool stuck on closed connections
 * after a restart) is replaced.
 */
import { MongoClient, MongoError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import type { Logger } from './ports.js';

/** How long one operation is tried before the store is reported unavailable. */
export const RETRY_BUDGET_MS = 8_000;
/** How long the driver looks for the server per try (its default, 30 s, would outlast the budget). */
const SELECTION_TIMEOUT_MS = 2_500;
/** Failing this long with no success in between, the client is replaced if a new one connects. */
const STUCK_AFTER_MS = 12_000;

const TRANSIENT_LABELS = ['RetryableWriteError', 'ResetPool', 'PoolRequestedRetry', 'SystemOverloadedError'];

/**
 * Whether the same operation may succeed if tried again: a network or server-selection failure,
 * a pool cleared by a restart, or a busy SQLite under FerretDB.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof MongoNetworkError || err instanceof MongoServerSelectionError) return true;
  if (!(err instanceof MongoError)) return false;
  if (TRANSIENT_LABELS.some((label) => err.hasErrorLabel(label))) return true;
  // The driver's own refusals once its pool or topology is closed under it.
  if (['MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError'].includes(err.name)) return true;
  return err instanceof MongoServerError && /SQLITE_BUSY|database is locked/i.test(err.message);
}

/** Delay before try `n` (1 = the second): 100 ms doubling, at most 1.6 s, with jitter. */
const backoff = (n: number) => Math.min(100 * 2 ** (n - 1), 1600) * (0.5 + Math.random() / 2);

/** The client of one URI, swapped for a new one when it is stuck. */
export class ClientHandle {
  private client: MongoClient;
  /** When the current run of failures began (0: the last operation succeeded). */
  private failingSince = 0;
  private replacing?: Promise<void>;
  private readonly retired: MongoClient[] = [];
  /** Whether the server is known to be unreachable (for one line when it goes and one when it comes back). */
  private down = false;

  private constructor(
    private readonly uri: string,
    first: MongoClient,
    private readonly logger: Logger,
  ) {
    this.client = first;
  }

  static async connect(uri: string, logger: Logger): Promise<ClientHandle> {
    return new ClientHandle(uri, await newClient(uri), logger);
  }

  get current(): MongoClient {
    return this.client;
  }

  /**
   * Runs `op` on the current client, trying again on a transient failure until the budget is
   * spent. `settled`, when given, is asked after a failed try whether the write went through
   * anyway (a reply lost with the connection): its non-undefined answer is the result.
   */
  async run<R>(op: (client: MongoClient) => Promise<R>, settled?: () => Promise<R | undefined>): Promise<R> {
    const t0 = Date.now();
    let uncertain = false;
    for (let attempt = 1; ; attempt++) {
      try {
        if (uncertain && settled) {
          const done = await settled();
          if (done !== undefined) return this.ok(done);
        }
        return this.ok(await op(this.client));
      } catch (err) {
        if (!isTransient(err)) throw err;
        uncertain = true;
        this.failed(err as Error);
        if (Date.now() - t0 + backoff(attempt) > RETRY_BUDGET_MS)
          throw new StoreUnavailableError(`MongoDB unavailable: ${(err as Error).message}`, { cause: err });
        await new Promise((r) => setTimeout(r, backoff(attempt)));
      }
    }
  }

  async close(): Promise<void> {
    await this.replacing;
    await Promise.all([this.client, ...this.retired].map((c) => c.close().catch(() => {})));
  }

  private ok<R>(value: R): R {
    if (this.down) this.logger.info('store.mongodb.up', { downMs: Date.now() - this.failingSince });
    this.down = false;
    this.failingSince = 0;
    return value;
  }

  private failed(err: Error): void {
    const now = Date.now();
    if (!this.failingSince) this.failingSince = now;
    if (!this.down) {
      this.down = true;
      this.logger.warn('store.mongodb.down', { error: err.message });
    }
    if (now - this.failingSince > STUCK_AFTER_MS && !this.replacing)
      this.replacing = this.replace().finally(() => (this.replacing = undefined));
  }

  /** A new client, if it can reach the server; the old one is closed once in-flight operations had their chance. */
  private async replace(): Promise<void> {
    let fresh: MongoClient;
    try {
      fresh = await newClient(this.uri);
      await fresh.db('admin').command({ ping: 1 });
    } catch {
      return;
    }
    const old = this.client;
    this.client = fresh;
    this.failingSince = Date.now();
    this.logger.warn('store.mongodb.client_replaced', {});
    this.retired.push(old);
    setTimeout(() => void old.close().catch(() => {}), RETRY_BUDGET_MS).unref();
  }
}

function newClient(uri: string): Promise<MongoClient> {
  return new MongoClient(uri, { serverSelectionTimeoutMS: SELECTION_TIMEOUT_MS }).connect();
}

const handles = new Map<string, { handle: Promise<ClientHandle>; users: number }>();

/** The process's client for `uri`, shared by every store opened on it. */
export async function acquireClient(uri: string, logger: Logger): Promise<ClientHandle> {
  let entry = handles.get(uri);
  if (!entry) {
    entry = { handle: ClientHandle.connect(uri, logger), users: 0 };
    handles.set(uri, entry);
  }
  entry.users++;
  try {
    return await entry.handle;
  } catch (err) {
    handles.delete(uri);
    // The URI may carry a password: name the cause, not the URI.
    throw new StoreUnavailableError(`cannot connect to MongoDB: ${(err as Error).message}`, { cause: err });
  }
}

export async function releaseClient(uri: string): Promise<void> {
  const entry = handles.get(uri);
  if (!entry || --entry.users > 0) return;
  handles.delete(uri);
  await (await entry.handle).close();
}
