import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { plan as planCore } from '../../../scoring/index.js';
import { capacityUnits, unitsOf, type Beneficiary, type Volunteer } from '../../../src/domain/index.js';
import { MatchingService } from '../../../src/services/matching.js';
import { fixedClock } from '../../../src/store/clock.js';
import type { Store } from '../../../src/store/ports.js';
import type { Adapter } from '../store/adapters.js';
import { beneficiary, organisation, programme, tandem, volunteer } from '../store/fixtures.js';

/** Liège, Place Saint-Lambert, and points a given number of km north of it. */
const LIEGE = { lat: 50.645, lon: 5.573 };
const north = (km: number) => ({ lat: Math.round((LIEGE.lat + km / 111.2) * 1000) / 1000, lon: LIEGE.lon });

/** The matching service against one store adapter: what it writes and what it leaves alone. */
export function matchingSuite(adapter: Adapter): void {
  describe(`MatchingService on the ${adapter.name} store`, () => {
    let store: Store;
    let matching: MatchingService;
    const clock = fixedClock('2026-11-22T09:00:00.000Z');
    const orgId = 'org_matching';
    const prg = programme(orgId, {
      id: 'prg_m',
      rules: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 3 },
    });

    const addVolunteer = (id: string, over: Partial<Volunteer> = {}) =>
      store.volunteers.insert(
        volunteer(orgId, { id, programmeIds: [prg.id], place: { location: north(1) }, maxDistanceKm: 20, ...over }),
      );
    const addBeneficiary = (id: string, over: Partial<Beneficiary> = {}) =>
      store.beneficiaries.insert(
        beneficiary(orgId, { id, programmeIds: [prg.id], place: { location: LIEGE }, ...over }),
      );
    const proposed = async (beneficiaryId: string) =>
      (await store.proposals.listForBeneficiary(orgId, beneficiaryId)).map((p) => p.volunteerId);

    beforeEach(async () => {
      store = await adapter.open();
      matching = new MatchingService({ store, clock });
      await store.organisations.insert(organisation({ id: orgId, orgId }));
      await store.programmes.insert(prg);
    });
    afterAll(() => adapter.cleanup());

    it('proposes active volunteers only, ranked, with explanations in French, Dutch and English', async () => {
      await addVolunteer('vol_near', { place: { location: north(1) } });
      await addVolunteer('vol_far', { place: { location: north(6) } });
      await addVolunteer('vol_paused', { status: 'paused' });
      await addVolunteer('vol_unscreened', { status: 'pending_screening' });
      await addBeneficiary('ben_a');

      const result = await matching.recomputeProgramme(orgId, prg.id);

      expect(result).toMatchObject({ volunteers: 2, beneficiaries: 1, proposals: 2, pairs: 1 });
      const list = await store.proposals.listForBeneficiary(orgId, 'ben_a');
      expect(list.map((p) => [p.volunteerId, p.rank])).toEqual([
        ['vol_near', 1],
        ['vol_far', 2],
      ]);
      expect(list[0]!.explanation.en).toMatch(/km apart · both speak/);
      expect(list[0]!.explanation.fr).toMatch(/parlent tous deux/);
      expect(list[0]!.explanation.nl).toMatch(/spreken allebei/);
      expect(list[0]!.volunteerVersion).toBe(1);
    });

    it('replaces the proposals of a recompute instead of adding to them', async () => {
      await addVolunteer('vol_1');
      await addBeneficiary('ben_a');
      await matching.recomputeProgramme(orgId, prg.id);
      const first = await store.proposals.listForBeneficiary(orgId, 'ben_a');
      await matching.recomputeProgramme(orgId, prg.id);
      const second = await store.proposals.listForBeneficiary(orgId, 'ben_a');
      expect(second).toHaveLength(1);
      expect(second[0]!.id).not.toBe(first[0]!.id);
    });

    it('leaves out volunteers whose slots are all taken and beneficiaries already in a tandem', async () => {
      await addVolunteer('vol_full', { capacity: 1 });
      await addVolunteer('vol_free', { capacity: 1, place: { location: north(3) } });
      await addBeneficiary('ben_a');
      await addBeneficiary('ben_paired');
      expect(await store.reservations.takeVolunteerUnits(orgId, 'vol_full', 2, 2, 'tan_x', clock.now())).toEqual([
        0, 1,
      ]);
      expect(await store.reservations.claimBeneficiary(orgId, 'ben_paired', 'tan_y', clock.now())).toBe(true);

      await matching.recomputeProgramme(orgId, prg.id);

      expect(await proposed('ben_a')).toEqual(['vol_free']);
      expect(await proposed('ben_paired')).toEqual([]);
    });

    it('recomputes around a changed volunteer without touching beneficiaries out of reach', async () => {
      await addVolunteer('vol_1', { maxDistanceKm: 5 });
      await addBeneficiary('ben_near');
      await addBeneficiary('ben_elsewhere', { place: { location: north(40) } });
      await addVolunteer('vol_elsewhere', { place: { location: north(41) } });
      await matching.recomputeProgramme(orgId, prg.id);
      const untouched = await store.proposals.listForBeneficiary(orgId, 'ben_elsewhere');

      const fresh = await addVolunteer('vol_new', { place: { location: north(0.5) } });
      const around = await matching.recomputeAround(orgId, prg.id, { volunteerId: fresh.id });
      expect(around.beneficiaries).toBe(1);
      expect(await proposed('ben_near')).toEqual(['vol_new', 'vol_1']);

      await store.volunteers.update(orgId, 'vol_new', fresh.version, { status: 'paused' }, clock.now());
      await matching.recomputeAround(orgId, prg.id, { volunteerId: 'vol_new' });
      expect(await proposed('ben_near')).toEqual(['vol_1']);
      expect((await store.proposals.listForBeneficiary(orgId, 'ben_elsewhere')).map((p) => p.id)).toEqual(
        untouched.map((p) => p.id),
      );
    });

    describe('the reconciliation sweep finds stale', () => {
      /** Four volunteers 0.5 to 4 km from ben_a (top 3: the three nearest), one pair 40 km away; computed at 10:00. */
      const computed = async () => {
        for (const [id, km] of [
          ['vol_1', 0.5],
          ['vol_2', 1],
          ['vol_3', 1.5],
          ['vol_4', 4],
          ['vol_far', 41],
        ] as const)
          await addVolunteer(id, { place: { location: north(km) } });
        await addBeneficiary('ben_a');
        await addBeneficiary('ben_far', { place: { location: north(40) } });
        clock.set('2026-11-22T10:00:00.000Z');
        await matching.recomputeProgramme(orgId, prg.id);
        clock.set('2026-11-22T11:00:00.000Z');
      };
      const edit = async (id: string, patch: Partial<Volunteer>) => {
        const v = (await store.volunteers.find(orgId, id))!;
        await store.volunteers.update(orgId, id, v.version, patch, clock.now());
      };
      const stale = () => matching.staleBeneficiaries(orgId, prg.id, new Date('2026-11-22T12:00:00.000Z'));

      it('nobody after an edit that moves nobody was recomputed around', async () => {
        await computed();
        await edit('vol_4', { contact: { firstName: 'Renée' } });
        await matching.recomputeAround(orgId, prg.id, { volunteerId: 'vol_4' });
        expect(await stale()).toEqual([]);
      });

      it('those a volunteer would now enter when their recompute was lost, and only them', async () => {
        await computed();
        await edit('vol_4', { place: { location: north(0.1) } });
        expect(await stale()).toEqual(['ben_a']);
      });

      it('the sets proposing a volunteer paused or edited since, when the recompute was lost', async () => {
        await computed();
        await edit('vol_1', { status: 'paused' });
        expect(await stale()).toEqual(['ben_a']);
        await matching.recomputeAround(orgId, prg.id, { volunteerId: 'vol_1' });
        expect(await stale()).toEqual([]);
        await edit('vol_2', { contact: { firstName: 'Joris' } });
        expect(await stale()).toEqual(['ben_a']);
      });

      it('the sets proposing a volunteer whose places filled up, not while one is left', async () => {
        await computed();
        // vol_1 (two places) takes ben_far, in a tandem of one place; then a second tandem fills them up.
        const take = async (beneficiaryId: string) => {
          const t = tandem(orgId, {
            programmeId: prg.id,
            volunteerId: 'vol_1',
            beneficiaryId,
            status: 'active',
            updatedAt: clock.now().toISOString(),
          });
          await store.tandems.insert(t);
          const units = unitsOf(prg);
          await store.reservations.takeVolunteerUnits(
            orgId,
            'vol_1',
            capacityUnits({ capacity: 2 }),
            units,
            t.id,
            clock.now(),
          );
          await store.reservations.claimBeneficiary(orgId, beneficiaryId, t.id, clock.now());
        };
        await take('ben_far');
        expect(await stale()).toEqual(['ben_far']);
        await take('ben_elsewhere');
        expect((await stale()).sort()).toEqual(['ben_a', 'ben_far']);
      });

      it('nothing changed after the time it is asked about', async () => {
        await computed();
        await edit('vol_4', { place: { location: north(0.1) } });
        expect(await matching.staleBeneficiaries(orgId, prg.id, new Date('2026-11-22T10:30:00.000Z'))).toEqual([]);
      });
    });

    it('plans the optimal pairs over current proposals, within the slots left', async () => {
      // One volunteer is everyone's first choice; the optimum gives them to one beneficiary only.
      await addVolunteer('vol_star', { capacity: 1, place: { location: north(0.2) } });
      await addVolunteer('vol_b', { capacity: 1, place: { location: north(4) } });
      await addBeneficiary('ben_1');
      await addBeneficiary('ben_2', { place: { location: north(0.4) } });
      await matching.recomputeProgramme(orgId, prg.id);

      const plan = await matching.plan(orgId, prg.id);

      expect(plan.pairs).toHaveLength(2);
      expect(new Set(plan.pairs.map((p) => p.volunteerId))).toEqual(new Set(['vol_star', 'vol_b']));
      const proposals = await Promise.all(['ben_1', 'ben_2'].map((b) => store.proposals.listForBeneficiary(orgId, b)));
      // The plan's total is the best of the two possible assignments.
      const score = (b: string, v: string) =>
        proposals.flat().find((p) => p.beneficiaryId === b && p.volunteerId === v)!.score;
      const optimum = Math.max(
        score('ben_1', 'vol_star') + score('ben_2', 'vol_b'),
        score('ben_1', 'vol_b') + score('ben_2', 'vol_star'),
      );
      expect(plan.totalScore).toBeCloseTo(optimum, 9);
      expect(plan.unpaired).toBe(0);
    });

    it('explains why a beneficiary has no feasible volunteer', async () => {
      await addVolunteer('vol_1', { availability: [{ day: 'tue', start: '09:00', end: '11:00' }] });
      await addVolunteer('vol_2', {
        availability: [{ day: 'wed', start: '09:00', end: '11:00' }],
        place: { location: north(2) },
      });
      await addBeneficiary('ben_a', { availability: [{ day: 'sat', start: '10:00', end: '12:00' }] });

      const why = await matching.whyUnmatched(orgId, prg.id, 'ben_a');

      expect(why).toMatchObject({ nearby: 2, excludedBy: { availability: 2 } });
      expect(why!.explanations.en).toBe('2 volunteers within 10 km: none free at the same time');
      expect(why!.explanations.fr).toMatch(/^2 bénévoles à moins de 10 km/);
      expect(await matching.whyUnmatched(orgId, prg.id, 'ben_missing')).toBeNull();
    });

    it('gives the same proposals as the scoring core on the same people', async () => {
      for (let i = 0; i < 12; i++)
        await addVolunteer(`vol_${i}`, { place: { location: north(i * 0.7) }, capacity: 1 + (i % 3) });
      for (let i = 0; i < 9; i++) await addBeneficiary(`ben_${i}`, { place: { location: north(i * 0.9) } });
      const result = await matching.recomputeProgramme(orgId, prg.id);
      const stored = (
        await Promise.all(Array.from({ length: 9 }, (_, i) => store.proposals.listForBeneficiary(orgId, `ben_${i}`)))
      ).flat();
      const volunteers = await store.volunteers.list(orgId);
      const beneficiaries = await store.beneficiaries.list(orgId);
      const core = planCore(
        {
          programme: prg.rules,
          referenceDate: '2026-11-22',
          volunteers: volunteers.map((v) => ({
            id: v.id,
            location: v.place.location,
            maxDistanceKm: v.maxDistanceKm,
            languages: v.languages,
            skills: v.skills,
            availability: v.availability,
            capacity: v.capacity,
          })),
          beneficiaries: beneficiaries.map((b) => ({
            id: b.id,
            location: b.place.location,
            languages: b.languages,
            needs: b.needs,
            availability: b.availability,
            waitingSince: b.waitingSince,
            excludedVolunteerIds: [],
            age: b.age,
          })),
        },
        { today: '2026-11-22' },
      );
      const key = (p: { beneficiaryId: string; volunteerId: string; rank: number; score: number }) =>
        `${p.beneficiaryId}/${p.volunteerId}/${p.rank}/${p.score}`;
      expect(stored.map(key).sort()).toEqual(core.candidates.map(key).sort());
      expect(result.pairs).toBe(core.pairs.length);
      expect(result.feasiblePairs).toBe(core.feasiblePairs);
      expect(result.feasiblePairs).toBeGreaterThan(result.proposals);
    });
  });
}
