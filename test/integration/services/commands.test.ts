/**
 * The services' commands on the embedded store, no mocks: each command's rules and writes, the
 * events the dispatcher turns into audit entries and jobs, and how many store round trips a
 * confirm takes.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/services/context.js';
import {
  checkInTandem,
  closeTandem,
  confirmTandem,
  recordFirstMeeting,
} from '../../../src/services/commands/tandems.js';
import { MatchingService } from '../../../src/services/matching.js';
import { lapseOverdue } from '../../../src/services/lapse.js';
import { embeddedAdapter } from '../store/adapters.js';
import { NOW, settingOn } from './setting.js';

const adapter = embeddedAdapter();
afterAll(() => adapter.cleanup());
const setting = () => settingOn(adapter);

describe('tandem commands on the embedded store', () => {
  let s: Awaited<ReturnType<typeof setting>>;
  beforeEach(async () => {
    s = await setting();
  });
  const pair = (b: { id: string }) => ({ programmeId: s.prg.id, volunteerId: s.volunteer.id, beneficiaryId: b.id });

  it('confirms a proposed pair in at most 8 store round trips, audited and followed by a recompute', async () => {
    s.calls.length = 0;
    const { tandem, replayed } = await s.commands.run(confirmTandem, s.mediator, {
      ...pair(s.b1),
      idempotencyKey: 'confirm-once-1',
    });
    console.info(`confirm: ${s.calls.length} store round trips (${s.calls.join(', ')})`);
    expect(s.calls.length).toBeLessThanOrEqual(8);
    expect(replayed).toBe(false);
    expect(tandem).toMatchObject({ status: 'proposed', proposedBy: s.mediator.userId });
    expect((await s.raw.audit.list(s.org.id)).map((e) => e.action)).toEqual(['tandem.confirm']);
    // The recompute, and the e-mails to the people, written by a job so the confirm does not wait for them.
    expect(s.jobs.map((j) => j.job.name)).toEqual(['recompute', 'tandem-news']);

    const again = await s.commands.run(confirmTandem, s.mediator, { ...pair(s.b1), idempotencyKey: 'confirm-once-1' });
    expect(again).toEqual({ tandem, replayed: true });
    await expect(
      s.commands.run(confirmTandem, s.mediator, { ...pair(s.b2), idempotencyKey: 'confirm-once-1' }),
    ).rejects.toMatchObject({ rule: 'idempotency_key_reused' });
  });

  it('answers 409 volunteer_capacity naming who took the last place and when, once the proposal is gone', async () => {
    const { tandem } = await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    // The recompute after the first confirm supersedes the full volunteer's proposals.
    await s.raw.proposals.supersede(s.org.id, s.prg.id, { volunteerIds: [s.volunteer.id] }, new Date(NOW));
    for (const actor of [s.mediator, s.coordinator]) {
      const refused = s.commands.run(confirmTandem, actor, pair(s.b2));
      await expect(refused).rejects.toMatchObject({ rule: 'volunteer_capacity' });
      await expect(refused).rejects.toThrow(new RegExp(`${tandem.id}.*Anne Mediator.*${NOW}`));
    }
    // Nothing was left held for the refused beneficiary.
    expect((await s.raw.reservations.openTandems(s.org.id)).get(s.b2.id)).toBeUndefined();
  });

  it('refuses a first meeting or a check-in dated after today, or a first meeting before the proposal, naming the field', async () => {
    const { tandem } = await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    const meet = (date: string) =>
      s.commands.run(recordFirstMeeting, s.mediator, {
        tandemId: tandem.id,
        meeting: { outcome: 'accepted', date, charterSigned: true },
      });
    await expect(meet('2026-11-24')).rejects.toMatchObject({ issues: [{ field: 'body.date' }] });
    await expect(meet('2026-11-22')).rejects.toThrow(/before the proposal/);
    const started = await meet('2026-11-23');
    expect(started).toMatchObject({ status: 'active', lastContactOn: '2026-11-23' });
    const checkIn = (date: string) =>
      s.commands.run(checkInTandem, s.mediator, { tandemId: tandem.id, checkIn: { date, who: 'volunteer', mood: 4 } });
    await expect(checkIn('2027-03-01')).rejects.toMatchObject({ issues: [{ field: 'body.date' }] });
    expect((await checkIn('2026-11-23')).checkIns).toHaveLength(1);
    expect(await s.raw.tandems.get(s.org.id, tandem.id)).toMatchObject({ lastContactOn: '2026-11-23', version: 3 });
  });

  it('excludes the pair on a declined first meeting and gives the place back', async () => {
    const { tandem } = await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    s.jobs.length = 0;
    const declined = await s.commands.run(recordFirstMeeting, s.mediator, {
      tandemId: tandem.id,
      expectedVersion: 1,
      meeting: { outcome: 'declined', date: '2026-11-23', by: 'beneficiary', reason: 'Too far from school.' },
    });
    expect(declined.status).toBe('declined');
    expect((await s.raw.beneficiaries.get(s.org.id, s.b1.id)).excludedVolunteerIds).toEqual([s.volunteer.id]);
    expect(await s.raw.reservations.unitsInUse(s.org.id)).toEqual(new Map());
    expect(new Set(s.jobs.map((j) => JSON.stringify(j.job.name === 'recompute' && j.job.data.person)))).toEqual(
      new Set([JSON.stringify({ volunteerId: s.volunteer.id }), JSON.stringify({ beneficiaryId: s.b1.id })]),
    );
    await expect(s.commands.run(confirmTandem, s.mediator, pair(s.b1))).rejects.toMatchObject({
      rule: 'pair_excluded',
    });
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const { tandem } = await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    await expect(
      s.commands.run(recordFirstMeeting, s.mediator, {
        tandemId: tandem.id,
        expectedVersion: 7,
        meeting: { outcome: 'accepted', date: '2026-11-23', charterSigned: true },
      }),
    ).rejects.toMatchObject({ name: 'PreconditionFailedError' });
    expect((await s.raw.tandems.get(s.org.id, tandem.id)).status).toBe('proposed');
  });

  it('takes the beneficiary off the waiting list when a tandem closes with work found, never to be re-proposed that volunteer', async () => {
    const { tandem } = await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    await s.commands.run(recordFirstMeeting, s.mediator, {
      tandemId: tandem.id,
      meeting: { outcome: 'accepted', date: '2026-11-23', charterSigned: true },
    });
    const closed = await s.commands.run(closeTandem, s.mediator, { tandemId: tandem.id, outcome: 'found_work' });
    expect(closed.closed?.outcome).toBe('found_work');
    expect(await s.raw.beneficiaries.get(s.org.id, s.b1.id)).toMatchObject({
      status: 'left',
      excludedVolunteerIds: [s.volunteer.id],
    });
    expect(await s.raw.reservations.openTandems(s.org.id)).toEqual(new Map());
  });

  it('keeps a beneficiary waiting after a tandem closed without contact, the pair excluded', async () => {
    const { tandem } = await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    await s.commands.run(recordFirstMeeting, s.mediator, {
      tandemId: tandem.id,
      meeting: { outcome: 'accepted', date: '2026-11-23', charterSigned: true },
    });
    await s.commands.run(closeTandem, s.mediator, { tandemId: tandem.id, outcome: 'no_contact' });
    expect(await s.raw.beneficiaries.get(s.org.id, s.b1.id)).toMatchObject({
      status: 'active',
      excludedVolunteerIds: [s.volunteer.id],
    });
  });

  it('lapses active tandems past the window, audited, with a recompute around both people', async () => {
    const { tandem } = await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    await s.commands.run(recordFirstMeeting, s.mediator, {
      tandemId: tandem.id,
      meeting: { outcome: 'accepted', date: '2026-11-23', charterSigned: true },
    });
    s.clock.set('2026-12-20T10:00:00.000Z');
    const system: Actor = { orgId: s.org.id, userId: 'system:lapse-check', role: 'system' };
    expect(await s.commands.act(system, (ctx) => lapseOverdue(ctx, s.prg.id))).toEqual([]);
    s.clock.set('2026-12-24T10:00:00.000Z');
    s.jobs.length = 0;
    const [lapsed] = await s.commands.act(system, (ctx) => lapseOverdue(ctx, s.prg.id));
    expect(lapsed).toMatchObject({ id: tandem.id, status: 'lapsed' });
    expect((await s.raw.audit.list(s.org.id, { targetId: tandem.id })).map((e) => e.action)).toContain('tandem.lapse');
    expect(s.jobs).toHaveLength(2);
  });

  it('lets only mediators and coordinators act on tandems', async () => {
    const admin: Actor = { orgId: s.org.id, userId: 'usr_admin', role: 'admin' };
    await expect(s.commands.run(confirmTandem, admin, pair(s.b1))).rejects.toThrow(/forbidden/);
  });

  it('counts the volunteers within reach who are full when it says why nobody is proposed', async () => {
    await s.commands.run(confirmTandem, s.mediator, pair(s.b1));
    const why = await new MatchingService({ store: s.raw, clock: s.clock }).whyUnmatched(s.org.id, s.prg.id, s.b2.id);
    expect(why).toMatchObject({ nearby: 1, excludedBy: { capacity: 1 } });
    expect(why!.explanations.en).toBe('1 volunteer within 10 km: none with room for one more');
  });
});
