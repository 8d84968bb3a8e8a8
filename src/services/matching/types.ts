/** What the matching steps return and pass between them (plain JSON where it may travel through Redis). */
import type { Proposal, RecordMetaKey } from '../../domain/index.js';

export interface RecomputeResult {
  programmeId: string;
  volunteers: number;
  beneficiaries: number;
  /** Feasible (volunteer, beneficiary) pairs found; the best topK of each beneficiary's are kept as proposals. */
  feasiblePairs: number;
  proposals: number;
  /** Pairs in the optimal assignment over the new proposals (a full recompute only). */
  pairs?: number;
  /** Beneficiaries left without any feasible volunteer. */
  unmatched: number;
  elapsedMs: number;
}

export interface ProgrammePlan {
  programmeId: string;
  /** The proposals chosen by the optimal assignment, by beneficiary. */
  pairs: Proposal[];
  totalScore: number;
  /** Waiting beneficiaries of the programme that the plan leaves without a pair. */
  unpaired: number;
}

/** A proposal before it is stored: the scored pair, its explanations and the versions it was computed from. */
export type ProposalDraft = Omit<Proposal, RecordMetaKey | 'programmeId' | 'computedAt' | 'runId' | 'supersededAt'>;

/** What ranking one region of a programme gives, for the step that writes the run (plain JSON: it may travel through Redis). */
export interface RegionPart {
  index: number;
  /** When its people were read. */
  snapshotAt: string;
  drafts: ProposalDraft[];
  /** The volunteers with a free slot it ranked (its halo included), with their free slots. */
  volunteers: { id: string; capacity: number }[];
  /** The waiting beneficiaries of the region. */
  beneficiaries: string[];
  feasiblePairs: number;
  unmatched: number;
}
