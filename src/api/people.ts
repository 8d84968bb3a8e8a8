/** What the volunteer and beneficiary routes share: places as people give them, listings, recomputes. */
import { z } from 'zod';
import { type Place, type Contact } from '../domain/index.js';
import { fold, municipalitiesNamed } from '../domain/places.js';
import type { PersonRef } from '../domain/jobs.js';
import type { ApiDeps } from '../http/deps.js';
import { causeOf, queueIntents, recomputeJob } from '../services/dispatcher.js';

export function atPlace(filter: string): (record: { place: Place }) => boolean {
  if (/^\d{4}$/.test(filter)) return (r) => r.place.postcode === filter;
  const wanted = fold(filter);
  const towns = new Set(municipalitiesNamed(filter).map((m) => m.nis));
  return ({ place }) =>
    (place.nis !== undefined && towns.has(place.nis)) ||
    [place.municipality, place.locality].some((n) => n !== undefined && fold(n) === wanted);
}

/** `name` filter: part of a first, last or group name (case and accents aside). */
export const NameFilter = z.string().trim().min(1).max(100);

export function named(filter: string): (record: { contact: Contact; groupName?: string | undefined }) => boolean {
  const wanted = fold(filter);
  return ({ contact, groupName }) =>
    fold([contact.firstName, contact.lastName, groupName].filter(Boolean).join(' ')).includes(wanted);
}

/** Every one of the predicates given (none: no predicate at all, so the store pages by itself). */
export function allOf<T>(
  ...predicates: (((r: T) => boolean) | false | '' | undefined)[]
): ((r: T) => boolean) | undefined {
  const given = predicates.filter((p): p is (r: T) => boolean => typeof p === 'function');
  return given.length ? (r) => given.every((p) => p(r)) : undefined;
}

/**
 * Re-ranks around a changed person in each of their programmes, in the background. `cause` names
 * the change (a record id and version), so a retried request does not queue the work twice.
 */
export async function recomputeAround(
  deps: ApiDeps,
  orgId: string,
  programmeIds: readonly string[],
  person: PersonRef,
  cause: string,
): Promise<void> {
  await queueIntents(deps.queue).enqueueIntents(programmeIds.map((p) => recomputeJob(orgId, p, person, cause)));
}

export { causeOf };
