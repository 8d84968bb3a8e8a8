/** Walking and paging a repository's listings, the same way for every caller. */
import type { Page, Records, Where } from './ports.js';

/** Records read per page when walking a whole listing (the store's largest page). */
const PAGE = 1000;

/** Every record matching `where`, read page by page. */
export async function listAll<T extends { id: string; orgId: string; version: number }>(
  repo: Records<T>,
  orgId: string,
  where: Where<T>,
): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await repo.list(orgId, where, { limit: PAGE, skip });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

/** One page of a listing with the total, as the API and the pages show it. */
export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
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
): Promise<PageOf<T>> {
  const { limit, offset } = paging;
  if (!predicate) {
    const [items, total] = await Promise.all([
      repo.list(orgId, where, { sort, limit, skip: offset }),
      repo.count(orgId, where),
    ]);
    return { items, total, limit, offset };
  }
  return sliceOf(sortBy((await listAll(repo, orgId, where)).filter(predicate), sort), paging);
}

/** Sorts records in memory by the first key of a store sort, the way the store would. */
export function sortBy<T>(records: T[], sort: Page<T>['sort']): T[] {
  const key = Object.entries(sort ?? {})[0] as [keyof T, 1 | -1] | undefined;
  if (key) records.sort((a, b) => (a[key[0]] < b[key[0]] ? -key[1] : a[key[0]] > b[key[0]] ? key[1] : 0));
  return records;
}

/** One page of records already in memory. */
export function sliceOf<T>(all: T[], paging: { limit: number; offset: number }): PageOf<T> {
  const { limit, offset } = paging;
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
}
