import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../../src/api/openapi.js';
import { API_BASE } from '../../../../src/http/route.js';
import { ROUTES } from '../../../../src/api/routes/index.js';

/** The routes issue 5 names, which other tools and tests rely on. */
const REQUIRED = [
  'post /session',
  'delete /session',
  'get /me',
  'get /programmes',
  'post /programmes',
  'get /programmes/{id}',
  'patch /programmes/{id}',
  'post /volunteers',
  'get /volunteers/confirm/{token}',
  'get /volunteers',
  'get /volunteers/{id}',
  'patch /volunteers/{id}',
  'post /volunteers/{id}/screening',
  'post /beneficiaries',
  'get /beneficiaries',
  'get /beneficiaries/{id}',
  'patch /beneficiaries/{id}',
  'get /beneficiaries/{id}/proposals',
  'get /programmes/{id}/plan',
  'post /proposals/{id}/reject',
  'post /tandems',
  'get /tandems',
  'post /tandems/{id}/first-meeting',
  'post /tandems/{id}/check-ins',
  'post /tandems/{id}/close',
  'post /programmes/{id}/match-runs',
  'get /match-runs/{id}',
  'get /stats',
  'get /audit',
  'get /people/{id}/export',
  'delete /people/{id}',
];

describe('the OpenAPI document', () => {
  const document = buildOpenApi(ROUTES, API_BASE) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[] }>>;
  };

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('has every route of the table, and every route the issue names', () => {
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path.slice(API_BASE.length)}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of REQUIRED) expect(documented).toContain(route);
  });

  it('gives each operation a unique id, and declares each path parameter', () => {
    const ops = Object.entries(document.paths).flatMap(([path, o]) => Object.values(o).map((op) => ({ path, op })));
    expect(new Set(ops.map(({ op }) => op.operationId)).size).toBe(ops.length);
    for (const { path, op } of ops) {
      for (const [, name] of path.matchAll(/\{(\w+)\}/g))
        expect(
          op.parameters?.some((p) => p.in === 'path' && p.name === name),
          `${path} ${name}`,
        ).toBe(true);
    }
  });

  it('refers to shared schemas by name', () => {
    const text = JSON.stringify(document);
    expect(text).toContain('#/components/schemas/Volunteer');
    expect(text).not.toContain('#/$defs/');
  });

  it('lists every status a route answers: 401 at sign-in, 404 for unknown ids, 412 for If-Match, 413 and 415 everywhere', () => {
    const statuses = (method: string, path: string) =>
      Object.keys((document.paths[`${API_BASE}${path}`]![method] as unknown as { responses: object }).responses);
    expect(statuses('post', '/session')).toEqual(expect.arrayContaining(['401', '429']));
    for (const r of ROUTES) {
      const listed = statuses(r.method, r.path);
      expect(listed, `${r.method} ${r.path}`).toEqual(expect.arrayContaining(['400', '413', '415', '500', '503']));
      if (r.params || r.query || r.body) expect(listed, `${r.method} ${r.path}`).toContain('404');
      if (r.headers && 'if-match' in (r.headers as unknown as { shape: object }).shape)
        expect(listed, `${r.method} ${r.path}`).toContain('412');
    }
    expect(statuses('post', '/tandems')).toContain('404');
    expect(statuses('patch', '/volunteers/{id}')).toContain('412');
  });
});
