/**
 * The recurring jobs: a lapse check and reminders per open programme, retention, and this sync
 * itself (so programmes opened or closed later get or lose theirs). Run at start-up by whoever
 * owns the queue, then by the `schedules` job.
 */
import { listAll } from '../store/paging.js';
import type { Logger, Store } from '../store/ports.js';
import type { JobQueue } from './queue.js';

/** Cron patterns, Brussels time. */
export interface ScheduleOptions {
  /** A programme's lapse check, unless it names its own (`lapseCheckCron`): nightly. */
  lapseCheck: string;
  /** Reminders of proposed tandems with no first meeting: mornings. */
  reminders: string;
  retention: string;
  /** This sync. */
  sync: string;
}

export const DEFAULT_SCHEDULES: ScheduleOptions = {
  lapseCheck: '0 3 * * *',
  reminders: '0 8 * * *',
  retention: '30 3 * * *',
  sync: '*/15 * * * *',
};

export async function syncSchedules(
  store: Store,
  queue: Pick<JobQueue, 'schedule' | 'unschedule' | 'schedules'>,
  options: Partial<ScheduleOptions> = {},
): Promise<{ programmes: number; removed: number }> {
  const o = { ...DEFAULT_SCHEDULES, ...options };
  const wanted = new Set(['retention', 'schedules']);
  await queue.schedule('retention', o.retention, { name: 'retention', data: {} });
  await queue.schedule('schedules', o.sync, { name: 'schedules', data: {} });
  let programmes = 0;
  for (const org of await store.organisations.listAll()) {
    for (const programme of await listAll(store.programmes, org.id, { status: 'open' })) {
      const data = { orgId: org.id, programmeId: programme.id };
      const lapse = `lapse-check:${org.id}:${programme.id}`;
      const reminders = `reminders:${org.id}:${programme.id}`;
      await queue.schedule(lapse, programme.lapseCheckCron ?? o.lapseCheck, { name: 'lapse-check', data });
      await queue.schedule(reminders, o.reminders, { name: 'reminders', data });
      wanted.add(lapse).add(reminders);
      programmes++;
    }
  }
  let removed = 0;
  for (const id of await queue.schedules()) {
    if (wanted.has(id)) continue;
    await queue.unschedule(id);
    removed++;
  }
  return { programmes, removed };
}

/** How often the keeper checks that the schedules are still there. */
export const SCHEDULE_CHECK_MS = 30_000;

/**
 * Keeps the schedules in Redis whatever happens to it: synced on start, again each time Redis is
 * back after an outage (it may come back empty), and whenever a check finds the sync's own
 * schedule gone. Every process that talks to the queues runs one; syncing is idempotent.
 */
export class ScheduleKeeper {
  private timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly queue: Pick<JobQueue, 'schedule' | 'unschedule' | 'schedules'>,
    private readonly logger: Logger,
    private readonly options: Partial<ScheduleOptions> = {},
    private readonly everyMs = SCHEDULE_CHECK_MS,
  ) {}

  /** Syncs now, then keeps watching; `back` registers the re-sync on a reconnection. */
  start(back?: (listener: () => void) => void): void {
    back?.(() => void this.sync('reconnected'));
    void this.sync('start');
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    try {
      if (!(await this.queue.schedules()).includes('schedules')) await this.sync('missing');
    } catch {
      // Redis away: the reconnection re-syncs.
    }
  }

  private sync(reason: string): Promise<void> {
    this.syncing ??= (async () => {
      try {
        const result = await syncSchedules(this.store, this.queue, this.options);
        if (reason !== 'start') this.logger.info('schedules.restored', { reason, ...result });
      } catch (err) {
        this.logger.warn('schedules.sync_failed', { reason, error: (err as Error).message });
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }
}
