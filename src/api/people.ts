/** What the volunteer and beneficiary routes share: filters on places and names. */
import { z } from 'zod';
import { type Place, type Contact } from '../domain/index.js';
import { fold, municipalitiesNamed } from '../domain/places.js';

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
