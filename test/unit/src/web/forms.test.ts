import { describe, expect, it } from 'vitest';
import { choices, errorsFrom, input, many, one } from '../../../../src/web/forms.js';
import { toString } from '../../../../src/web/html.js';
import { safeNext } from '../../../../src/web/pages/session.js';

describe('form fields', () => {
  it('ties the hint and the error to the control and keeps what was typed', () => {
    const markup = toString(
      input({
        name: 'email',
        label: 'E-mail',
        hint: 'Hint',
        form: { values: { email: 'a@"b' }, errors: { email: 'Wrong' } },
      }),
    );
    expect(markup).toContain('<label for="f-email">E-mail</label>');
    expect(markup).toContain('aria-describedby="f-email-hint f-email-error"');
    expect(markup).toContain('aria-invalid="true"');
    expect(markup).toContain('value="a@&quot;b"');
    expect(markup).toContain('<p class="error" id="f-email-error">Wrong</p>');
  });

  it('never sends a password back', () => {
    expect(
      toString(
        input({ name: 'password', label: 'P', type: 'password', form: { values: { password: 'secret' }, errors: {} } }),
      ),
    ).not.toContain('secret');
  });

  it('ticks the choices that were posted', () => {
    const markup = toString(
      choices({
        name: 'languages',
        label: 'L',
        form: { values: { languages: ['nl'] }, errors: {} },
        choices: [
          { value: 'fr', label: 'FR' },
          { value: 'nl', label: 'NL' },
        ],
      }),
    );
    expect(markup).toMatch(/value="nl" checked/);
    expect(markup).not.toMatch(/value="fr" checked/);
  });

  it('reads posted values as one string or a list', () => {
    expect(one({ a: [' x ', 'y'] }, 'a')).toBe('x');
    expect(many({ a: 'x' }, 'a')).toEqual(['x']);
    expect(many({ a: ['', ' y'] }, 'a')).toEqual(['y']);
    expect(one({}, 'a')).toBe('');
  });

  it('sends each issue to the field of its longest listed path, once', () => {
    const errors = errorsFrom(
      [
        { field: 'body.contact.email', message: 'bad' },
        { field: 'body.contact', message: 'bad' },
        { field: 'body.place.postcode', message: 'bad' },
        { field: 'body.availability[2].end', message: 'bad' },
        { field: 'body.extra', message: 'unknown field' },
      ],
      {
        contact: 'firstName',
        'contact.email': 'email',
        place: 'municipality',
        'place.postcode': 'postcode',
        availability: 'slots',
      },
      (f) => `msg:${f}`,
      'form',
    );
    expect(errors).toEqual({
      email: 'msg:email',
      firstName: 'msg:firstName',
      postcode: 'msg:postcode',
      slots: 'msg:slots',
      form: 'msg:form',
    });
  });
});

describe('sign-in redirect', () => {
  it.each([
    ['/app/beneficiaries?x=1', '/app/beneficiaries?x=1'],
    ['/app', '/app'],
    ['//evil.example/app', '/app'],
    ['https://evil.example/app', '/app'],
    ['/app//evil.example', '/app'],
    ['/application', '/app'],
    ['/app\\evil', '/app'],
    ['', '/app'],
  ])('%s goes to %s', (next, to) => {
    expect(safeNext(next)).toBe(to);
  });
});
