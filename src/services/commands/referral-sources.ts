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
import { asRead, command, ExpectedVersion } from './command.js';

const KEEPERS = ['coordinator', 'admin'] as const;

/** Every source of the organisation, active ones first, then by name. */
export async function referralSourcesOf(store: Store, orgId: string): Promise<ReferralSource[]> {
  const label = (s: ReferralSource) => s.name.fr ?? s.name.nl ?? s.name.en ?? '';
  return (await listAll(store.referralSources, orgId, {})).sort(
    (a, b) => Number(a.status === 'retired') - Number(b.status === 'retired') || label(a).localeCompare(label(b)),
  );
}

export const addReferralSource = command({
  name: 'referral_source.create',
  roles: KEEPERS,
  input: z.strictObject({ name: LocalizedName }),
  async run(ctx, { name }): Promise<ReferralSource> {
    const { store, clock, actor } = ctx;
    const at = clock.now().toISOString();
    const source = await store.referralSources.insert({
      id: newId('ref'),
      orgId: actor.orgId,
      version: 1,
      createdAt: at,
      updatedAt: at,
      name,
      status: 'active',
    });
    ctx.raise({ type: 'ReferralSourceAdded', source });
    return source;
  },
});

/** Renames, retires or brings back a source (past referrals keep its name), from the version the coordinator saw. */
export const updateReferralSource = command({
  name: 'referral_source.update',
  roles: KEEPERS,
  input: z.strictObject({
    sourceId: Id,
    expectedVersion: ExpectedVersion,
    patch: z
      .strictObject({ name: LocalizedName.optional(), status: ReferralSource.shape.status.optional() })
      .refine((b) => b.name !== undefined || b.status !== undefined, 'give a name or a status'),
  }),
  async run(ctx, { sourceId, expectedVersion, patch }): Promise<ReferralSource> {
    const { store, clock, actor } = ctx;
    const current = asRead('referral source', await store.referralSources.get(actor.orgId, sourceId), expectedVersion);
    const source = await store.referralSources.update(actor.orgId, current.id, current.version, patch, clock.now());
    ctx.raise({ type: 'ReferralSourceChanged', source, fields: Object.keys(patch) });
    return source;
  },
});
