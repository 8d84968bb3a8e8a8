/** Schemas shared by the routes: path ids, paging, flags in query strings. */
import { z } from 'zod';
import { Id } from '../domain/index.js';
import { HttpError } from '../http/http-error.js';

export const IdParams = z.strictObject({ id: Id });

/** Query-string booleans: `true` or `false`, nothing else (z.coerce.boolean reads "false" as true). */
export const QueryFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export function Paged<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    total: z.number().int().min(0),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

/** `If-Match: "3"`: the version the caller read; a stale one is refused rather than overwritten. */
export const IfMatch = z.looseObject({
  'if-match': z
    .string()
    .regex(/^"\d+"$/, 'must be a quoted version, as ETag gave it')
    .optional(),
});

/** `If-Match: "3"` as the version the caller read (absent: the one there now), for a command to check. */
export const ifMatch = (headers: { 'if-match'?: string | undefined }) =>
  headers['if-match'] ? Number(headers['if-match'].slice(1, -1)) : undefined;

/** The version to update from: the one just read, if the caller's If-Match (when given) names it. */
export function expectedVersion(headers: { 'if-match'?: string | undefined }, current: { version: number }): number {
  if (headers['if-match'] && headers['if-match'] !== `"${current.version}"`)
    throw new HttpError(412, 'precondition_failed', `the record is at version ${current.version}`);
  return current.version;
}

export const Localized = z.strictObject({ fr: z.string(), nl: z.string(), en: z.string() });
