/** What the volunteer and beneficiary routes share: places as people give them, listings, recomputes. */
import { z } from 'zod';
import { coarsen, Location } from '../../scoring/index.js';
import { Place, type Contact } from '../domain/index.js';
import { fold, municipalitiesNamed } from '../domain/places.js';
import type { PersonRef } from '../jobs/queue.js';
import { listAll } from '../services/matching.js';
import type { Page, Records, Where } from '../store/ports.js';
import type { ApiDeps } from './deps.js';

/** A place with exact coordinates, coarsened to about 100 m before anything stores it. */
export const PlaceInput = Place.extend({ location: Location.transform(coarsen) });

/** `place` filter: a 4-digit postcode, or a municipality in any of its languages, or a village (case and accents aside). */
export const PlaceFilter = z.string().trim().min(1).max(100);

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
 * One page of a listing and the total. The store filters on top-level fields; a further
 * predicate (on nested fields such as the place) is applied here, over the store's matches.
 */
export async function pageOf<T extends { id: string; orgId: string; version: number }>(
  repo: Records<T>,
  orgId: string,
  where: Where<T>,
  paging: { limit: number; offset: number },
  sort: Page<T>['sort'],
  predicate?: (record: T) => boolean,
): Promise<{ items: T[]; total: number; limit: number; offset: number }> {
  const { limit, offset } = paging;
  if (!predicate) {
    const [items, total] = await Promise.all([
      repo.list(orgId, where, { sort, limit, skip: offset }),
      repo.count(orgId, where),
    ]);
    return { items, total, limit, offset };
  }
  const all = (await listAll(repo, orgId, where)).filter(predicate);
  const key = Object.entries(sort ?? {})[0] as [keyof T, 1 | -1] | undefined;
  if (key) all.sort((a, b) => (a[key[0]] < b[key[0]] ? -key[1] : a[key[0]] > b[key[0]] ? key[1] : 0));
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
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
  const personId = 'volunteerId' in person ? person.volunteerId : person.beneficiaryId;
  for (const programmeId of programmeIds) {
    await deps.queue.enqueue(
      { name: 'recompute', data: { orgId, programmeId, person } },
      { jobId: `recompute:${orgId}:${programmeId}:${personId}:${cause}` },
    );
  }
}

/** A change's name for `recomputeAround`. */
export const causeOf = (record: { id: string; version: number }) => `${record.id}@${record.version}`;
