/** People as the pages name them, and their names looked up by id in one read per kind. */
import type { ApiDeps } from '../api/deps.js';
import type { Beneficiary, Contact, StaffUser, Volunteer } from '../domain/index.js';
import type { Records } from '../store/ports.js';

/** A household's or a section's name when it has one, else the contact's first and last names. */
export function displayName(person: { contact: Contact; groupName?: string | undefined }): string {
  return person.groupName ?? [person.contact.firstName, person.contact.lastName].filter(Boolean).join(' ');
}

export interface People {
  volunteers: Map<string, Volunteer>;
  beneficiaries: Map<string, Beneficiary>;
  staff: Map<string, StaffUser>;
}

/** The records of these ids that still exist, by id (reads by id: the stores' fastest path). */
async function byId<T extends { id: string; orgId: string; version: number }>(
  repo: Records<T>,
  orgId: string,
  ids: string[] = [],
): Promise<Map<string, T>> {
  const found = await Promise.all([...new Set(ids)].map((id) => repo.find(orgId, id)));
  return new Map(found.filter((r): r is Awaited<T> => r !== null).map((r) => [r.id, r]));
}

export async function loadPeople(
  deps: ApiDeps,
  orgId: string,
  ids: { volunteers?: string[]; beneficiaries?: string[]; staff?: string[] },
): Promise<People> {
  const { store } = deps;
  const [volunteers, beneficiaries, staff] = await Promise.all([
    byId(store.volunteers, orgId, ids.volunteers),
    byId(store.beneficiaries, orgId, ids.beneficiaries),
    byId(store.staff, orgId, ids.staff),
  ]);
  return { volunteers, beneficiaries, staff };
}

/** The name behind an id, or a dash when the person is gone (erased). */
export function nameIn<T extends { contact: Contact; groupName?: string | undefined }>(
  map: Map<string, T>,
  id: string,
): string {
  const person = map.get(id);
  return person ? displayName(person) : '—';
}
