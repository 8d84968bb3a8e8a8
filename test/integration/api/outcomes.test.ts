/**
 * Waits by group in the statistics, and the weights suggested by outcomes, through HTTP on both
 * stores: who may see them, that a group waiting long is flagged, and that suggested weights are
 * only ever adopted by a coordinator, audited, and refused once stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Beneficiary, Proposal, Tandem } from '../../../src/domain/index.js';
import { ADAPTERS, startApi, type Api, type OrgFixture, type Session } from './harness.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe.each(ADAPTERS)('outcomes and fairness on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  let coordinator: Session;
  let mediator: Session;
  let admin: Session;
  let few: OrgFixture;

  beforeAll(async () => {
    api = await startApi(adapter, 'outcomes');
    [org, few] = await Promise.all([api.organisation('outcomes-org'), api.organisation('outcomes-few')]);
    [coordinator, mediator, admin] = await Promise.all([
      api.login(org.emails.coordinator),
      api.login(org.emails.mediator),
      api.login(org.emails.admin),
    ]);
    const { store } = api;
    const base = await store.beneficiaries.get(org.orgId, org.beneficiaryId);
    // 48 people who waited, 12 of them Tigrinya speakers who waited far longer; each had a
    // tandem whose result follows its skills criterion (covering the needs is what works here).
    for (let i = 0; i < 48; i++) {
      const tigrinya = i % 4 === 0;
      const waited = tigrinya ? 150 : 20 + (i % 7);
      const b: Beneficiary = {
        ...base,
        id: `ben_out_${i}`,
        languages: tigrinya ? ['ti', 'fr'] : ['ar', 'fr'],
        waitingSince: daysAgo(300).slice(0, 10),
        status: 'left',
      };
      await store.beneficiaries.insert(b);
      const skills = (i % 10) / 9;
      const proposedAt = daysAgo(300 - waited);
      const proposal: Proposal = {
        id: `pro_out_${i}`,
        orgId: org.orgId,
        version: 1,
        createdAt: proposedAt,
        updatedAt: proposedAt,
        programmeId: org.programmeId,
        beneficiaryId: b.id,
        volunteerId: org.volunteerId,
        rank: 1,
        score: 0.5,
        distanceKm: 1,
        overlapMinutes: 120,
        commonLanguages: ['fr'],
        matchedNeeds: [],
        breakdown: {
          proximity: ((i * 7) % 10) / 9,
          skills,
          availability: ((i * 3) % 10) / 9,
          language: 1,
          waiting: 0.2,
        },
        volunteerVersion: 1,
        beneficiaryVersion: 1,
        computedAt: proposedAt,
        explanation: { fr: 'x', nl: 'x', en: 'x' },
        supersededAt: null,
      };
      // Proposed then, replaced since (by an empty set: the beneficiary has left).
      const set = { orgId: org.orgId, programmeId: org.programmeId, beneficiaryId: b.id, computedAt: proposedAt };
      const first = { ...set, version: 1, proposals: [proposal] };
      await store.proposals.publish([first], new Date(proposedAt), [undefined]);
      await store.proposals.publish([{ ...set, version: 2, proposals: [] }], new Date(proposedAt), [first]);
      const good = skills > 0.45 ? i % 6 !== 1 : i % 6 === 0;
      const start = daysAgo(290 - waited).slice(0, 10);
      const tandem: Tandem = {
        id: `tdm_out_${i}`,
        orgId: org.orgId,
        version: 1,
        createdAt: proposedAt,
        updatedAt: proposedAt,
        programmeId: org.programmeId,
        volunteerId: org.volunteerId,
        beneficiaryId: b.id,
        proposalId: proposal.id,
        criteria: proposal.breakdown,
        status: 'closed',
        proposedAt,
        proposedBy: org.staffIds.mediator,
        firstMeeting: { date: start, charterSigned: true },
        checkIns: [],
        closed: good
          ? { at: daysAgo(10), outcome: 'endured' }
          : { at: new Date(Date.parse(`${start}T12:00:00Z`) + 40 * DAY).toISOString(), outcome: 'no_contact' },
      };
      await store.tandems.insert(tandem);
    }
  });
  afterAll(() => api?.close());

  it('gives the median wait by group and flags the group waiting over 1.5x the median', async () => {
    const stats = await api.call('GET', `/stats?programme=${org.programmeId}`, { as: mediator });
    expect(stats.status).toBe(200);
    const w = stats.body.waitsByGroup;
    expect(w).toMatchObject({ windowMonths: 12, flagRatio: 1.5, minGroupSize: 3 });
    expect(w.people).toBe(49); // the 48 and the fixture's beneficiary, still waiting
    const ti = w.groups.find(
      (g: { dimension: string; group: string }) => g.dimension === 'firstLanguage' && g.group === 'ti',
    );
    expect(ti).toMatchObject({ people: 12, medianWaitDays: 150, flagged: true });
    expect(w.groups.filter((g: { flagged: boolean }) => g.flagged).map((g: { group: string }) => g.group)).toEqual([
      'ti',
    ]);
    for (const d of ['firstLanguage', 'gender', 'municipality', 'ageBand', 'householdSize'])
      expect(w.groups.some((g: { dimension: string }) => g.dimension === d)).toBe(true);
  });

  it('suggests weights from outcomes to coordinators and admins, with intervals and the number of tandems', async () => {
    const res = await api.call('GET', `/programmes/${org.programmeId}/suggested-weights`, { as: coordinator });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'lasted_6_months_or_positive', minimum: 30 });
    const s = res.body.suggestion;
    expect(s).toMatchObject({ status: 'ready', tandems: 48 });
    // Covering the needs is what made tandems work: it gets the largest weight, its interval above 0.
    for (const c of ['proximity', 'availability', 'language']) expect(s.weights.skills).toBeGreaterThan(s.weights[c]);
    expect(s.intervals.skills.low).toBeGreaterThan(0);
    expect(s.weights.waiting).toBe(res.body.current.waiting);
    expect((await api.call('GET', `/programmes/${org.programmeId}/suggested-weights`, { as: admin })).status).toBe(200);
    expect((await api.call('GET', `/programmes/${org.programmeId}/suggested-weights`, { as: mediator })).status).toBe(
      403,
    );
  });

  it('says when there are too few tandems to suggest anything', async () => {
    const c = await api.login(few.emails.coordinator);
    const res = await api.call('GET', `/programmes/${few.programmeId}/suggested-weights`, { as: c });
    expect(res.body.suggestion).toEqual({ status: 'too_few', tandems: 0, minimum: 30, good: 0, bad: 0 });
    const adopt = await api.call('POST', `/programmes/${few.programmeId}/suggested-weights/adopt`, {
      as: c,
      body: { weights: res.body.current },
    });
    expect(adopt.status).toBe(409);
  });

  it('applies suggested weights only when a coordinator adopts those shown, audited', async () => {
    const before = await api.call('GET', `/programmes/${org.programmeId}`, { as: coordinator });
    const shown = (await api.call('GET', `/programmes/${org.programmeId}/suggested-weights`, { as: coordinator })).body;
    expect(before.body.rules.weights ?? {}).not.toEqual(shown.suggestion.weights); // nothing applied by itself
    const path = `/programmes/${org.programmeId}/suggested-weights/adopt`;
    const mediatorTry = await api.call('POST', path, { as: mediator, body: { weights: shown.suggestion.weights } });
    expect(mediatorTry.status).toBe(403);
    const stale = await api.call('POST', path, {
      as: coordinator,
      body: { weights: { ...shown.suggestion.weights, skills: shown.suggestion.weights.skills + 1 } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'conflict', rule: 'suggested_weights_changed' });
    const oldVersion = await api.call('POST', path, {
      as: coordinator,
      headers: { 'if-match': `"${before.body.version + 5}"` },
      body: { weights: shown.suggestion.weights },
    });
    expect(oldVersion.status).toBe(412);
    const adopted = await api.call('POST', path, {
      as: coordinator,
      headers: { 'if-match': `"${before.body.version}"` },
      body: { weights: shown.suggestion.weights },
    });
    expect(adopted.status).toBe(200);
    expect(adopted.body.rules.weights).toEqual(shown.suggestion.weights);
    expect(adopted.body.version).toBe(before.body.version + 1);
    const audit = await api.call('GET', `/audit?target=${org.programmeId}`, { as: coordinator });
    expect(audit.body.items[0]).toMatchObject({
      action: 'programme.adopt_weights',
      actor: org.staffIds.coordinator,
      fields: ['rules.weights'],
      reason: 'suggested_weights',
    });
  });

  it('refuses malformed weights, naming the field', async () => {
    const res = await api.call('POST', `/programmes/${org.programmeId}/suggested-weights/adopt`, {
      as: coordinator,
      body: { weights: { proximity: -1 } },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/weights/);
  });
});
