/**
 * Who a volunteer's change reaches: the beneficiaries whose kept candidates they would now enter.
 * The incremental recompute (around.ts) re-ranks exactly these, and the reconciliation sweep
 * (reconcile.ts) asks the same question of a change whose recompute may have been lost.
 */
import { rank, type RankInput } from '../../../scoring/index.js';
import type { Proposal } from '../../domain/index.js';

/** Where the one volunteer of `input` stands with each of its beneficiaries: their score, by beneficiary. */
export function offers(input: RankInput): Map<string, number> {
  const { candidates } = rank(
    { ...input, programme: { ...input.programme, topK: 1 } },
    { today: input.referenceDate! },
  );
  return new Map(candidates.map((c) => [c.beneficiaryId, c.score]));
}

/** Whether a volunteer offering `score` (none: not a candidate) enters a beneficiary's `kept` proposals. */
export function enters(
  score: number | undefined,
  volunteerId: string,
  kept: readonly Proposal[],
  topK: number,
): boolean {
  if (score === undefined) return false;
  if (kept.length < topK) return true;
  const last = kept.reduce((worst, p) => (p.rank > worst.rank ? p : worst));
  return score > last.score || (score === last.score && volunteerId < last.volunteerId);
}
