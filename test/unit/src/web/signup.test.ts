import { describe, expect, it } from 'vitest';
import { SignUp } from '../../../../src/domain/requests.js';
import type { Organisation } from '../../../../src/domain/index.js';
import { PRIVACY_VERSION, signUpBody } from '../../../../src/web/pages/signup.js';

const org = { slug: 'mentorat-liege' } as Organisation;
const form = {
  firstName: 'Anne',
  lastName: '',
  email: ' Anne.Dupont@Mail.example ',
  phone: '',
  municipality: 'liege',
  postcode: '4000',
  maxDistanceKm: '5',
  languages: ['fr', 'ar'],
  skills: 'job_search',
  slots: ['wed-afternoon'],
  capacity: '1',
  programmes: 'mentorat-liege',
  consent: 'yes',
};

describe('the sign-up form as the API takes it', () => {
  it('is a valid sign-up for the API schema, with the privacy text version and the place coarsened there', () => {
    const { body, problems } = signUpBody(form, org, 'fr');
    expect(problems).toEqual({});
    const parsed = SignUp.parse(body);
    expect(parsed).toMatchObject({
      organisation: 'mentorat-liege',
      programmes: ['mentorat-liege'],
      locale: 'fr',
      consent: { accepted: true, textVersion: PRIVACY_VERSION },
      contact: { firstName: 'Anne', email: 'anne.dupont@mail.example' },
      languages: ['fr', 'ar'],
      skills: ['job_search'],
      availability: [{ day: 'wed', start: '13:00', end: '17:00' }],
      place: { municipality: 'Liège', postcode: '4000' },
      capacity: 1,
    });
    expect(parsed.contact.lastName).toBeUndefined();
    expect(Number.isInteger(parsed.place.location.lat * 1000)).toBe(true);
  });

  it('names what the form itself cannot read, and the schema refuses the rest', () => {
    const { body, problems, places } = signUpBody(
      { ...form, municipality: 'Halle', hours_mon: 'soon', consent: undefined },
      org,
      'nl',
    );
    expect(problems).toEqual({ municipality: 'municipalityChoose', hours_mon: 'hours' });
    expect(places.length).toBeGreaterThanOrEqual(2);
    const result = SignUp.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['place', 'consent.accepted']),
    );
  });
});
