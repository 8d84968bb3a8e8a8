/**
 * The nightly lapse check of a programme: active tandems without contact within its lapse window
 * become `lapsed`; for each, the former volunteer is excluded for that beneficiary, a recompute
 * around both is queued (so a rematch proposal is waiting the next morning) and the mediator is
 * told. A key marks each follow-up done once all of it is written: a check cut short is finished
 * by the next one (every step is idempotent), and a check run twice changes nothing more.
 */
import type { Tandem } from '../domain/index.js';
import type { JobSink } from '../domain/jobs.js';
import { retryOnVersionConflict, systemActor, type ServiceDeps } from './context.js';
import { listAll } from '../store/paging.js';
import { NoticeService, sendLater } from './notices.js';
import { TandemService } from './tandems.js';
import { DAY_MS } from '../domain/calendar.js';

/** Tandems lapsed this recently are followed up if an earlier check did not finish. */
const FOLLOW_UP_DAYS = 7;

export interface LapseReport {
  lapsed: number;
  followedUp: number;
}

export class LapseService {
  private readonly tandems: TandemService;
  private readonly notices: NoticeService;

  constructor(private readonly deps: ServiceDeps & { publicUrl: string }) {
    this.tandems = new TandemService(deps);
    this.notices = new NoticeService(deps);
  }

  async check(orgId: string, programmeId: string, queue: JobSink): Promise<LapseReport> {
    const { store, clock, logger } = this.deps;
    const programme = await store.programmes.get(orgId, programmeId);
    const lapsed = await this.tandems.lapseOverdue(systemActor(orgId, 'lapse-check'), programmeId);
    const since = new Date(clock.now().getTime() - FOLLOW_UP_DAYS * DAY_MS).toISOString();
    let followedUp = 0;
    for (const tandem of await listAll(store.tandems, orgId, { programmeId, status: 'lapsed' })) {
      if (!tandem.lapsedAt || tandem.lapsedAt < since) continue;
      const done = `lapse-followed:${orgId}:${tandem.id}`;
      if (await store.keys.get(done, clock.now())) continue;
      await this.exclude(tandem);
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

  private async exclude(tandem: Tandem): Promise<void> {
    const { store, clock } = this.deps;
    await retryOnVersionConflict(async () => {
      const b = await store.beneficiaries.find(tandem.orgId, tandem.beneficiaryId);
      if (!b || b.excludedVolunteerIds.includes(tandem.volunteerId)) return;
      await store.beneficiaries.update(
        tandem.orgId,
        b.id,
        b.version,
        { excludedVolunteerIds: [...b.excludedVolunteerIds, tandem.volunteerId] },
        clock.now(),
      );
    });
  }
}
