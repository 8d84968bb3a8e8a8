/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod's JSON
 * Schema output is draft 2020-12, the dialect OpenAPI 3.1 uses). Schemas registered in
 * `components` are referenced by name instead of being repeated in every operation.
 */
import { z } from 'zod';
import { VERSION } from '../version.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../http/auth.js';
import { Problem } from './problem.js';
import type { AnyRoute } from '../http/route.js';

/** Schemas named in the document, by id. */
export const components = z.registry<{ id: string }>();

type JsonSchema = Record<string, unknown>;

export function buildOpenApi(routes: readonly AnyRoute[], basePath: string): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = {};
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const {
      $defs,
      $schema: _,
      ...root
    } = z.toJSONSchema(schema, { metadata: components, io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    for (const [id, def] of Object.entries($defs ?? {})) schemas[id] ??= relink(def) as JsonSchema;
    return relink(root) as JsonSchema;
  };
  const problem = {
    description: 'A problem (RFC 9457)',
    content: { 'application/problem+json': { schema: toSchema(Problem, 'output') } },
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters = [
      ...objectParameters(r.params, 'path', toSchema),
      ...objectParameters(r.query, 'query', toSchema),
      ...objectParameters(r.headers, 'header', toSchema),
    ];
    const responses: Record<string, unknown> = {
      [r.status]: r.response
        ? { description: 'Success', content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
        : { description: 'Success, no content' },
    };
    // Any request may carry malformed JSON (400), too large a body (413), one that is not JSON
    // (415), or come while the store is down (503).
    const errors = new Set<number>([400, 413, 415, 500, 503, ...(r.refusals ?? [])]);
    if (r.access !== 'public') [401, 403].forEach((s) => errors.add(s));
    // Unknown ids, in the path, the query or the body.
    if (r.params || r.query || r.body) errors.add(404);
    if (r.conflicts?.length) errors.add(409);
    if (r.headers && 'if-match' in ((r.headers as { shape?: object }).shape ?? {})) errors.add(412);
    if (r.limiter) errors.add(429);
    for (const status of [...errors].sort())
      responses[status] =
        status === 409 ? { ...problem, description: `A rule refused it: ${r.conflicts!.join(', ')}` } : problem;
    (paths[`${basePath}${r.path}`] ??= {})[r.method] = {
      operationId: operationId(r),
      summary: r.summary,
      tags: [r.tag],
      ...(r.access === 'public' ? { security: [] } : { 'x-roles': r.access }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'tandem',
      version: VERSION,
      description: `Matching of volunteers and beneficiaries for mentoring and solidarity-neighbour programmes. Staff sign in with POST ${basePath}/session; every call that changes something then sends the returned CSRF token in ${CSRF_HEADER}.`,
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
    },
  };
}

function objectParameters(
  schema: z.ZodType | undefined,
  where: 'path' | 'query' | 'header',
  toSchema: (s: z.ZodType, io: 'input') => JsonSchema,
) {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** `#/$defs/X` (where zod puts named schemas) to `#/components/schemas/X`. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : relink(v),
      ]),
    );
  }
  return value;
}

function operationId(r: AnyRoute): string {
  const words = r.path
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith('{') ? `by-${seg.slice(1, -1)}` : seg));
  return [r.method, ...words].join('-').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}
