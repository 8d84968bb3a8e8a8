/**
 * An organisation's referral sources (a CPAS, the province's volunteer service, schools): kept by
 * coordinators, chosen at intake, filtered on in the waiting list, counted in the statistics. A
 * source is retired rather than deleted, so past referrals keep their name.
 */
import { z } from 'zod';
import { Id, LocalizedName, ReferralSource } from '../../domain/index.js';
import type { Store } from '../../store/ports.js';
import { listAll } from '../../store/paging.js';
import { newId } from '../context.js';
import { command } from './command.js';

const KEEPERS = ['coordinator', 'admin'] as const;

/** Every source of the organisation, active ones first, then by name. */
export async function referralSourcesOf(store: Store, orgId: string): Promise<ReferralSource[]> {
  const label = (s: ReferralSource) => s.name.fr ?? s.name.nl ?? s.name.en ?? '';
  return (await listAll(store.referralSources, orgId, {})).sort(
    (a, b) => Number(a.status === 'retired') - Number(b.status === 'retired') || label(a).localeCompare(label(b)),
  );
}

export const createReferralSource = command({
  name: 'referral_source.create',
  roles: KEEPERS,
  input: z.strictObject({ name: LocalizedName }),
  async run(ctx, { name }): Promise<ReferralSource> {
    const at = ctx.clock.now().toISOString();
    const source = await ctx.store.referralSources.insert({
      id: newId('ref'),
      orgId: ctx.actor.orgId,
      version: 1,
      createdAt: at,
      updatedAt: at,
      name,
      status: 'active',
    });
    ctx.raise({ type: 'ReferralSourceSaved', source, created: true, fields: [] });
    return source;
  },
});

/** Renames, retires or brings back a source, from the version the coordinator saw. */
export const updateReferralSource = command({
  name: 'referral_source.update',
  roles: KEEPERS,
  input: z.strictObject({
    id: Id,
    expectedVersion: z.number().int().min(1),
    name: LocalizedName.optional(),
    status: ReferralSource.shape.status.optional(),
  }),
  async run(ctx, { id, expectedVersion, ...patch }): Promise<ReferralSource> {
    const { store, clock, actor } = ctx;
    const source = await store.referralSources.update(actor.orgId, id, expectedVersion, patch, clock.now());
    ctx.raise({ type: 'ReferralSourceSaved', source, created: false, fields: Object.keys(patch) });
    return source;
  },
});
