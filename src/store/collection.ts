/**
 * A record collection over a driver, the same for both adapters: every write validated against
 * the domain schema first, every query carrying the organisation, listings filtered and paged
 * only in ways both servers answer.
 */
import { withArticle } from '../domain/text.js';
import type { z } from 'zod';
import { ConflictError } from '../errors/conflict-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import { type CollectionSpec } from './collections.js';
import { DuplicateKeyError, type CollectionDriver, type Doc, type Filter, type Update } from './driver.js';
import type { Box, Page, Patch, Records, Where } from './ports.js';

import { type Locks } from './locks.js';
export type Meta = { id: string; orgId: string; version: number };
export type Stored = Record<string, unknown>;

const META_KEYS = new Set(['id', 'orgId', 'version', 'createdAt', 'updatedAt']);
const MAX_LIMIT = 1000;

export function toDoc(record: Stored, extra: Stored = {}): Doc {
  const { id, ...rest } = record;
  return { _id: id as string, ...rest, ...extra };
}

/** A stored document as a record: `_id` back to `id`, internal `_…` fields dropped. */
export function fromDoc<T>(doc: Doc): T {
  const out: Stored = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) out[key] = value;
  return out as T;
}

export function validate<T>(schema: z.ZodType | undefined, value: T, prefix: (string | number)[] = []): T {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, prefix);
  return result.data as T;
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
/** A top-level field name: nothing an operator (`$where`) or a path could hide in. */
const FIELD = /^[A-Za-z][A-Za-z0-9]*$/;

/** The values of `{ in: [...] }`, if that is what `value` is. */
export function inValues(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Object.keys(value).join() !== 'in') return undefined;
  const values = (value as { in: unknown }).in;
  return Array.isArray(values) && values.every(isScalar) ? values : undefined;
}

/** A listing filter from its caller, checked: field names only, scalar values only. */
export function whereFilter(where: Record<string, unknown> = {}): Filter {
  const filter: Filter = {};
  for (const [field, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (!FIELD.test(field)) throw new ValidationError([{ field: `where.${field}`, message: 'unknown field' }]);
    const values = inValues(value);
    if (isScalar(value)) filter[field] = value;
    else if (values) filter[field] = { $in: values };
    else throw new ValidationError([{ field: `where.${field}`, message: 'must be a value or { in: [values] }' }]);
  }
  return filter;
}

export function pageOptions(page: Page<unknown> = {}) {
  const sort: Record<string, 1 | -1> = {};
  for (const [field, dir] of Object.entries(page.sort ?? {})) {
    if (!FIELD.test(field) || (dir !== 1 && dir !== -1))
      throw new ValidationError([{ field: `sort.${field}`, message: 'must be 1 or -1 on a field' }]);
    sort[field === 'id' ? '_id' : field] = dir;
  }
  if (!('_id' in sort)) sort._id = 1;
  const limit = page.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new ValidationError([{ field: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` }]);
  const skip = page.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0)
    throw new ValidationError([{ field: 'skip', message: 'must be an integer >= 0' }]);
  return { sort, limit, skip };
}

export class Collection<T extends Meta> implements Records<T> {
  constructor(
    protected readonly col: CollectionDriver,
    protected readonly spec: CollectionSpec,
    private readonly locks: Locks,
  ) {}

  async insert(record: T): Promise<T> {
    const valid = validate(this.spec.schema, record);
    await this.write(valid, () => this.col.insertOne(toDoc(valid, this.internalFields(valid))));
    return valid;
  }

  /** Fields stored beside the record but not part of it (such as a TTL date). */
  protected internalFields(_record: T): Stored {
    return {};
  }

  async get(orgId: string, id: string): Promise<T> {
    const found = await this.find(orgId, id);
    if (!found) throw new NotFoundError(this.spec.kind, id);
    return found;
  }

  async find(orgId: string, id: string): Promise<T | null> {
    // By _id alone, the organisation checked here: FerretDB 1.x scans the collection for any
    // other filter beside _id. Single-record writes then go by _id too, once this check passed
    // (an organisation never changes: update refuses to).
    const doc = await this.col.findOne({ _id: id });
    return doc && doc.orgId === orgId ? fromDoc<T>(doc) : null;
  }

  async list(orgId: string, where?: Where<T>, page?: Page<T>): Promise<T[]> {
    return this.query({ ...whereFilter(where), orgId }, pageOptions(page));
  }

  async count(orgId: string, where?: Where<T>): Promise<number> {
    return this.col.count({ ...whereFilter(where), orgId });
  }

  async update(orgId: string, id: string, expectedVersion: number, patch: Patch<T>, at: Date): Promise<T> {
    const current = await this.get(orgId, id);
    const conflict = () => new VersionConflictError(this.spec.kind, id, expectedVersion);
    if (current.version !== expectedVersion) throw conflict();
    const $set: Stored = {};
    const $unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (META_KEYS.has(key)) throw new ValidationError([{ field: key, message: 'cannot be changed' }]);
      if (value === undefined) $unset[key] = '';
      else $set[key] = value;
    }
    Object.assign($set, { version: expectedVersion + 1, updatedAt: at.toISOString() });
    const next = { ...current, ...$set } as Stored;
    for (const key of Object.keys($unset)) delete next[key];
    validate(this.spec.schema, next);
    const update: Update = Object.keys($unset).length ? { $set, $unset } : { $set };
    return this.locks.hold(`${this.spec.kind}:${id}:${expectedVersion + 1}`, conflict, () =>
      this.write(next, async () => {
        const doc = await this.col.updateOne({ _id: id, version: expectedVersion }, update);
        if (!doc) throw conflict();
        return fromDoc<T>(doc);
      }),
    );
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    return (await this.find(orgId, id)) !== null && (await this.col.deleteMany({ _id: id })) > 0;
  }

  protected async query(filter: Filter, options?: Parameters<CollectionDriver['find']>[1]): Promise<T[]> {
    return (await this.col.find(filter, options)).map((doc) => fromDoc<T>(doc));
  }

  /** Runs a write; a duplicate key becomes a ConflictError naming the unique key it hit. */
  protected async write<R>(record: Stored, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      throw new ConflictError(
        await this.uniqueKeyTaken(record),
        `${withArticle(this.spec.kind)} with this key already exists`,
      );
    }
  }

  private async uniqueKeyTaken(record: Stored): Promise<string> {
    for (const index of this.spec.indexes.filter((i) => i.unique)) {
      const fields = Object.keys(index.fields);
      const filter = Object.fromEntries(fields.map((f) => [f, record[f]]));
      const holder = await this.col.findOne(filter);
      if (holder && holder._id !== record.id) return `unique:${this.spec.kind}.${fields.join('+')}`;
    }
    return `unique:${this.spec.kind}.id`;
  }
}

/** People with a place: range queries on its coordinates. */
export class People<T extends Meta> extends Collection<T> {
  listInBox(orgId: string, where: Where<T>, box: Box): Promise<T[]> {
    return this.query({
      ...whereFilter(where),
      orgId,
      'place.location.lat': { $gte: box.minLat, $lte: box.maxLat },
      'place.location.lon': { $gte: box.minLon, $lte: box.maxLon },
    });
  }
}
