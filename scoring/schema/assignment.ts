import { z } from 'zod';
import { PersonId } from './common.js';

export const Edge = z.strictObject({
  volunteerId: PersonId,
  beneficiaryId: PersonId,
  score: z.number().finite(),
});
export type Edge = z.infer<typeof Edge>;

export const Pair = Edge;
export type Pair = Edge;

/** Input of `assign`: scored edges, volunteer capacities. */
export const AssignInput = z
  .strictObject({
    volunteers: z.array(
      z.strictObject({ id: PersonId, capacity: z.number().int('must be an integer').min(0, 'must be >= 0') }),
    ),
    beneficiaries: z.array(z.strictObject({ id: PersonId })),
    edges: z.array(Edge),
  })
  .check((ctx) => {
    const { volunteers, beneficiaries, edges } = ctx.value;
    const vIds = uniqueIds(ctx, volunteers, 'volunteers');
    const bIds = uniqueIds(ctx, beneficiaries, 'beneficiaries');
    const seen = new Set<string>();
    edges.forEach((e, i) => {
      if (!vIds.has(e.volunteerId))
        ctx.issues.push(issue(['edges', i, 'volunteerId'], `unknown volunteer "${e.volunteerId}"`, e.volunteerId));
      if (!bIds.has(e.beneficiaryId))
        ctx.issues.push(
          issue(['edges', i, 'beneficiaryId'], `unknown beneficiary "${e.beneficiaryId}"`, e.beneficiaryId),
        );
      const key = `${e.volunteerId}\u0000${e.beneficiaryId}`;
      if (seen.has(key)) ctx.issues.push(issue(['edges', i], 'duplicate edge for this pair', e));
      seen.add(key);
    });
  });
export type AssignInput = z.infer<typeof AssignInput>;

/** An optimal assignment: pairs sorted by beneficiaryId then volunteerId. */
export const Assignment = z.strictObject({
  pairs: z.array(Pair),
  totalScore: z.number(),
});
export type Assignment = z.infer<typeof Assignment>;

type IssueSink = { issues: unknown[] };

export function issue(path: (string | number)[], message: string, input: unknown) {
  return { code: 'custom' as const, path, message, input };
}

/** Reports every repeated id at its own path; returns the set of ids. */
export function uniqueIds(ctx: IssueSink, items: readonly { id: string }[], field: string): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    if (ids.has(item.id)) ctx.issues.push(issue([field, i, 'id'], `duplicate id "${item.id}"`, item.id));
    ids.add(item.id);
  });
  return ids;
}
