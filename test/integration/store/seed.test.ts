import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeeds, readSeeds } from '../../../src/demo/seeds.js';
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
    const expected = seeds.length * (1 + 1 + 3) + people;
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
});
