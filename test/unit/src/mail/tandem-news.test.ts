import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../../scoring/index.js';
import { rhythmText } from '../../../../src/domain/index.js';
import { renderNews, type NewsParams } from '../../../../src/mail/tandem-news.js';

const names = { fr: 'Mentorat Liège', nl: 'Mentoraat Luik', en: 'Liège mentoring' };
const params = (l: Locale): NewsParams => ({
  name: 'Marie',
  volunteer: 'Marie',
  beneficiary: 'Samir',
  programme: names[l],
  organisation: 'Projet 109',
  mediator: { name: 'Anne', email: 'anne@109.example' },
  rhythm: rhythmText({ minutes: 120, every: 'week' }, l),
  meeting: { date: '2026-12-03', time: '14:30', place: 'Bibliothèque Chiroux' },
});

describe('e-mails to the people of a tandem', () => {
  it('writes to a volunteer in their language only, naming the programme in it and the first meeting as planned', () => {
    const nl = renderNews('proposed', 'volunteer', 'nl', params);
    expect(nl.subject).toBe('Er wordt je een tandem voorgesteld: Mentoraat Luik');
    expect(nl.text).toContain('3 december 2026 om 14:30, Bibliothèque Chiroux');
    expect(nl.text).not.toMatch(/Bonjour|Hello/);
  });

  it('keeps French typography: non-breaking spaces before the colon and inside guillemets, and hours as 14 h 30', () => {
    const fr = renderNews('proposed', 'volunteer', 'fr', params);
    expect(fr.subject).toBe('Un tandem vous est proposé\u00a0: Mentorat Liège');
    expect(fr.text).toContain('«\u00a0Mentorat Liège\u00a0»');
    expect(fr.text).toContain('le 3 décembre 2026 à 14\u00a0h\u00a030');
    const started = renderNews('started', 'volunteer', 'fr', params);
    expect(started.text).toContain('Vous vous verrez 2\u00a0heures par semaine.');
    expect(started.text).toContain('engagement\u202f!');
  });

  it('writes to a contact person whose language tandem does not know in the three languages, French first', () => {
    const all = renderNews('started', 'contact', undefined, params);
    expect(all.subject).toBe(
      'Le tandem de Samir commence\u00a0: Mentorat Liège / De tandem van Samir begint: Mentoraat Luik / Samir’s tandem starts: Liège mentoring',
    );
    expect(all.text.indexOf('Bonjour')).toBeLessThan(all.text.indexOf('Dag'));
    expect(all.text).toContain('They will meet 2\u00a0hours a week.');
  });

  it('says how often a tandem meets in each language', () => {
    expect(rhythmText({ minutes: 90, every: 'two_weeks' }, 'nl')).toBe('90\u00a0minuten om de twee weken');
    expect(rhythmText({ minutes: 60, every: 'month' }, 'fr')).toBe('1\u00a0heure par mois');
    expect(rhythmText({ minutes: 180, every: 'week' }, 'en')).toBe('3\u00a0hours a week');
  });
});
