/**
 * Lapsing, in one place: a programme's lapse window, which tandems are "lapsing soon", and the
 * nightly lapse check of a programme: active tandems without contact within its lapse window
 * become `lapsed`; for each, the former volunteer is excluded for that beneficiary, a recompute
 * around both is queued (so a rematch proposal is waiting the next morning) and the mediator is
 * told. A key marks each follow-up done once all of it is written: a check cut short is finished
 * by the next one (every step is idempotent), and a check run twice changes nothing more.
 */
import { DAY_MS, dayOf, type Programme, type Tandem } from '../domain/index.js';
import type { JobSink } from '../domain/jobs.js';
import { listAll } from '../store/paging.js';
import type { Store } from '../store/ports.js';
import { commandsFor, type CommandContext } from './commands/command.js';
import { lapse } from './commands/tandems.js';
import { systemActor, type ServiceDeps } from './context.js';
import { NoticeService, sendLater } from './notices.js';
import { excludePair } from './pairs.js';

/** "Lapsing soon": the lapse window ends within this many days (or has ended). */
export const LAPSING_NOTICE_DAYS = 14;

/** Active tandems whose last contact is before this day (YYYY-MM-DD) are past the programme's window at `now`. */
export function lapseCutoff(programme: Pick<Programme, 'lapseWindowDays'>, now: Date): string {
  return dayOf(new Date(now.getTime() - programme.lapseWindowDays * DAY_MS));
}

/**
 * The last day an active tandem may go without news: its last contact plus the programme's
 * window (the check marks it lapsed after it, see lapseCutoff). Undefined when not active.
 */
export function lapseDeadline(
  tandem: Pick<Tandem, 'status' | 'lastContactOn'>,
  programme: Pick<Programme, 'lapseWindowDays'>,
): string | undefined {
  if (tandem.status !== 'active' || !tandem.lastContactOn) return undefined;
  return dayOf(new Date(Date.parse(`${tandem.lastContactOn}T12:00:00Z`) + programme.lapseWindowDays * DAY_MS));
}

/** Active tandems whose last contact is before this day lapse within LAPSING_NOTICE_DAYS. */
export function lapsingSoonCutoff(programme: Pick<Programme, 'lapseWindowDays'>, now: Date): string {
  return dayOf(new Date(now.getTime() - (programme.lapseWindowDays - LAPSING_NOTICE_DAYS) * DAY_MS));
}

/** The active tandems of these programmes lapsing soon (or overdue), oldest contact first per programme. */
export async function lapsingSoon(
  store: Store,
  orgId: string,
  programmes: readonly Programme[],
  now: Date,
): Promise<Tandem[]> {
  const out: Tandem[] = [];
  for (const p of programmes)
    out.push(...(await store.tandems.listLastContactBefore(orgId, p.id, lapsingSoonCutoff(p, now))));
  return out;
}

/** Marks lapsed the active tandems of a programme with no contact within its lapse window. */
export async function lapseOverdue(ctx: CommandContext, programmeId: string): Promise<Tandem[]> {
  const { store, clock, actor } = ctx;
  const programme = await store.programmes.get(actor.orgId, programmeId);
  const lapsed: Tandem[] = [];
  for (const t of await store.tandems.listLastContactBefore(
    actor.orgId,
    programmeId,
    lapseCutoff(programme, clock.now()),
  ))
    lapsed.push(await lapse(ctx, t));
  return lapsed;
}

/** Tandems lapsed this recently are followed up if an earlier check did not finish. */
const FOLLOW_UP_DAYS = 7;

export interface LapseReport {
  lapsed: number;
  followedUp: number;
}

export class LapseService {
  private readonly notices: NoticeService;

  constructor(private readonly deps: ServiceDeps & { publicUrl: string }) {
    this.notices = new NoticeService(deps);
  }

  async check(orgId: string, programmeId: string, queue: JobSink): Promise<LapseReport> {
    const { store, clock, logger } = this.deps;
    const programme = await store.programmes.get(orgId, programmeId);
    // The follow-up below queues each rematch (resumably, by the tandem's id): the lapse itself queues none.
    const lapsed = await commandsFor(this.deps).act(systemActor(orgId, 'lapse-check'), (ctx) =>
      lapseOverdue(ctx, programmeId),
    );
    const since = new Date(clock.now().getTime() - FOLLOW_UP_DAYS * DAY_MS).toISOString();
    let followedUp = 0;
    for (const tandem of await listAll(store.tandems, orgId, { programmeId, status: 'lapsed' })) {
      if (!tandem.lapsedAt || tandem.lapsedAt < since) continue;
      const done = `lapse-followed:${orgId}:${tandem.id}`;
      if (await store.keys.get(done, clock.now())) continue;
      await excludePair(this.deps, orgId, tandem.beneficiaryId, tandem.volunteerId);
      for (const person of [{ beneficiaryId: tandem.beneficiaryId }, { volunteerId: tandem.volunteerId }]) {
        await queue.enqueue(
          { name: 'recompute', data: { orgId, programmeId, person } },
          { jobId: `lapse:${tandem.id}:${'beneficiaryId' in person ? 'b' : 'v'}` },
        );
      }
      await sendLater(queue, orgId, await this.notices.lapseAlert(tandem, programme, programme.lapseWindowDays));
      await store.keys.claim(
        done,
        { tandemId: tandem.id },
        new Date(Date.parse(tandem.lapsedAt) + 2 * FOLLOW_UP_DAYS * DAY_MS),
        clock.now(),
      );
      followedUp++;
    }
    logger.info('lapse.checked', { orgId, programmeId, lapsed: lapsed.length, followedUp });
    return { lapsed: lapsed.length, followedUp };
  }
}
