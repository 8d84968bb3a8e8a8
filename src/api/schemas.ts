/** Schemas shared by the routes: path ids, paging, flags in query strings. */
import { z } from 'zod';
import { Id } from '../domain/index.js';
import { IdempotencyKey } from '../services/idempotency.js';

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
    .regex(/^"[1-9]\d{0,14}"$/, 'must be a quoted version, as ETag gave it')
    .optional(),
});

/** An optional `Idempotency-Key`: the same key again stores nothing more and answers the same. */
export const IdempotencyHeader = z.looseObject({ 'idempotency-key': IdempotencyKey.optional() });

/** `If-Match` and an optional `Idempotency-Key`. */
export const IfMatchAndKey = IfMatch.extend(IdempotencyHeader.shape);

/** `If-Match: "3"` as the version the caller read (absent: whatever is there now); commands refuse another with 412. */
export const ifMatch = (headers: { 'if-match'?: string | undefined }): number | undefined =>
  headers['if-match'] ? Number(headers['if-match'].slice(1, -1)) : undefined;

export const Localized = z.strictObject({ fr: z.string(), nl: z.string(), en: z.string() });
