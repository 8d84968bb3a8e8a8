/**
 * Confirmation under contention, through real HTTP on both stores: 100 concurrent POST /tandems
 * for a volunteer with one slot left give exactly one 201, and the store agrees; concurrent
 * replays of one Idempotency-Key make one tandem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beneficiary } from '../store/fixtures.js';
import { ADAPTERS, startApi, type Api, type OrgFixture, type Session } from './harness.js';

const CONCURRENT = 100;

describe.each(ADAPTERS)('concurrent confirmations on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startApi(adapter, 'race');
    org = await api.organisation('race-org');
    coordinator = await api.login(org.emails.coordinator);
  });
  afterAll(() => api?.close());

  it(`gives the last slot to exactly one of ${CONCURRENT} concurrent requests`, async () => {
    // Capacity 2, one slot already held by a tandem: one left.
    const held = await api.call('POST', '/tandems', {
      as: coordinator,
      headers: { 'idempotency-key': 'race-held-slot' },
      body: {
        programmeId: org.programmeId,
        volunteerId: org.volunteerId,
        beneficiaryId: org.beneficiaryId,
        reason: 'race_test',
      },
    });
    expect(held.status).toBe(201);
    const others = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        api.store.beneficiaries.insert(beneficiary(org.orgId, { programmeIds: [org.programmeId] })),
      ),
    );
    const t0 = performance.now();
    const replies = await Promise.all(
      others.map((b, i) =>
        api.call('POST', '/tandems', {
          as: coordinator,
          headers: { 'idempotency-key': `race-${i}-${b.id}` },
          body: {
            programmeId: org.programmeId,
            volunteerId: org.volunteerId,
            beneficiaryId: b.id,
            reason: 'race_test',
          },
        }),
      ),
    );
    const elapsedMs = Math.round(performance.now() - t0);
    const statuses = replies.map((r) => r.status);
    const created = statuses.filter((s) => s === 201).length;
    const refused = replies.filter((r) => r.status === 409 && r.body.rule === 'volunteer_capacity').length;
    console.log(
      `race (${adapter}): ${CONCURRENT} concurrent POST /tandems for one free slot -> ${created} x 201, ${refused} x 409 volunteer_capacity, other: ${JSON.stringify(replies.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${r.body.detail}`))}, ${elapsedMs} ms`,
    );
    expect(created).toBe(1);
    expect(refused).toBe(CONCURRENT - 1);

    const units = await api.store.reservations.unitsInUse(org.orgId, [org.volunteerId]);
    const tandems = await api.store.tandems.list(org.orgId, { volunteerId: org.volunteerId });
    const open = await api.store.reservations.openTandems(org.orgId);
    expect(units.get(org.volunteerId)).toBe(4);
    expect(tandems.filter((t) => t.status === 'proposed')).toHaveLength(2);
    expect(tandems).toHaveLength(2);
    expect(open.size).toBe(2);
    const winner = replies.find((r) => r.status === 201)!.body;
    expect(open.get(winner.beneficiaryId)).toBe(winner.id);
  });

  it('makes one tandem of 20 concurrent replays of one Idempotency-Key', async () => {
    const b = await api.store.beneficiaries.insert(beneficiary(org.orgId, { programmeIds: [org.programmeId] }));
    const v = await api.store.volunteers.get(org.orgId, org.volunteerId);
    await api.store.volunteers.update(org.orgId, v.id, v.version, { capacity: 3 }, new Date());
    const request = () =>
      api.call('POST', '/tandems', {
        as: coordinator,
        headers: { 'idempotency-key': `replayed-${b.id}` },
        body: { programmeId: org.programmeId, volunteerId: org.volunteerId, beneficiaryId: b.id, reason: 'race_test' },
      });
    const replies = await Promise.all(Array.from({ length: 20 }, request));
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    // Those that arrived while the first was being written are told to retry, and then get it.
    for (const r of replies.filter((r) => r.status !== 201)) expect(r.body.rule).toBe('idempotency_key_in_flight');
    const again = await request();
    expect(again.status).toBe(201);
    expect(ids.has(again.body.id)).toBe(true);
    expect(await api.store.tandems.list(org.orgId, { beneficiaryId: b.id })).toHaveLength(1);
  });
});
