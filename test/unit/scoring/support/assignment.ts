import { expect } from 'vitest';
import type { AssignInput, Assignment } from '../../../../scoring/index.js';
import { cmpId } from './oracle.js';

/** Checks an assignment against the rules of `assign` in the contract; returns the sum of its pairs. */
export function checkAssignment(input: AssignInput, out: Assignment): number {
  const edge = new Map(input.edges.map((e) => [`${e.volunteerId}\u0000${e.beneficiaryId}`, e.score]));
  const capacity = new Map(input.volunteers.map((v) => [v.id, v.capacity]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  let sum = 0;
  out.pairs.forEach((p, i) => {
    const score = edge.get(`${p.volunteerId}\u0000${p.beneficiaryId}`);
    expect(score, `pair ${p.volunteerId}/${p.beneficiaryId} is not an edge`).toBeDefined();
    expect(p.score).toBe(score);
    expect(seen.has(p.beneficiaryId), `${p.beneficiaryId} paired twice`).toBe(false);
    seen.add(p.beneficiaryId);
    load.set(p.volunteerId, (load.get(p.volunteerId) ?? 0) + 1);
    expect(load.get(p.volunteerId)!, `${p.volunteerId} over capacity`).toBeLessThanOrEqual(
      capacity.get(p.volunteerId)!,
    );
    const prev = out.pairs[i - 1];
    if (prev)
      expect(cmpId(prev.beneficiaryId, p.beneficiaryId) || cmpId(prev.volunteerId, p.volunteerId)).toBeLessThan(0);
    sum += p.score;
  });
  expect(Math.abs(out.totalScore - sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
  return sum;
}
