/**
 * The store contract: what every adapter must do, run against each one (store.*.test.ts).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors/conflict-error.js';
import { NotFoundError } from '../../../src/errors/not-found-error.js';
import { ValidationError } from '../../../src/errors/validation-error.js';
import { VersionConflictError } from '../../../src/errors/version-conflict-error.js';
import { PeopleService } from '../../../src/services/people.js';
import { TandemService } from '../../../src/services/tandems.js';
import { fixedClock } from '../../../src/store/clock.js';
import { silentLogger } from '../../../src/store/logger.js';
import type { Store } from '../../../src/store/ports.js';
import type { Adapter } from './adapters.js';
import * as f from './fixtures.js';

/** What a concurrent-confirm test measured, for the report. */
export const figures: Record<string, unknown> = {};

const CONCURRENT = 50;

function settle<T>(promises: Promise<T>[]) {
  return Promise.allSettled(promises).then((results) => ({
    won: results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<T>).value),
    lost: results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown),
  }));
}

export function contractSuite(adapter: Adapter): void {
  describe(`store contract (${adapter.name})`, () => {
    const open: Store[] = [];
    const fresh = async () => {
      const store = await adapter.open();
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close().catch(() => {})));
    });
    afterAll(() => adapter.cleanup());

    const at = new Date('2026-11-23T10:00:00.000Z');

    it('reports what the server supports', async () => {
      const store = await fresh();
      expect(store.capabilities).toEqual(adapter.capabilities);
    });

    describe('records', () => {
      it('inserts, gets, lists, counts, updates and deletes', async () => {
        const store = await fresh();
        const org = f.organisation();
        const a = f.volunteer(org.id, { status: 'active' });
        const b = f.volunteer(org.id, { status: 'paused' });
        expect(await store.volunteers.insert(a)).toEqual(a);
        await store.volunteers.insert(b);
        expect(await store.volunteers.get(org.id, a.id)).toEqual(a);
        expect((await store.volunteers.list(org.id)).map((v) => v.id).sort()).toEqual([a.id, b.id].sort());
        expect((await store.volunteers.list(org.id, { status: 'paused' })).map((v) => v.id)).toEqual([b.id]);
        expect(await store.volunteers.count(org.id, { status: { in: ['active', 'paused'] } })).toBe(2);

        const updated = await store.volunteers.update(org.id, a.id, 1, { capacity: 3, gender: 'female' }, at);
        expect(updated).toMatchObject({
          capacity: 3,
          gender: 'female',
          version: 2,
          updatedAt: at.toISOString(),
          createdAt: a.createdAt,
        });
        expect(await store.volunteers.get(org.id, a.id)).toEqual(updated);
        const unset = await store.volunteers.update(org.id, a.id, 2, { gender: undefined }, at);
        expect(unset).not.toHaveProperty('gender');

        expect(await store.volunteers.delete(org.id, a.id)).toBe(true);
        expect(await store.volunteers.delete(org.id, a.id)).toBe(false);
        await expect(store.volunteers.get(org.id, a.id)).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.volunteers.find(org.id, a.id)).toBeNull();
      });

      it('lists by array membership, sorted and paged', async () => {
        const store = await fresh();
        const org = f.organisation();
        const people = [3, 1, 2].map((capacity) =>
          f.volunteer(org.id, { capacity, programmeIds: capacity === 2 ? ['p2'] : ['p1', 'p2'] }),
        );
        for (const v of people) await store.volunteers.insert(v);
        expect(
          (await store.volunteers.list(org.id, { programmeIds: 'p1' }, { sort: { capacity: 1 } })).map(
            (v) => v.capacity,
          ),
        ).toEqual([1, 3]);
        expect(
          (
            await store.volunteers.list(org.id, { programmeIds: 'p2' }, { sort: { capacity: -1 }, skip: 1, limit: 1 })
          ).map((v) => v.capacity),
        ).toEqual([2]);
      });

      it('keeps organisations, staff and programmes by their unique keys', async () => {
        const store = await fresh();
        const org = await store.organisations.insert(f.organisation());
        expect(await store.organisations.findBySlug(org.slug)).toEqual(org);
        expect((await store.organisations.listAll()).map((o) => o.id)).toContain(org.id);
        const user = await store.staff.insert(f.staff(org.id, { email: 'anne@example.org' }));
        expect(await store.staff.findByEmail('Anne@Example.org')).toEqual(user);
        const prog = await store.programmes.insert(f.programme(org.id, { slug: 'voisins' }));
        expect(await store.programmes.findBySlug(org.id, 'voisins')).toEqual(prog);
        expect(await store.programmes.findBySlug('other-org', 'voisins')).toBeNull();
      });
    });

    describe('validation', () => {
      it('rejects an invalid record naming the fields, and stores nothing', async () => {
        const store = await fresh();
        const bad = f.volunteer('org_v', { languages: ['french'], place: { location: { lat: 50.63321, lon: 5.58 } } });
        const err = await store.volunteers.insert(bad).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).issues.map((i) => i.field)).toEqual(
          expect.arrayContaining(['languages[0]', 'place.location']),
        );
        expect(await store.volunteers.count('org_v')).toBe(0);
      });

      it('rejects unknown fields and a household without members', async () => {
        const store = await fresh();
        const extra = { ...f.volunteer('org_v'), street: 'Rue Léopold 1' };
        await expect(store.volunteers.insert(extra)).rejects.toThrow(/street: unknown field/);
        await expect(
          store.beneficiaries.insert(f.beneficiary('org_v', { kind: 'household', members: [] })),
        ).rejects.toThrow(/members: must not be empty/);
      });

      it('rejects an update that would make the record invalid, leaving it as it was', async () => {
        const store = await fresh();
        const v = await store.volunteers.insert(f.volunteer('org_v'));
        await expect(store.volunteers.update('org_v', v.id, 1, { capacity: -1 }, at)).rejects.toThrow(/capacity/);
        await expect(store.volunteers.update('org_v', v.id, 1, { orgId: 'org_other' } as never, at)).rejects.toThrow(
          /orgId: cannot be changed/,
        );
        expect(await store.volunteers.get('org_v', v.id)).toEqual(v);
      });

      it('rejects listing filters that are not plain field values', async () => {
        const store = await fresh();
        await expect(store.volunteers.list('org_v', { $where: 'true' } as never)).rejects.toBeInstanceOf(
          ValidationError,
        );
        await expect(store.volunteers.list('org_v', { status: { $ne: 'left' } } as never)).rejects.toBeInstanceOf(
          ValidationError,
        );
        await expect(store.volunteers.list('org_v', {}, { limit: 5000 })).rejects.toThrow(/limit/);
      });

      it('names the unique key a duplicate hits', async () => {
        const store = await fresh();
        const org = f.organisation();
        await store.staff.insert(f.staff(org.id, { email: 'same@example.org' }));
        const dup = await store.staff.insert(f.staff(org.id, { email: 'same@example.org' })).catch((e: unknown) => e);
        expect(dup).toBeInstanceOf(ConflictError);
        expect((dup as ConflictError).rule).toBe('unique:staff.email');
        const v = await store.volunteers.insert(f.volunteer(org.id));
        await expect(store.volunteers.insert(v)).rejects.toMatchObject({ rule: 'unique:volunteer.id' });
        await store.programmes.insert(f.programme(org.id, { slug: 'mentorat' }));
        await expect(store.programmes.insert(f.programme(org.id, { slug: 'mentorat' }))).rejects.toMatchObject({
          rule: 'unique:programme.orgId+slug',
        });
        await store.programmes.insert(f.programme('org_other', { slug: 'mentorat' }));
      });
    });

    describe('versions', () => {
      it('refuses an update from a stale version', async () => {
        const store = await fresh();
        const v = await store.volunteers.insert(f.volunteer('org_v'));
        await store.volunteers.update('org_v', v.id, 1, { capacity: 1 }, at);
        const err = await store.volunteers.update('org_v', v.id, 1, { capacity: 4 }, at).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(VersionConflictError);
        expect(err).toMatchObject({ kind: 'volunteer', id: v.id, expectedVersion: 1, rule: 'version' });
        expect((await store.volunteers.get('org_v', v.id)).capacity).toBe(1);
      });

      it(`lets exactly one of ${CONCURRENT} concurrent updates from one version win`, async () => {
        const store = await fresh();
        const v = await store.volunteers.insert(f.volunteer('org_v', { capacity: 0 }));
        const { won, lost } = await settle(
          Array.from({ length: CONCURRENT }, (_, i) =>
            store.volunteers.update('org_v', v.id, 1, { capacity: i + 1 }, at),
          ),
        );
        expect(won).toHaveLength(1);
        expect(lost.every((e) => e instanceof VersionConflictError)).toBe(true);
        const final = await store.volunteers.get('org_v', v.id);
        expect(final).toMatchObject({ version: 2, capacity: won[0]!.capacity });
        // The lock of that version is released: the next update goes through.
        expect((await store.volunteers.update('org_v', v.id, 2, { capacity: 9 }, at)).version).toBe(3);
      });
    });

    describe('organisation scoping', () => {
      it("keeps organisation A's records invisible to organisation B", async () => {
        const store = await fresh();
        const v = await store.volunteers.insert(f.volunteer('org_a'));
        const b = await store.beneficiaries.insert(f.beneficiary('org_a'));
        await store.proposals.publish(
          [f.proposalSet('org_a', { beneficiaryId: b.id, proposals: [{ volunteerId: v.id }] })],
          at,
          [undefined],
        );
        const t = await store.tandems.insert(f.tandem('org_a', { volunteerId: v.id, beneficiaryId: b.id }));
        await store.audit.append(f.auditEvent('org_a', { target: { kind: 'volunteer', id: v.id } }));
        await store.reservations.takeVolunteerUnits('org_a', v.id, 2, 2, t.id, at);

        await expect(store.volunteers.get('org_b', v.id)).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.volunteers.list('org_b')).toEqual([]);
        expect(await store.volunteers.count('org_b')).toBe(0);
        await expect(store.volunteers.update('org_b', v.id, 1, { capacity: 5 }, at)).rejects.toBeInstanceOf(
          NotFoundError,
        );
        expect(await store.volunteers.delete('org_b', v.id)).toBe(false);
        expect(await store.proposals.listForBeneficiary('org_b', b.id)).toEqual([]);
        expect(await store.tandems.listForPerson('org_b', v.id)).toEqual([]);
        expect(await store.tandems.countByStatus('org_b')).toEqual({});
        expect(await store.audit.list('org_b')).toEqual([]);
        expect(await store.audit.pseudonymise('org_b', v.id, 'erased_x')).toBe(0);
        expect(await store.reservations.unitsInUse('org_b')).toEqual(new Map());
        expect(await store.reservations.releaseTandem('org_b', t.id)).toBe(0);
        expect(await store.proposals.deleteForPerson('org_b', v.id)).toBe(0);

        // Still all there for A.
        expect(await store.volunteers.get('org_a', v.id)).toEqual(v);
        expect(await store.reservations.unitsInUse('org_a')).toEqual(new Map([[v.id, 2]]));
        expect(await store.audit.list('org_a')).toHaveLength(1);
      });
    });

    describe('reservations and capacity', () => {
      it(`gives the last unit to exactly one of ${CONCURRENT} concurrent takers`, async () => {
        const store = await fresh();
        expect(await store.reservations.takeVolunteerUnits('org_r', 'vol_r', 3, 1, 'tan_0', at)).toEqual([0]);
        expect(await store.reservations.takeVolunteerUnits('org_r', 'vol_r', 3, 1, 'tan_1', at)).toEqual([1]);
        const { won } = await settle(
          Array.from({ length: CONCURRENT }, (_, i) =>
            store.reservations.takeVolunteerUnits('org_r', 'vol_r', 3, 1, `tan_x${i}`, at),
          ),
        );
        expect(won.filter((units) => units !== null)).toEqual([[2]]);
        expect((await store.reservations.unitsInUse('org_r')).get('vol_r')).toBe(3);
        expect(await store.reservations.releaseTandem('org_r', 'tan_1')).toBe(1);
        expect(await store.reservations.takeVolunteerUnits('org_r', 'vol_r', 3, 1, 'tan_2', at)).toEqual([1]);
      });

      it(`takes weighted units all or none: of ${CONCURRENT} concurrent takers of 3 units out of 4, exactly one wins`, async () => {
        // Without takers going one at a time, two of them could each hold two units and both fail.
        const store = await fresh();
        const { won } = await settle(
          Array.from({ length: CONCURRENT }, (_, i) =>
            store.reservations.takeVolunteerUnits('org_w', 'vol_w', 4, 3, `tan_w${i}`, at),
          ),
        );
        expect(won.filter((units) => units !== null)).toEqual([[0, 1, 2]]);
        expect((await store.reservations.unitsInUse('org_w')).get('vol_w')).toBe(3);
        expect(await store.reservations.takeVolunteerUnits('org_w', 'vol_w', 4, 2, 'tan_w_late', at)).toBeNull();
        expect(await store.reservations.takeVolunteerUnits('org_w', 'vol_w', 4, 1, 'tan_w_light', at)).toEqual([3]);
      });

      it(`fills a capacity with concurrent takers of mixed weights, refusing only those that no longer fit`, async () => {
        const store = await fresh();
        const capacity = 12;
        const weights = Array.from({ length: CONCURRENT }, (_, i) => [1, 2, 4][i % 3]!);
        const results = await Promise.all(
          weights.map((w, i) => store.reservations.takeVolunteerUnits('org_m', 'vol_m', capacity, w, `tan_m${i}`, at)),
        );
        const used = (await store.reservations.unitsInUse('org_m')).get('vol_m') ?? 0;
        const taken = results.flatMap((units, i) => (units ? [{ units, w: weights[i]! }] : []));
        expect(taken.every(({ units, w }) => units.length === w)).toBe(true);
        expect(new Set(taken.flatMap(({ units }) => units)).size).toBe(used);
        expect(used).toBe(taken.reduce((sum, { w }) => sum + w, 0));
        expect(used).toBeLessThanOrEqual(capacity);
        // Units are only taken during the run, so a taker refused then would still not fit now.
        const refused = weights.filter((_, i) => results[i] === null);
        expect(refused.every((w) => w > capacity - used)).toBe(true);
      });

      it('gives a beneficiary one open tandem at a time', async () => {
        const store = await fresh();
        const { won } = await settle(
          Array.from({ length: CONCURRENT }, (_, i) =>
            store.reservations.claimBeneficiary('org_r', 'ben_r', `tan_${i}`, at),
          ),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
        const [holder] = [...(await store.reservations.openTandems('org_r')).values()];
        expect(await store.reservations.releaseTandem('org_r', holder!)).toBe(1);
        expect(await store.reservations.claimBeneficiary('org_r', 'ben_r', 'tan_next', at)).toBe(true);
      });

      describe('TandemService.confirm', () => {
        async function setup(store: Store, opts: { capacity: number; volunteers?: number; beneficiaries?: number }) {
          const org = await store.organisations.insert(f.organisation());
          const prog = await store.programmes.insert(f.programme(org.id));
          const volunteers = [];
          for (let i = 0; i < (opts.volunteers ?? 1); i++)
            volunteers.push(
              await store.volunteers.insert(f.volunteer(org.id, { capacity: opts.capacity, programmeIds: [prog.id] })),
            );
          const beneficiaries = [];
          for (let i = 0; i < (opts.beneficiaries ?? 1); i++)
            beneficiaries.push(await store.beneficiaries.insert(f.beneficiary(org.id, { programmeIds: [prog.id] })));
          const clock = fixedClock(at);
          const service = new TandemService({ store, clock, logger: silentLogger });
          // Pairs outside any proposal, as an import of existing pairs records them.
          const mediator = { orgId: org.id, userId: 'usr_med', role: 'system' as const };
          return { org, prog, volunteers, beneficiaries, service, mediator, clock };
        }

        it(`never exceeds capacity: ${CONCURRENT} concurrent confirms for the last slot, exactly one wins`, async () => {
          const store = await fresh();
          const { prog, volunteers, beneficiaries, service, mediator, org } = await setup(store, {
            capacity: 2,
            beneficiaries: CONCURRENT + 1,
          });
          const v = volunteers[0]!;
          await service.confirm(mediator, {
            programmeId: prog.id,
            volunteerId: v.id,
            beneficiaryId: beneficiaries[0]!.id,
          });
          const t0 = performance.now();
          const { won, lost } = await settle(
            beneficiaries
              .slice(1)
              .map((b) => service.confirm(mediator, { programmeId: prog.id, volunteerId: v.id, beneficiaryId: b.id })),
          );
          const ms = Math.round(performance.now() - t0);
          expect(won).toHaveLength(1);
          expect(lost.every((e) => e instanceof ConflictError && e.rule === 'volunteer_capacity')).toBe(true);
          expect(await store.tandems.count(org.id, { volunteerId: v.id })).toBe(2);
          expect((await store.reservations.unitsInUse(org.id)).get(v.id)).toBe(4);
          // The losers gave their beneficiary claims back.
          expect((await store.reservations.openTandems(org.id)).size).toBe(2);
          figures[`${adapter.name}: last slot`] = {
            confirms: CONCURRENT,
            won: won.length,
            lostOnCapacity: lost.length,
            ms,
          };
        });

        it(`never gives a beneficiary two open tandems: ${CONCURRENT} concurrent confirms with different volunteers, exactly one wins`, async () => {
          const store = await fresh();
          const { prog, volunteers, beneficiaries, service, mediator, org } = await setup(store, {
            capacity: 1,
            volunteers: CONCURRENT,
          });
          const b = beneficiaries[0]!;
          const t0 = performance.now();
          const { won, lost } = await settle(
            volunteers.map((v) =>
              service.confirm(mediator, { programmeId: prog.id, volunteerId: v.id, beneficiaryId: b.id }),
            ),
          );
          const ms = Math.round(performance.now() - t0);
          expect(won).toHaveLength(1);
          expect(lost.every((e) => e instanceof ConflictError && e.rule === 'beneficiary_open_tandem')).toBe(true);
          expect([...(await store.reservations.unitsInUse(org.id)).values()]).toEqual([2]);
          figures[`${adapter.name}: one beneficiary`] = { confirms: CONCURRENT, won: won.length, ms };
        });

        it(`weighs support intensity against capacity: ${CONCURRENT} concurrent confirms of mixed intensities never overbook a coach`, async () => {
          const store = await fresh();
          const { prog, volunteers, beneficiaries, service, mediator, org } = await setup(store, {
            capacity: 3,
            beneficiaries: CONCURRENT,
          });
          const weights = { light: 0.5, regular: 1, intensive: 2 } as const;
          await store.programmes.update(org.id, prog.id, 1, { intensity: { weights, default: 'regular' } }, at);
          const v = volunteers[0]!;
          const intensities = beneficiaries.map((_, i) => (['intensive', 'light', 'regular'] as const)[i % 3]!);
          const results = await Promise.allSettled(
            beneficiaries.map((b, i) =>
              service.confirm(mediator, {
                programmeId: prog.id,
                volunteerId: v.id,
                beneficiaryId: b.id,
                intensity: intensities[i],
              }),
            ),
          );
          const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
          const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
          expect(lost.every((e) => e instanceof ConflictError && e.rule === 'volunteer_capacity')).toBe(true);
          const load = won.reduce((sum, t) => sum + weights[t.intensity!], 0);
          expect(load).toBeLessThanOrEqual(3);
          expect((await store.reservations.unitsInUse(org.id)).get(v.id)).toBe(load * 2);
          // Nobody was refused while their tandem still fitted: the capacity left is less than any refused one's weight.
          const refused = intensities.filter((_, i) => results[i]!.status === 'rejected');
          expect(refused.every((x) => weights[x] > 3 - load)).toBe(true);
          // Declined tandems give their units back; one confirmed without an intensity takes the default (regular: a slot).
          for (const t of won) await service.decline(mediator, t.id, t.version, { by: 'volunteer', reason: 'moved' });
          expect(await store.reservations.unitsInUse(org.id)).toEqual(new Map());
          const next = await service.confirm(mediator, {
            programmeId: prog.id,
            volunteerId: v.id,
            beneficiaryId: beneficiaries[intensities.findIndex((_, i) => results[i]!.status === 'rejected')]!.id,
          });
          expect((await store.reservations.unitsInUse(org.id)).get(v.id)).toBe(2);
          expect(next.intensity).toBe('regular');
        });

        it('follows a tandem through its life and gives its slot back', async () => {
          const store = await fresh();
          const { prog, volunteers, beneficiaries, service, mediator, org, clock } = await setup(store, {
            capacity: 1,
            beneficiaries: 2,
          });
          const [v] = volunteers;
          const [b1, b2] = beneficiaries;
          const first = await service.confirm(mediator, {
            programmeId: prog.id,
            volunteerId: v!.id,
            beneficiaryId: b1!.id,
          });
          await expect(
            service.confirm(mediator, { programmeId: prog.id, volunteerId: v!.id, beneficiaryId: b2!.id }),
          ).rejects.toMatchObject({ rule: 'volunteer_capacity' });

          const declined = await service.decline(mediator, first.id, 1, {
            by: 'beneficiary',
            reason: 'not the right moment',
          });
          expect(declined.status).toBe('declined');
          expect((await store.beneficiaries.get(org.id, b1!.id)).excludedVolunteerIds).toEqual([v!.id]);
          await expect(
            service.confirm(mediator, { programmeId: prog.id, volunteerId: v!.id, beneficiaryId: b1!.id }),
          ).rejects.toMatchObject({ rule: 'pair_excluded' });

          const second = await service.confirm(mediator, {
            programmeId: prog.id,
            volunteerId: v!.id,
            beneficiaryId: b2!.id,
          });
          // Meetings are recorded once they happened.
          clock.set('2026-11-25T10:00:00.000Z');
          const started = await service.start(mediator, second.id, 1, { date: '2026-11-25', charterSigned: true });
          expect(started).toMatchObject({ status: 'active', lastContactOn: '2026-11-25', version: 2 });
          clock.set('2026-12-11T10:00:00.000Z');
          const checked = await service.addCheckIn(mediator, second.id, 2, {
            date: '2026-12-10',
            who: 'volunteer',
            mood: 4,
            note: 'CV done',
          });
          expect(checked.checkIns).toHaveLength(1);
          expect(checked.lastContactOn).toBe('2026-12-10');
          await expect(
            service.start(mediator, second.id, 3, { date: '2026-12-11', charterSigned: true }),
          ).rejects.toMatchObject({ rule: 'tandem_transition' });

          expect(await store.tandems.listLastContactBefore(org.id, prog.id, '2026-12-11')).toHaveLength(1);
          clock.set('2027-01-05T10:00:00.000Z');
          expect(await service.lapseOverdue(mediator, prog.id)).toEqual([]);
          clock.set('2027-01-12T10:00:00.000Z');
          const [lapsed] = await service.lapseOverdue(mediator, prog.id);
          expect(lapsed).toMatchObject({ id: second.id, status: 'lapsed' });
          expect(await store.reservations.unitsInUse(org.id)).toEqual(new Map());
          const closed = await service.close(mediator, second.id, lapsed!.version, 'no_contact');
          expect(closed.closed?.outcome).toBe('no_contact');
          expect(await store.tandems.countByStatus(org.id, prog.id)).toEqual({ declined: 1, closed: 1 });
          expect((await store.audit.list(org.id)).map((e) => e.action).sort()).toEqual([
            'tandem.check_in',
            'tandem.close',
            'tandem.decline',
            'tandem.lapse',
            'tandem.manual_pair',
            'tandem.manual_pair',
            'tandem.start',
          ]);
        });

        it('refuses volunteers who are not screened for the programme', async () => {
          const store = await fresh();
          const { prog, volunteers, beneficiaries, service, mediator, org } = await setup(store, { capacity: 1 });
          await store.programmes.update(org.id, prog.id, 1, { servesMinors: true }, at);
          await expect(
            service.confirm(mediator, {
              programmeId: prog.id,
              volunteerId: volunteers[0]!.id,
              beneficiaryId: beneficiaries[0]!.id,
            }),
          ).rejects.toMatchObject({
            rule: 'screening_incomplete',
          });
          expect(await store.reservations.openTandems(org.id)).toEqual(new Map());
        });

        it('frees reservations a crashed confirm left behind', async () => {
          const store = await fresh();
          const { service, org, clock } = await setup(store, { capacity: 1 });
          await store.reservations.takeVolunteerUnits(org.id, 'vol_gone', 2, 2, 'tan_never_written', at);
          const system = { orgId: org.id, userId: 'system:test', role: 'system' as const };
          expect(await service.releaseOrphans(system)).toBe(0);
          clock.advanceDays(1);
          expect(await service.releaseOrphans(system)).toBe(2);
        });
      });
    });

    describe('proposals, tandems, audit', () => {
      it('lists the current set per beneficiary by rank, never one it replaced', async () => {
        const store = await fresh();
        const first = f.proposalSet('org_p', { proposals: [{}, {}] });
        expect(await store.proposals.publish([first], at, [undefined])).toEqual([true]);
        expect((await store.proposals.listForBeneficiary('org_p', 'ben_1')).map((p) => p.rank)).toEqual([1, 2]);
        expect(await store.proposals.heldBy('org_p', 'prg_1', 'vol_2')).toEqual(['ben_1']);
        expect(await store.proposals.heldBy('org_p', 'prg_2', 'vol_2')).toEqual([]);
        const second = f.proposalSet('org_p', { version: 2, proposals: [{ volunteerId: 'vol_3' }] });
        expect(await store.proposals.publish([second], at, [first])).toEqual([true]);
        expect(await store.proposals.listForBeneficiary('org_p', 'ben_1')).toEqual(second.proposals);
        expect(await store.proposals.heldBy('org_p', 'prg_1', 'vol_1')).toEqual([]);
        expect(await store.proposals.heldBy('org_p', 'prg_1', 'vol_3')).toEqual(['ben_1']);
        expect(await store.proposals.listCurrent('org_p', { programmeId: 'prg_1' })).toEqual(second.proposals);
        // What it replaced is kept apart, for the record, and nothing is left to prune.
        const all = await store.proposals.listForPerson('org_p', 'ben_1');
        expect(all.filter((p) => p.supersededAt !== null).map((p) => p.volunteerId)).toEqual(['vol_1', 'vol_2']);
        expect(await store.proposals.get('org_p', first.proposals[0]!.id)).toMatchObject({
          supersededAt: at.toISOString(),
        });
        expect(await store.proposals.pruneSuperseded(at)).toBe(0);
      });

      it('moves the set a new one replaces out by its key, leaving an older leftover to the prune', async () => {
        const store = await fresh();
        const sets = [1, 2, 3].map((version) =>
          f.proposalSet('org_p', { version, proposals: [{ volunteerId: `vol_v${version}` }] }),
        );
        await store.proposals.publish([sets[0]!], at, [undefined]);
        // Set 2 written and its move cut short: 1 is left among the current ones.
        await store.proposals.publish([sets[1]!], at, [undefined]);
        expect(await store.proposals.publish([sets[2]!], at, [sets[1]])).toEqual([true]);
        expect(await store.proposals.listForBeneficiary('org_p', 'ben_1')).toEqual(sets[2]!.proposals);
        const replaced = (await store.proposals.listForPerson('org_p', 'ben_1')).filter((p) => p.supersededAt !== null);
        expect(replaced.map((p) => p.volunteerId)).toEqual(['vol_v2']);
        expect(await store.proposals.pruneSuperseded(at)).toBe(1);
        expect(await store.proposals.pruneSuperseded(at)).toBe(0);
        // A set that lost its version moves nothing.
        expect(await store.proposals.publish([sets[2]!], at, [sets[1]])).toEqual([false]);
      });

      it('erases a volunteer from a replaced set that an interrupted move left among the current ones', async () => {
        const store = await fresh();
        const first = f.proposalSet('org_p', { proposals: [{ volunteerId: 'vol_gone' }, { volunteerId: 'vol_stay' }] });
        await store.proposals.publish([first], at, [undefined]);
        // Set 2 written and its move cut short: set 1, naming them, is left among the current ones.
        const second = f.proposalSet('org_p', { version: 2, proposals: [{ volunteerId: 'vol_gone' }] });
        await store.proposals.publish([second], at, [undefined]);
        expect(await store.proposals.deleteForPerson('org_p', 'vol_gone')).toBe(1);
        expect(await store.proposals.listForPerson('org_p', 'vol_gone')).toEqual([]);
        expect(await store.proposals.listForBeneficiary('org_p', 'ben_1')).toEqual([]);
      });

      it('lets exactly one of the sets written for the same version in, whatever the race', async () => {
        const store = await fresh();
        const rivals = Array.from({ length: 8 }, (_, i) =>
          f.proposalSet('org_p', { proposals: [{ volunteerId: `vol_${i}a` }, { volunteerId: `vol_${i}b` }] }),
        );
        const won = await Promise.all(rivals.map((set) => store.proposals.publish([set], at, [undefined])));
        expect(won.flat().filter(Boolean)).toHaveLength(1);
        const winner = rivals[won.findIndex((w) => w[0])]!;
        const current = await store.proposals.listForBeneficiary('org_p', 'ben_1');
        expect(current).toEqual(winner.proposals);
        expect(new Set(current.map((p) => p.rank)).size).toBe(current.length);
      });

      it('refuses a set with a bad proposal, naming it, and stores nothing', async () => {
        const store = await fresh();
        await expect(
          store.proposals.publish([f.proposalSet('org_p', { proposals: [{}, { score: 2 }] })], at, [undefined]),
        ).rejects.toThrow(/proposals\[1\]\.score/);
        expect(await store.proposals.listCurrent('org_p', {})).toEqual([]);
      });

      it('takes a rejected proposal out of the current set', async () => {
        const store = await fresh();
        const set = f.proposalSet('org_p', { proposals: [{}, {}] });
        await store.proposals.publish([set], at, [undefined]);
        expect(await store.proposals.withdraw('org_p', set.proposals[0]!.id, at)).toBe(true);
        expect((await store.proposals.listForBeneficiary('org_p', 'ben_1')).map((p) => p.id)).toEqual([
          set.proposals[1]!.id,
        ]);
        expect(await store.proposals.withdraw('org_p', set.proposals[0]!.id, at)).toBe(false);
      });

      it('purges replaced sets after their retention', async () => {
        const store = await fresh();
        const first = [
          f.proposalSet('org_p', { programmeId: 'prg_1' }),
          f.proposalSet('org_p', { programmeId: 'prg_2' }),
        ];
        await store.proposals.publish(first, at, [undefined, undefined]);
        await store.proposals.publish(
          [f.proposalSet('org_p', { programmeId: 'prg_1', version: 2, proposals: [] })],
          at,
          [first[0]],
        );
        expect(await store.purgeExpired(new Date('2026-12-01T00:00:00.000Z'))).toBe(0);
        expect(await store.purgeExpired(new Date('2027-06-01T00:00:00.000Z'))).toBe(1);
        expect((await store.proposals.listCurrent('org_p', {})).map((p) => p.programmeId)).toEqual(['prg_2']);
        expect(await store.proposals.listForPerson('org_p', 'ben_1')).toHaveLength(1);
      });

      it('appends audit events newest first and pseudonymises a person', async () => {
        const store = await fresh();
        await store.audit.append(
          f.auditEvent('org_p', { at: '2026-11-01T00:00:00.000Z', target: { kind: 'volunteer', id: 'vol_9' } }),
        );
        await store.audit.append(
          f.auditEvent('org_p', {
            at: '2026-11-02T00:00:00.000Z',
            actor: 'vol_9',
            target: { kind: 'tandem', id: 'tan_1' },
          }),
        );
        await store.audit.append(f.auditEvent('org_p', { at: '2026-11-03T00:00:00.000Z' }));
        expect((await store.audit.list('org_p')).map((e) => e.at.slice(0, 10))).toEqual([
          '2026-11-03',
          '2026-11-02',
          '2026-11-01',
        ]);
        expect(await store.audit.list('org_p', { targetId: 'vol_9' })).toHaveLength(1);
        expect(await store.audit.pseudonymise('org_p', 'vol_9', 'erased_1')).toBe(2);
        expect(await store.audit.list('org_p', { targetId: 'vol_9' })).toEqual([]);
        expect(await store.audit.list('org_p', { actor: 'erased_1' })).toHaveLength(1);
      });
    });

    describe('notes', () => {
      it("lists notes on a record oldest first, and a person's notes across their tandems", async () => {
        const store = await fresh();
        const late = f.note('org_n', { aboutId: 'vol_1', createdAt: '2026-11-20T10:00:00.000Z' });
        const early = f.note('org_n', { aboutId: 'vol_1', createdAt: '2026-11-02T10:00:00.000Z' });
        const onTandem = f.note('org_n', { about: 'tandem', aboutId: 'tan_1', personIds: ['vol_1', 'ben_1'] });
        for (const n of [late, early, onTandem]) await store.notes.insert(n);
        expect((await store.notes.listAbout('org_n', 'vol_1')).map((n) => n.id)).toEqual([early.id, late.id]);
        expect((await store.notes.listForPerson('org_n', 'ben_1')).map((n) => n.id)).toEqual([onTandem.id]);
        expect(await store.notes.listAbout('org_other', 'vol_1')).toEqual([]);
        expect(await store.notes.pseudonymiseAuthor('org_n', 'usr_med', 'erased_s')).toBe(3);
        expect((await store.notes.list('org_n', { authorId: 'erased_s' })).length).toBe(3);
        expect(await store.notes.deleteForPerson('org_n', 'ben_1')).toBe(1);
        await expect(store.notes.insert(f.note('org_n', { personIds: [] }))).rejects.toBeInstanceOf(ValidationError);
      });
    });

    describe('personal data', () => {
      it('exports everything about a person, then erases it and pseudonymises the audit trail', async () => {
        const store = await fresh();
        const clock = fixedClock(at);
        const deps = { store, clock, logger: silentLogger };
        const org = await store.organisations.insert(f.organisation());
        const prog = await store.programmes.insert(f.programme(org.id));
        const v = await store.volunteers.insert(f.volunteer(org.id, { programmeIds: [prog.id] }));
        const b = await store.beneficiaries.insert(f.beneficiary(org.id, { programmeIds: [prog.id] }));
        const other = await store.beneficiaries.insert(
          f.beneficiary(org.id, { programmeIds: [prog.id], excludedVolunteerIds: [v.id] }),
        );
        await store.proposals.publish(
          [f.proposalSet(org.id, { beneficiaryId: b.id, programmeId: prog.id, proposals: [{ volunteerId: v.id }] })],
          at,
          [undefined],
        );
        const mediator = { orgId: org.id, userId: 'usr_med', role: 'mediator' as const };
        const tandem = await new TandemService(deps).confirm(mediator, {
          programmeId: prog.id,
          volunteerId: v.id,
          beneficiaryId: b.id,
        });
        const onVolunteer = f.note(org.id, { aboutId: v.id, personIds: [v.id] });
        const onTandem = f.note(org.id, { about: 'tandem', aboutId: tandem.id, personIds: [v.id, b.id] });
        const onOther = f.note(org.id, { about: 'beneficiary', aboutId: other.id, personIds: [other.id] });
        for (const n of [onVolunteer, onTandem, onOther]) await store.notes.insert(n);
        const email = {
          orgId: org.id,
          template: 'volunteer_confirm',
          to: 'marie@example.org',
          locale: 'fr' as const,
          subject: 'Confirmez',
          text: 'Bonjour',
          status: 'sent' as const,
          attempts: 1,
          createdAt: at.toISOString(),
        };
        await store.outbox.add({ ...email, id: 'msg_v', personId: v.id });
        await store.outbox.add({ ...email, id: 'msg_b', personId: b.id });
        const admin = { orgId: org.id, userId: 'usr_admin', role: 'admin' as const };
        const people = new PeopleService(deps);

        expect(await people.locate(v.id)).toEqual({ orgId: org.id, kind: 'volunteer' });
        await expect(people.export(mediator, v.id)).rejects.toThrow(/forbidden/);
        const exported = await people.export(admin, v.id);
        expect(exported).toMatchObject({ kind: 'volunteer', record: v, excludedBy: [other.id] });
        expect(exported.tandems).toHaveLength(1);
        expect(exported.proposals).toHaveLength(1);
        expect(exported.auditEvents.map((e) => e.action)).toEqual([]);
        expect(exported.emails.map((m) => m.id)).toEqual(['msg_v']);
        expect(exported.notes.map((n) => n.id).sort()).toEqual([onVolunteer.id, onTandem.id].sort());

        const report = await people.erase(admin, v.id);
        expect(report).toMatchObject({ kind: 'volunteer', tandems: 1, proposals: 1, notes: 2 });
        expect((await store.notes.list(org.id)).map((n) => n.id)).toEqual([onOther.id]);
        expect(await store.notes.listForPerson(org.id, b.id)).toEqual([]);
        expect(await people.locate(v.id)).toBeNull();
        expect(await store.tandems.listForPerson(org.id, v.id)).toEqual([]);
        expect(await store.outbox.listForPerson(org.id, v.id)).toEqual([]);
        expect((await store.outbox.listForPerson(org.id, b.id)).map((m) => m.id)).toEqual(['msg_b']);
        expect(await store.reservations.unitsInUse(org.id)).toEqual(new Map());
        expect(await store.reservations.openTandems(org.id)).toEqual(new Map());
        expect((await store.beneficiaries.get(org.id, other.id)).excludedVolunteerIds).toEqual([]);
        const trail = JSON.stringify(await store.audit.list(org.id));
        expect(trail).not.toContain(v.id);
        expect(trail).toContain(report.pseudonym);
      });

      it('purges volunteers who never confirmed their e-mail within 30 days', async () => {
        const store = await fresh();
        const org = await store.organisations.insert(f.organisation());
        const old = await store.volunteers.insert(
          f.volunteer(org.id, { status: 'pending_email', createdAt: '2026-10-01T00:00:00.000Z' }),
        );
        const recent = await store.volunteers.insert(
          f.volunteer(org.id, { status: 'pending_email', createdAt: '2026-11-10T00:00:00.000Z' }),
        );
        const confirmed = await store.volunteers.insert(
          f.volunteer(org.id, { status: 'pending_screening', createdAt: '2026-10-01T00:00:00.000Z' }),
        );
        const people = new PeopleService({ store, clock: fixedClock(at), logger: silentLogger });
        expect(await people.purgeUnconfirmed()).toBe(1);
        expect((await store.volunteers.list(org.id)).map((v) => v.id).sort()).toEqual([recent.id, confirmed.id].sort());
        expect(await store.volunteers.find(org.id, old.id)).toBeNull();
      });
    });

    it('keeps everything across a restart', async () => {
      const store = await fresh();
      const org = await store.organisations.insert(f.organisation());
      const v = await store.volunteers.insert(f.volunteer(org.id));
      const updated = await store.volunteers.update(org.id, v.id, 1, { capacity: 4 }, at);
      await store.volunteers.insert(f.volunteer(org.id));
      await store.volunteers.delete(org.id, (await store.volunteers.list(org.id, { capacity: 2 }))[0]!.id);
      await store.reservations.takeVolunteerUnits(org.id, v.id, 8, 2, 'tan_1', at);
      const first = f.proposalSet(org.id);
      await store.proposals.publish([first], at, [undefined]);
      await store.proposals.publish([f.proposalSet(org.id, { version: 2, proposals: [] })], at, [first]);

      open.splice(open.indexOf(store), 1);
      const again = await adapter.reopen(store);
      open.push(again);
      expect(await again.volunteers.list(org.id)).toEqual([updated]);
      expect(await again.organisations.findBySlug(org.slug)).toEqual(org);
      expect(await again.reservations.unitsInUse(org.id)).toEqual(new Map([[v.id, 2]]));
      // Unique keys and internal fields survive too.
      expect(await again.reservations.takeVolunteerUnits(org.id, v.id, 2, 1, 'tan_2', at)).toBeNull();
      expect(await again.purgeExpired(new Date('2027-06-01T00:00:00.000Z'))).toBe(1);
      await expect(again.volunteers.update(org.id, v.id, 1, { capacity: 1 }, at)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
    });
  });
}
