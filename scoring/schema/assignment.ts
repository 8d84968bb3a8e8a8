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

/**
 * An `assign` input as columns: people by their index in the input lists, edges as three
 * typed arrays. What a large input is turned into instead of objects.
 */
export interface AssignColumns {
  volunteerIds: readonly string[];
  capacity: Float64Array;
  beneficiaryIds: readonly string[];
  edgeV: Int32Array;
  edgeB: Int32Array;
  score: Float64Array;
}

export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
export const hasExactly = (x: Record<string, unknown>, keys: readonly string[]) =>
  Object.keys(x).length === keys.length && keys.every((k) => Object.hasOwn(x, k));
export const isPersonId = (x: unknown): x is string => typeof x === 'string' && x.length >= 1 && x.length <= 200;

/**
 * One pass over a parsed document straight into columns, ids interned as it goes, with exactly
 * the checks of AssignInput; null when any fails, and then AssignInput says what and where
 * (this pass only finds that something is wrong, fast).
 */
export function assignColumns(data: unknown): AssignColumns | null {
  if (!isObject(data) || !hasExactly(data, ['volunteers', 'beneficiaries', 'edges'])) return null;
  const { volunteers, beneficiaries, edges } = data;
  if (!Array.isArray(volunteers) || !Array.isArray(beneficiaries) || !Array.isArray(edges)) return null;
  const vIndex = new Map<string, number>();
  const capacity = new Float64Array(volunteers.length);
  for (let i = 0; i < volunteers.length; i++) {
    const v: unknown = volunteers[i];
    if (!isObject(v) || !hasExactly(v, ['id', 'capacity']) || !isPersonId(v.id) || vIndex.has(v.id)) return null;
    const c = v.capacity;
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 0) return null;
    vIndex.set(v.id, i);
    capacity[i] = c;
  }
  const bIndex = new Map<string, number>();
  for (let i = 0; i < beneficiaries.length; i++) {
    const b: unknown = beneficiaries[i];
    if (!isObject(b) || !hasExactly(b, ['id']) || !isPersonId(b.id) || bIndex.has(b.id)) return null;
    bIndex.set(b.id, i);
  }
  const n = edges.length;
  const edgeV = new Int32Array(n);
  const edgeB = new Int32Array(n);
  const score = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const e: unknown = edges[k];
    if (!isObject(e) || !hasExactly(e, ['volunteerId', 'beneficiaryId', 'score'])) return null;
    const { volunteerId, beneficiaryId, score: s } = e;
    if (!isPersonId(volunteerId) || !isPersonId(beneficiaryId) || typeof s !== 'number' || !Number.isFinite(s))
      return null;
    const v = vIndex.get(volunteerId);
    const b = bIndex.get(beneficiaryId);
    if (v === undefined || b === undefined) return null;
    edgeV[k] = v;
    edgeB[k] = b;
    score[k] = s;
  }
  // A pair given twice: each beneficiary's edges, marking the volunteers seen.
  const start = new Int32Array(beneficiaries.length + 1);
  for (let k = 0; k < n; k++) start[edgeB[k]! + 1]!++;
  for (let i = 0; i < beneficiaries.length; i++) start[i + 1]! += start[i]!;
  const byB = new Int32Array(n);
  for (let k = 0; k < n; k++) byB[start[edgeB[k]!]!++] = k;
  const seenBy = new Int32Array(volunteers.length).fill(-1);
  for (let at = 0; at < n; at++) {
    const k = byB[at]!;
    if (seenBy[edgeV[k]!] === edgeB[k]) return null;
    seenBy[edgeV[k]!] = edgeB[k]!;
  }
  return {
    volunteerIds: volunteers.map((v: { id: string }) => v.id),
    capacity,
    beneficiaryIds: beneficiaries.map((b: { id: string }) => b.id),
    edgeV,
    edgeB,
    score,
  };
}
