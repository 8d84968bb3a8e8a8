/**
 * Idempotency-Key on the writes a client may retry, through HTTP on both stores: the same key
 * again, one after the other or all at once, stores once and answers the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/index.js';
import { listAll } from '../../../src/store/paging.js';
import { beneficiary } from '../store/fixtures.js';
import { ADAPTERS, intakeBody, signUpBody, startApi, type Api, type OrgFixture, type Session } from './harness.js';

describe.each(ADAPTERS)('Idempotency-Key on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  let mediator: Session;
  let seq = 0;

  beforeAll(async () => {
    api = await startApi(adapter, 'idempotency');
    org = await api.organisation('idem-org');
    const v = await api.store.volunteers.get(org.orgId, org.volunteerId);
    await api.store.volunteers.update(org.orgId, v.id, v.version, { capacity: 10 }, new Date());
    mediator = await api.login(org.emails.mediator);
  });
  afterAll(() => api?.close());

  /** An active tandem of a new beneficiary with the fixture's volunteer. */
  async function activeTandem() {
    const b = await api.store.beneficiaries.insert(beneficiary(org.orgId, { programmeIds: [org.programmeId] }));
    const made = await api.call('POST', '/tandems', {
      as: mediator,
      headers: { 'idempotency-key': `idem-tandem-${++seq}-${b.id}` },
      body: { programmeId: org.programmeId, volunteerId: org.volunteerId, beneficiaryId: b.id, reason: 'by hand' },
    });
    expect(made.status).toBe(201);
    const started = await api.call('POST', `/tandems/${made.body.id}/first-meeting`, {
      as: mediator,
      body: { outcome: 'accepted', date: dayOf(new Date()), charterSigned: true },
    });
    expect(started.status).toBe(200);
    return started.body as { id: string; version: number };
  }

  const audited = async (tandemId: string, action: string) =>
    (await api.store.audit.list(org.orgId, { targetId: tandemId })).filter((e) => e.action === action).length;

  it('takes a person in once when the intake is sent again with the same key, and answers the same', async () => {
    const intake = (firstName: string, key?: string) =>
      api.call('POST', '/beneficiaries', {
        as: mediator,
        ...(key && { headers: { 'idempotency-key': key } }),
        body: intakeBody(org, { contact: { firstName }, needs: ['homework_help'], languages: ['ar', 'fr'] }),
      });
    const replies = await Promise.all(Array.from({ length: 10 }, () => intake('Idem Intake', 'idem-intake-1')));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const again = await intake('Idem Intake', 'idem-intake-1');
    expect(again.body).toEqual(replies[0]!.body);
    const all = await listAll(api.store.beneficiaries, org.orgId, {});
    expect(all.filter((b) => b.contact.firstName === 'Idem Intake')).toHaveLength(1);
    expect(await audited(again.body.id, 'beneficiary.create')).toBe(1);
    // Without a key, each intake is another person.
    await intake('Idem Twice');
    await intake('Idem Twice');
    expect(
      (await listAll(api.store.beneficiaries, org.orgId, {})).filter((b) => b.contact.firstName === 'Idem Twice'),
    ).toHaveLength(2);
    const bad = await intake('Idem Bad', 'short');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/idempotency-key/);
  });

  it('signs a volunteer up once, with one confirmation e-mail, when the sign-up is sent again with the same key', async () => {
    const signUp = () =>
      api.call('POST', '/volunteers', {
        headers: { 'idempotency-key': 'idem-signup-1' },
        body: signUpBody(org, { firstName: 'Idem', lastName: 'Volunteer', email: 'idem.volunteer@people.test' }),
      });
    const replies = [...(await Promise.all(Array.from({ length: 6 }, signUp))), await signUp()];
    expect(replies.map((r) => r.status)).toEqual(Array(7).fill(202));
    const signed = (await listAll(api.store.volunteers, org.orgId, {})).filter(
      (v) => v.contact.email === 'idem.volunteer@people.test',
    );
    expect(signed).toHaveLength(1);
    const mails = (await api.store.outbox.listPending(1000)).filter((m) => m.personId === signed[0]!.id);
    expect(mails).toHaveLength(1);
  });

  it('records a check-in once when it is sent again with the same key, and answers the same', async () => {
    const t = await activeTandem();
    const checkIn = (key: string, version = t.version) =>
      api.call('POST', `/tandems/${t.id}/check-ins`, {
        as: mediator,
        headers: { 'idempotency-key': key, 'if-match': `"${version}"` },
        body: { date: dayOf(new Date()), who: 'volunteer', mood: 4, note: key },
      });
    const first = await checkIn('idem-check-in-1');
    expect(first.status).toBe(201);
    // The retry carries the If-Match the first one had: the key, not the version, decides.
    const again = await checkIn('idem-check-in-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.body.checkIns).toHaveLength(1);

    // Ten at once with one key: one check-in, every answer naming it.
    const replies = await Promise.all(Array.from({ length: 10 }, () => checkIn('idem-check-in-2', first.body.version)));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    const stored = await api.store.tandems.get(org.orgId, t.id);
    expect(stored.checkIns.map((c) => c.note)).toEqual(['idem-check-in-1', 'idem-check-in-2']);
    for (const r of replies) expect(r.body.checkIns).toHaveLength(2);
    expect(await audited(t.id, 'tandem.check_in')).toBe(2);

    // Another key is another check-in; without a key, a stale If-Match is still refused.
    expect((await checkIn('idem-check-in-3', stored.version)).status).toBe(201);
    const stale = await api.call('POST', `/tandems/${t.id}/check-ins`, {
      as: mediator,
      headers: { 'if-match': `"${stored.version}"` },
      body: { date: dayOf(new Date()), who: 'volunteer', mood: 4 },
    });
    expect(stale.status).toBe(412);
  });

  it('closes once when the closing is sent again with the same key, and answers the same', async () => {
    const t = await activeTandem();
    const close = (key: string) =>
      api.call('POST', `/tandems/${t.id}/close`, {
        as: mediator,
        headers: { 'idempotency-key': key, 'if-match': `"${t.version}"` },
        body: { outcome: 'endured', note: 'Went well.' },
      });
    const replies = await Promise.all(Array.from({ length: 8 }, () => close('idem-close-1')));
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const again = await close('idem-close-1');
    expect(again.body).toEqual(replies[0]!.body);
    expect(await audited(t.id, 'tandem.close')).toBe(1);
    // Another key is another closing: refused, the tandem having moved on (or, read afresh, being closed).
    expect((await close('idem-close-2')).status).toBe(412);
    const afresh = await api.call('POST', `/tandems/${t.id}/close`, {
      as: mediator,
      headers: { 'idempotency-key': 'idem-close-2' },
      body: { outcome: 'endured' },
    });
    expect(afresh.body.rule).toBe('tandem_transition');
  });
});
