/**
 * The services' commands on the embedded store, no mocks: each command's rules and writes, the
 * events the dispatcher turns into audit entries and jobs, and how many store round trips a
 * confirm takes.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/services/context.js';
import { changeOwnPassword } from '../../../src/services/commands/accounts.js';
import { importPeople } from '../../../src/services/commands/import.js';
import { signUp } from '../../../src/services/commands/signup.js';
import {
  checkInTandem,
  closeTandem,
  confirmTandem,
  recordFirstMeeting,
} from '../../../src/services/commands/tandems.js';
import { MatchingService } from '../../../src/services/matching.js';
import { lapseOverdue } from '../../../src/services/lapse.js';
import { hashPassword, verifyPassword } from '../../../src/services/password.js';
import { embeddedAdapter } from '../store/adapters.js';
import * as f from '../store/fixtures.js';
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
    await s.raw.proposals.publish(
      [f.proposalSet(s.org.id, { beneficiaryId: s.b2.id, programmeId: s.prg.id, version: 2, proposals: [] })],
      new Date(NOW),
      [(await s.raw.proposals.currentSets(s.org.id, s.prg.id, [s.b2.id])).get(s.b2.id)],
    );
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

describe('account commands on the embedded store', () => {
  it('changes a password only after the current one, to a different one, audited', async () => {
    const s = await setting();
    const staffer = await s.raw.staff.insert(
      f.staff(s.org.id, { passwordHash: await hashPassword('the first long password') }),
    );
    const me: Actor = { orgId: s.org.id, userId: staffer.id, role: 'mediator' };
    const change = (currentPassword: string, newPassword: string) =>
      s.commands.run(changeOwnPassword, me, { currentPassword, newPassword });
    await expect(change('not it', 'a second long password')).rejects.toThrow(/currentPassword/);
    await expect(change('the first long password', 'short')).rejects.toThrow(/newPassword/);
    await expect(change('the first long password', 'the first long password')).rejects.toThrow(/newPassword/);
    const changed = await change('the first long password', 'a second long password');
    expect(await verifyPassword(changed.passwordHash, 'a second long password')).toBe(true);
    expect(changed.passwordChangedAt).toBe(NOW);
    expect((await s.raw.audit.list(s.org.id, { targetId: staffer.id })).map((e) => e.action)).toEqual([
      'staff.password_change',
    ]);
  });
});

describe('people commands on the embedded store', () => {
  const header = 'id;prénom;commune;langues;besoins;disponibilités;date du consentement';
  const row = (id: string, town: string) => `${id};Amina;${town};fr;dutch;lun 14-16;15/01/2026`;

  it('imports beneficiaries only from a file without problems, or its good rows when asked; a re-import writes nothing', async () => {
    const s = await setting();
    const run = (csv: string, mode: 'dry-run' | 'all' | 'good-rows') =>
      s.commands.run(importPeople, s.mediator, { programmeId: s.prg.id, kind: 'beneficiaries', csv, mode });
    const bad = [header, row('B-1', 'Luik'), row('B-2', 'Nowhereville')].join('\n');
    const dry = await run(bad, 'dry-run');
    expect(dry).toMatchObject({ added: 1, written: false });
    expect(dry.problems).toEqual([{ line: 3, column: 'commune', problem: 'placeUnknown', detail: '' }]);
    expect(await run(bad, 'all')).toMatchObject({ written: false });
    expect(await s.raw.beneficiaries.count(s.org.id, {})).toBe(2);
    s.jobs.length = 0;
    expect(await run(bad, 'good-rows')).toMatchObject({ added: 1, written: true });
    const [imported] = await s.raw.beneficiaries.list(s.org.id, { externalId: 'B-1' });
    expect(imported).toMatchObject({ status: 'active', programmeIds: [s.prg.id], place: { municipality: 'Liège' } });
    expect(s.jobs.map((j) => j.job.name)).toEqual(['recompute']);
    expect((await s.raw.audit.list(s.org.id, { targetId: s.prg.id })).map((e) => e.action)).toEqual([
      'beneficiary.import',
    ]);
    const good = [header, row('B-1', 'Luik'), row('B-2', 'Mechelen')].join('\n');
    expect(await run(good, 'all')).toMatchObject({ added: 1, unchanged: 1, written: true });
    expect(await run(good, 'all')).toMatchObject({ added: 0, updated: 0, unchanged: 2, written: false });
    expect(await s.raw.beneficiaries.count(s.org.id, {})).toBe(4);
  });

  it('adds each person once when the same file is imported twice at once', async () => {
    const s = await setting();
    const csv = [header, row('B-7', 'Gent'), row('B-8', 'Anvers')].join('\n');
    const reports = await Promise.all(
      [1, 2].map(() =>
        s.commands.run(importPeople, s.mediator, { programmeId: s.prg.id, kind: 'beneficiaries', csv, mode: 'all' }),
      ),
    );
    expect(reports.reduce((n, r) => n + r.added, 0)).toBe(2);
    expect(await s.raw.beneficiaries.count(s.org.id, {})).toBe(4);
  });

  it('keeps one volunteer for an address signed up twice, telling the address by e-mail each time', async () => {
    const s = await setting();
    const system: Actor = { orgId: s.org.id, userId: 'system:signup', role: 'system' };
    const form = {
      programmes: [s.prg.slug],
      locale: 'nl' as const,
      consent: { accepted: true as const, textVersion: '2026-01' },
      kind: 'household' as const,
      groupName: 'Familie Peeters',
      members: [{ firstName: 'Jef', age: 41, languages: ['nl'] }],
      contact: { firstName: 'Jef', email: 'jef@people.test' },
      languages: ['nl'],
      skills: ['dutch'],
      availability: [{ day: 'mon' as const, start: '18:00', end: '20:00' }],
      place: { municipality: 'Mechelen', postcode: '2800', location: { lat: 51.028, lon: 4.48 } },
      maxDistanceKm: 5,
    };
    await s.commands.run(signUp, system, form);
    await s.commands.run(signUp, system, { ...form, locale: 'fr' });
    expect(await s.raw.volunteers.count(s.org.id, { status: 'pending_email' })).toBe(1);
    const mails = await s.raw.outbox.listPending(10);
    // Both written in the same instant of the test's clock: in either order.
    expect(mails.map((m) => [m.template, m.locale, m.to]).sort()).toEqual([
      ['volunteer_confirm', 'fr', 'jef@people.test'],
      ['volunteer_confirm', 'nl', 'jef@people.test'],
    ]);
    expect(mails.find((m) => m.locale === 'nl')!.text).toContain('gezin ‘Familie Peeters’');
    expect(s.jobs.filter((j) => j.job.name === 'email')).toHaveLength(2);
    await expect(s.commands.run(signUp, s.mediator, form)).rejects.toThrow(/forbidden/);
  });
});
