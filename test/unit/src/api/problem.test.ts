import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../../src/http/http-error.js';
import { maskPath } from '../../../../src/logger.js';
import { problemFrom } from '../../../../src/api/problem.js';
import { ConflictError } from '../../../../src/errors/conflict-error.js';
import { ForbiddenError } from '../../../../src/errors/forbidden-error.js';
import { NotFoundError } from '../../../../src/errors/not-found-error.js';
import { StoreUnavailableError } from '../../../../src/errors/store-unavailable-error.js';
import { ValidationError } from '../../../../src/errors/validation-error.js';
import { VersionConflictError } from '../../../../src/errors/version-conflict-error.js';

describe('problemFrom', () => {
  it.each([
    [new ValidationError([{ field: 'body.email', message: 'required' }]), 400, 'validation'],
    [new HttpError(401, 'unauthenticated'), 401, 'unauthenticated'],
    [new ForbiddenError('role'), 403, 'forbidden'],
    [new NotFoundError('volunteer', 'vol_1'), 404, 'not_found'],
    [new ConflictError('volunteer_capacity', 'full'), 409, 'conflict'],
    [new VersionConflictError('tandem', 't', 2), 409, 'version_conflict'],
    [new StoreUnavailableError('down'), 503, 'unavailable'],
    [Object.assign(new Error('too large'), { status: 413, expose: true }), 413, 'payload_too_large'],
    [
      Object.assign(new Error('Unexpected token } in "{"secret": }"'), {
        status: 400,
        expose: true,
        type: 'entity.parse.failed',
      }),
      400,
      'validation',
    ],
    [new Error('boom'), 500, 'internal'],
  ])('%s -> %i %s', (err, status, code) => {
    const { problem } = problemFrom(err, 'en', '/api/v1/x');
    expect(problem).toMatchObject({ status, code, type: `urn:tandem:problem:${code}`, instance: '/api/v1/x' });
  });

  it('names the failing fields and the rule', () => {
    expect(
      problemFrom(new ValidationError([{ field: 'body.email', message: 'required' }]), 'en', '/').problem.errors,
    ).toEqual([{ field: 'body.email', message: 'required' }]);
    expect(problemFrom(new ConflictError('volunteer_capacity', 'full'), 'en', '/').problem.rule).toBe(
      'volunteer_capacity',
    );
  });

  it('tells nothing of an unexpected error to the client, and marks it for the logs', () => {
    const { problem, unexpected } = problemFrom(new Error('secret detail at /srv/app.js:12'), 'en', '/');
    expect(JSON.stringify(problem)).not.toContain('secret');
    expect(unexpected).toBe(true);
  });

  it('does not repeat what the JSON parser quoted of the input', () => {
    const { problem } = problemFrom(
      Object.assign(new Error('Unexpected token in "{"email": "a@b.c"'), { status: 400, expose: true }),
      'en',
      '/',
    );
    expect(JSON.stringify(problem)).not.toContain('a@b.c');
  });

  it("titles the problem in the caller's language", () => {
    const err = new NotFoundError('tandem', 't');
    expect([
      problemFrom(err, 'fr', '/').problem.title,
      problemFrom(err, 'nl', '/').problem.title,
      problemFrom(err, 'en', '/').problem.title,
    ]).toEqual(['Introuvable', 'Niet gevonden', 'Not found']);
  });
});

describe('maskPath', () => {
  it('hides confirmation tokens and drops query strings', () => {
    expect(maskPath('/api/v1/volunteers/confirm/abcDEF123_-xyz?x=1')).toBe('/api/v1/volunteers/confirm/[token]');
    expect(maskPath('/api/v1/volunteers?place=Liège')).toBe('/api/v1/volunteers');
  });
});
