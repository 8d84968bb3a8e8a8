import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeeds, readSeeds } from '../../../src/demo/seeds.js';
import { capacityUnits } from '../../../src/domain/index.js';
import { verifyPassword } from '../../../src/services/password.js';
import { embeddedAdapter, mongoAdapter } from './adapters.js';

const seedsDir = fileURLToPath(new URL('../../../seeds/', import.meta.url));
const adapters = [embeddedAdapter(), mongoAdapter('seed')];
afterAll(() => Promise.all(adapters.map((a) => a.cleanup())));

describe.each(adapters)('npm run seed on $name', (adapter) => {
  it('loads every seed programme with its organisation and staff, and a second run changes nothing', async () => {
    const seeds = await readSeeds(seedsDir);
    expect(seeds.length).toBeGreaterThan(0);
    const people = seeds.reduce((n, s) => n + s.match.volunteers.length + s.match.beneficiaries.length, 0);
    const past = seeds.reduce(
      (n, s) => n + Object.keys(s.history?.beneficiaries ?? {}).length + (s.history?.tandems.length ?? 0),
      0,
    );
    // Each programme's referral partners become its organisation's referral sources.
    const sources = seeds.reduce(
      (n, s) =>
        n +
        new Set(
          Object.values(s.profile.beneficiaries)
            .map((b) => b.referral)
            .filter(Boolean),
        ).size,
      0,
    );
    const expected = seeds.length * (1 + 1 + 3) + people + past + sources;
    const store = await adapter.open();
    try {
      const first = await loadSeeds(store, seeds);
      expect(first).toMatchObject({ created: expected, unchanged: 0 });
      expect(first.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);

      const { slug } = seeds[0]!;
      const org = (await store.organisations.findBySlug(slug))!;
      expect(await store.programmes.findBySlug(org.id, slug)).not.toBeNull();
      const admin = (await store.staff.findByEmail(`admin@${slug}.example`))!;
      expect(admin).toMatchObject({ orgId: org.id, role: 'admin' });
      expect(await verifyPassword(admin.passwordHash, first.generatedPassword!)).toBe(true);
      expect(await store.volunteers.count(org.id)).toBe(seeds[0]!.match.volunteers.length);
      const someone = (await store.beneficiaries.list(org.id, {}, { limit: 1000 })).find((b) => b.referral);
      expect(await store.referralSources.get(org.id, someone!.referral!.sourceId!)).toMatchObject({ status: 'active' });
      // Another organisation's people are not this one's.
      expect(await store.volunteers.count(`org_${seeds[1]?.slug ?? 'none'}`)).toBe(
        seeds[1]?.match.volunteers.length ?? 0,
      );

      const snapshot = await store.volunteers.list(org.id, {}, { limit: 1000 });
      const second = await loadSeeds(store, seeds);
      expect(second).toEqual({ organisations: first.organisations, created: 0, unchanged: expected });
      expect(await store.volunteers.list(org.id, {}, { limit: 1000 })).toEqual(snapshot);
    } finally {
      await store.close();
    }
  });

  it('gives each programme its simulated past: past tandems of every kind, open ones holding their places', async () => {
    const seeds = await readSeeds(seedsDir);
    const store = await adapter.open();
    try {
      await loadSeeds(store, seeds, 'a demo password');
      for (const seed of seeds) {
        expect(seed.history, `${seed.slug}.history.json`).toBeDefined();
        const orgId = `org_${seed.slug}`;
        const tandems = await store.tandems.list(orgId, {}, { limit: 1000 });
        expect(tandems).toHaveLength(seed.history!.tandems.length);
        const open = tandems.filter((t) => t.status === 'proposed' || t.status === 'active');
        const claims = await store.reservations.openTandems(orgId);
        for (const t of open) expect(claims.get(t.beneficiaryId)).toBe(t.id);
        expect(claims.size).toBe(open.length);
        const volunteers = await store.volunteers.list(orgId, {}, { limit: 1000 });
        const inUse = await store.reservations.unitsInUse(orgId);
        for (const v of volunteers) expect(inUse.get(v.id) ?? 0).toBeLessThanOrEqual(capacityUnits(v));
        for (const t of tandems.filter((x) => x.firstMeeting)) expect(t.criteria).toBeDefined();
      }
      const statuses = new Set(
        (await Promise.all(seeds.map((s) => store.tandems.list(`org_${s.slug}`, {}, { limit: 1000 }))))
          .flat()
          .map((t) => t.status),
      );
      expect([...statuses].sort()).toEqual(['active', 'closed', 'declined', 'lapsed', 'proposed']);

      // A load cut short after an open tandem's places were taken, before the tandem was written.
      const { slug } = seeds.find((s) => s.history!.tandems.some((t) => t.status === 'active'))!;
      const cut = (await store.tandems.list(`org_${slug}`, { status: 'active' }, { limit: 1 }))[0]!;
      await store.tandems.delete(cut.orgId, cut.id);
      const again = await loadSeeds(store, seeds);
      expect(again.created).toBe(1);
      expect((await store.reservations.openTandems(cut.orgId)).get(cut.beneficiaryId)).toBe(cut.id);
    } finally {
      await store.close();
    }
  });
});
