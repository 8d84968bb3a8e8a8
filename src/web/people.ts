/** People as the pages name them, and their names looked up by id in one read per kind. */
import type { WebDeps } from './operations.js';
import type { Beneficiary, Contact, StaffUser, Volunteer } from '../domain/index.js';
import type { Records } from '../store/ports.js';

/**
 * A name as text isolated from what surrounds it (Unicode FSI … PDI, what `<bdi>` does in
 * markup): a name in Arabic or Hebrew, or one carrying a right-to-left override, keeps its own
 * direction without reordering the rest of the line, in a page, a title, an option or an e-mail.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** A household's or a section's name when it has one, else the contact's first and last names, isolated. */
export function displayName(person: { contact: Contact; groupName?: string | undefined }): string {
  return isolate(person.groupName ?? [person.contact.firstName, person.contact.lastName].filter(Boolean).join(' '));
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
  deps: WebDeps,
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
