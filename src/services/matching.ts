/**
 * The matching service: what workers, routes and pages ask of the scoring over stored people. Its
 * steps live in matching/: input.ts (store <-> scoring core), run.ts (whole-programme and
 * per-region runs), around.ts (incremental recompute), plan.ts (plan, why-not, preview),
 * reconcile.ts (whose proposals are older than what they depend on).
 *
 * Only active volunteers with a free slot and waiting beneficiaries (active, no open tandem) are
 * ranked; a volunteer's capacity in the core is what is left of it. Proposals carry the versions
 * of both people and the time their data was read (`computedAt`): a computation never replaces
 * proposals computed from newer data.
 */
import type { ProgrammeRules } from '../../scoring/index.js';
import type { PersonRef, RegionSlice } from '../domain/jobs.js';
import type { Clock, Store } from '../store/ports.js';
import { recomputeAround } from './matching/around.js';
import { MatchingData } from './matching/input.js';
import { nearMisses, plan, preview, whyUnmatched } from './matching/plan.js';
import { staleBeneficiaries } from './matching/reconcile.js';
import { rankRegion, recomputeProgramme, regions, writeRun } from './matching/run.js';
import type { RegionPart } from './matching/types.js';

export type { ProgrammePlan, ProposalDraft, RecomputeResult, RegionPart } from './matching/types.js';

export class MatchingService {
  private readonly data: MatchingData;

  constructor(deps: { store: Store; clock: Clock }) {
    this.data = new MatchingData(deps);
  }

  /** Ranks a whole programme and replaces its current proposals. */
  recomputeProgramme(orgId: string, programmeId: string, opts?: { runId?: string; onProgress?: (f: number) => void }) {
    return recomputeProgramme(this.data, orgId, programmeId, opts);
  }

  /** Longitude slices of the programme's waiting beneficiaries, for a run split across workers. */
  regions(orgId: string, programmeId: string, n: number) {
    return regions(this.data, orgId, programmeId, n);
  }

  /** Ranks one slice of a programme (all of it without one). */
  rankRegion(orgId: string, programmeId: string, slice?: RegionSlice, onProgress?: (f: number) => void) {
    return rankRegion(this.data, orgId, programmeId, slice, onProgress);
  }

  /** Replaces the programme's current proposals by those of a run's parts. */
  writeRun(orgId: string, programmeId: string, parts: RegionPart[], runId?: string) {
    return writeRun(this.data, orgId, programmeId, parts, runId);
  }

  /** Re-ranks the beneficiaries a changed person can affect. */
  recomputeAround(orgId: string, programmeId: string, person: PersonRef) {
    return recomputeAround(this.data, orgId, programmeId, person);
  }

  /** The beneficiaries whose proposals are older than a change (settled before `settledBefore`) they depend on. */
  staleBeneficiaries(orgId: string, programmeId: string, settledBefore: Date) {
    return staleBeneficiaries(this.data, orgId, programmeId, settledBefore);
  }

  /** The optimal assignment over the programme's current proposals and the slots still free. */
  plan(orgId: string, programmeId: string) {
    return plan(this.data, orgId, programmeId);
  }

  /** Why a waiting beneficiary has no feasible volunteer, in the three languages; null when they have one. */
  whyUnmatched(orgId: string, programmeId: string, beneficiaryId: string) {
    return whyUnmatched(this.data, orgId, programmeId, beneficiaryId);
  }

  /** The volunteers one hard rule away from a beneficiary, with that rule, nearest first. */
  nearMisses(orgId: string, programmeId: string, beneficiaryId: string) {
    return nearMisses(this.data, orgId, programmeId, beneficiaryId);
  }

  /** How a waiting beneficiary's candidates would rank under other rules: computed, never stored. */
  preview(orgId: string, programmeId: string, beneficiaryId: string, rules: ProgrammeRules) {
    return preview(this.data, orgId, programmeId, beneficiaryId, rules);
  }
}
