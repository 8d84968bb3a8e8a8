/**
 * An organisation's referral sources (a CPAS, the province's volunteer service, schools): kept by
 * coordinators, chosen at intake, filtered on in the waiting list, counted in the statistics. A
 * source is retired rather than deleted, so past referrals keep their name.
 */
import type { LocalizedName, ReferralSource } from '../domain/index.js';
import { audit, newId, requireRole, type Actor, type ServiceDeps } from './context.js';
import { listAll } from '../store/paging.js';

const KEEPERS = ['coordinator', 'admin'] as const;
const READERS = ['mediator', 'coordinator', 'admin'] as const;

export class ReferralSourceService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Every source of the organisation, active ones first, then by name. */
  async list(actor: Actor): Promise<ReferralSource[]> {
    requireRole(actor, READERS);
    const all = await listAll(this.deps.store.referralSources, actor.orgId, {});
    const label = (s: ReferralSource) => s.name.fr ?? s.name.nl ?? s.name.en ?? '';
    return all.sort(
      (a, b) => Number(a.status === 'retired') - Number(b.status === 'retired') || label(a).localeCompare(label(b)),
    );
  }

  async create(actor: Actor, name: LocalizedName): Promise<ReferralSource> {
    requireRole(actor, KEEPERS);
    const at = this.deps.clock.now().toISOString();
    const source = await this.deps.store.referralSources.insert({
      id: newId('ref'),
      orgId: actor.orgId,
      version: 1,
      createdAt: at,
      updatedAt: at,
      name,
      status: 'active',
    });
    await audit(this.deps, actor, 'referral_source.create', { kind: 'referral_source', id: source.id });
    return source;
  }

  /** Renames, retires or brings back a source, from the version the coordinator saw. */
  async update(
    actor: Actor,
    id: string,
    expectedVersion: number,
    patch: { name?: LocalizedName; status?: ReferralSource['status'] },
  ): Promise<ReferralSource> {
    requireRole(actor, KEEPERS);
    const updated = await this.deps.store.referralSources.update(
      actor.orgId,
      id,
      expectedVersion,
      patch,
      this.deps.clock.now(),
    );
    await audit(
      this.deps,
      actor,
      'referral_source.update',
      { kind: 'referral_source', id },
      { fields: Object.keys(patch) },
    );
    return updated;
  }
}
