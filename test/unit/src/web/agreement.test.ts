import { describe, expect, it } from 'vitest';
import { agreement, agreementLocales } from '../../../../src/web/agreement.js';
import { toString } from '../../../../src/web/html.js';
import { createI18n } from '../../../../src/web/i18n.js';

const i18n = createI18n();
const facts = {
  organisation: 'Projet 109',
  programme: {
    name: { fr: 'Mentorat Liège', nl: 'Mentoraat Luik', en: 'Liège mentoring' },
    meetingRhythm: { minutes: 120, every: 'week' as const },
    expectedDurationMonths: 6,
  },
  volunteer: 'Marie',
  beneficiary: 'Samir',
  guardian: 'Leila Haddad',
  mediator: { name: 'Anne Dubois', email: 'anne@109.example' },
  meeting: { date: '2026-12-03', time: '14:30', place: 'Bibliothèque Chiroux' },
};

describe('the tandem agreement', () => {
  it("is in the volunteer's language and the beneficiary's, one when they share it, the reader's when tandem writes none of theirs", () => {
    expect(agreementLocales({ locale: 'nl', languages: ['nl', 'fr'] }, { languages: ['ar', 'fr'] }, 'en')).toEqual([
      'nl',
      'fr',
    ]);
    expect(agreementLocales({ languages: ['fr'] }, { languages: ['fr', 'ar'] }, 'nl')).toEqual(['fr']);
    expect(agreementLocales({ languages: ['fr'] }, { languages: ['ar', 'ps'] }, 'en')).toEqual(['fr', 'en']);
  });

  it('fills each version with both first names, the rhythm, the first meeting and the signatures, in its language', () => {
    const out = toString(agreement(facts, ['fr', 'nl'], (l) => i18n.getFixedT(l)));
    const [fr, nl] = out.split('<section').slice(1);
    expect(fr).toContain('lang="fr"');
    expect(fr).toContain('Marie, bénévole, et Samir commencent un tandem.');
    expect(fr).toContain('Nous nous voyons 2\u00a0heures par semaine, pendant environ 6 mois.');
    expect(fr).toContain('Première rencontre\u00a0: le 3 décembre 2026 à 14\u00a0h\u00a030, Bibliothèque Chiroux.');
    expect(fr).toContain('Leila Haddad, pour Samir (parent ou tuteur·rice)');
    expect(nl).toContain('lang="nl"');
    expect(nl).toContain('We zien elkaar 2\u00a0uur per week, ongeveer 6 maanden lang.');
    expect(nl).toContain('Eerste ontmoeting: op 3 december 2026 om 14:30, Bibliothèque Chiroux.');
    expect(out).toContain('agreement--2');
  });

  it('leaves the first meeting to arrange when none is planned, and names as text', () => {
    const out = toString(
      agreement({ ...facts, meeting: undefined, volunteer: '<b>Marie</b>' }, ['en'], (l) => i18n.getFixedT(l)),
    );
    expect(out).toContain('First meeting: to be arranged with Anne Dubois.');
    expect(out).toContain('&lt;b&gt;Marie&lt;/b&gt;, a volunteer');
    expect(out).toContain('agreement--1');
  });
});
