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

  it('signs up a household with its members and ages, and a youth-movement section with its ages and places', () => {
    const household = signUpBody(
      {
        ...form,
        kind: 'household',
        householdName: 'Famille Lambert',
        memberName1: 'Paul',
        memberAge1: '44',
        memberAge2: '12',
      },
      org,
      'fr',
    );
    expect(household.problems).toEqual({});
    expect(SignUp.parse(household.body)).toMatchObject({
      kind: 'household',
      groupName: 'Famille Lambert',
      members: [
        { firstName: 'Paul', age: 44, languages: [] },
        { age: 12, languages: [] },
      ],
    });
    const section = signUpBody(
      {
        ...form,
        kind: 'section',
        sectionName: 'Chiro Sint-Jozef — Ribbels',
        ageMin: '6',
        ageMax: '8',
        sectionPlaces: '12',
      },
      org,
      'nl',
    );
    expect(section.problems).toEqual({});
    expect(SignUp.parse(section.body)).toMatchObject({
      kind: 'section',
      groupName: 'Chiro Sint-Jozef — Ribbels',
      ageRange: { min: 6, max: 8 },
      capacity: 12,
    });
  });

  it('asks a household for its members and a section for its ages, and keeps a person to three tandems', () => {
    expect(signUpBody({ ...form, kind: 'household', householdName: 'Famille Lambert' }, org, 'fr').problems).toEqual({
      memberAge1: 'members',
    });
    expect(signUpBody({ ...form, kind: 'section', sectionName: 'Patro' }, org, 'fr').problems).toEqual({
      ageMin: 'ageRange',
    });
    const tooMany = SignUp.safeParse({ ...signUpBody(form, org, 'fr').body, capacity: 12 });
    expect(tooMany.error!.issues.map((i) => i.path.join('.'))).toEqual(['capacity']);
  });
});
