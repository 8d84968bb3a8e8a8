/**
 * Whether this process reaches Redis, told in the log once when it stops and once when it comes
 * back (with how long it was away), however many connections fail and retry in between. Every
 * BullMQ object and connection of the process reports here, so none of them prints an error of
 * its own (BullMQ writes an unheard `error` event to the console, stack and all).
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../store/ports.js';

export class RedisHealth {
  private downSince = 0;
  private readonly onUp: (() => void)[] = [];

  constructor(
    private readonly logger: Logger,
    /** Who logs (`queue`, `workers`), in the two lines. */
    private readonly who: string,
  ) {}

  get up(): boolean {
    return this.downSince === 0;
  }

  /** Reports a connection's errors here, and its coming back. */
  watch(connection: Redis): void {
    connection.on('error', (err: Error) => this.failed(err));
    connection.on('ready', () => this.recovered());
  }

  /** A listener for BullMQ's `error` events. */
  readonly failed = (err: Error): void => {
    if (this.downSince) return;
    this.downSince = Date.now();
    this.logger.warn('redis.down', { who: this.who, error: err.message });
  };

  recovered(): void {
    if (!this.downSince) return;
    this.logger.info('redis.up', { who: this.who, downMs: Date.now() - this.downSince });
    this.downSince = 0;
    for (const listener of this.onUp) listener();
  }

  /** Runs `listener` each time Redis is back after an outage (e.g. to put the schedules back). */
  whenBack(listener: () => void): void {
    this.onUp.push(listener);
  }
}
