/**
 * What callers may send, walked through the OpenAPI document generated from the route table (so a
 * new route or field is covered at once): every number is bounded on both sides, so the core
 * stays finite, and every text has a length limit or a fixed form.
 */
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../../src/api/openapi.js';
import { ROUTES } from '../../../../src/api/routes/index.js';
import { API_BASE } from '../../../../src/http/route.js';

type Schema = Record<string, unknown>;

const document = buildOpenApi(ROUTES, API_BASE) as {
  paths: Record<string, Record<string, { parameters?: { name: string; schema: Schema }[]; requestBody?: Schema }>>;
  components: { schemas: Record<string, Schema> };
};

/** Every leaf schema under `schema`, with its path (`$ref`s followed once each). */
function leaves(schema: unknown, path: string, seen = new Set<string>()): { path: string; schema: Schema }[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    const id = s.$ref.replace('#/components/schemas/', '');
    if (seen.has(id)) return [];
    return leaves(document.components.schemas[id], path, new Set([...seen, id]));
  }
  const found: { path: string; schema: Schema }[] = [];
  if (s.type === 'number' || s.type === 'integer' || s.type === 'string') found.push({ path, schema: s });
  for (const [key, sub] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
    found.push(...leaves(sub, `${path}.${key}`, seen));
  for (const key of ['items', 'additionalProperties'] as const) found.push(...leaves(s[key], `${path}[]`, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const)
    for (const sub of (s[key] as unknown[] | undefined) ?? []) found.push(...leaves(sub, path, seen));
  return found;
}

const inputs = Object.entries(document.paths).flatMap(([path, ops]) =>
  Object.entries(ops).flatMap(([method, op]) => [
    ...(op.parameters ?? []).flatMap((p) => leaves(p.schema, `${method} ${path} ${p.name}`)),
    ...leaves(
      (op.requestBody as { content?: { 'application/json'?: { schema?: Schema } } } | undefined)?.content?.[
        'application/json'
      ]?.schema,
      `${method} ${path} body`,
    ),
  ]),
);

const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

describe('what callers may send', () => {
  it('reaches numbers and texts in every route', () => {
    expect(inputs.filter((i) => i.schema.type !== 'string').length).toBeGreaterThan(20);
    expect(inputs.filter((i) => i.schema.type === 'string').length).toBeGreaterThan(50);
  });

  it('bounds every number on both sides', () => {
    const unbounded = inputs
      .filter(({ schema: s }) => s.type === 'number' || s.type === 'integer')
      .filter(
        ({ schema: s }) =>
          !(finite(s.minimum) || finite(s.exclusiveMinimum)) || !(finite(s.maximum) || finite(s.exclusiveMaximum)),
      )
      .map((i) => i.path);
    expect(unbounded).toEqual([]);
  });

  it('limits the length of every text, or fixes its form', () => {
    const unlimited = inputs
      .filter(({ schema: s }) => s.type === 'string')
      .filter(({ schema: s }) => !finite(s.maxLength) && !s.pattern && !s.enum && s.const === undefined && !s.format)
      .map((i) => i.path);
    expect(unlimited).toEqual([]);
  });
});
