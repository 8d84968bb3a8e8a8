/**
 * The tandem agreement (the charter) both people sign at their first meeting: one sheet with the
 * text in each one's language side by side, filled with their first names, the programme's rhythm
 * and the first meeting. Printed from the browser (the print stylesheet in app.css keeps only it).
 */
import { LOCALES, type Locale } from '../../scoring/index.js';
import { formatDate, formatTime, rhythmText, volunteerLocale, type Programme } from '../domain/index.js';
import { attrs, html, type SafeHtml } from './html.js';
import type { T } from './i18n.js';

export interface AgreementFacts {
  organisation: string;
  programme: Pick<Programme, 'name' | 'meetingRhythm' | 'expectedDurationMonths'>;
  volunteer: string;
  beneficiary: string;
  /** A minor's parent or guardian, who signs too. */
  guardian?: string | undefined;
  mediator?: { name: string; email: string } | undefined;
  meeting?: { date: string; time?: string | undefined; place?: string | undefined } | undefined;
}

const PROMISES = ['promise1', 'promise2', 'promise3', 'promise4', 'promise5'] as const;

const firstLocale = (languages: readonly string[]): Locale | undefined =>
  languages.find((l): l is Locale => (LOCALES as readonly string[]).includes(l));

/**
 * The languages of the agreement: the volunteer's, then the beneficiary's (or their guardian's
 * reader, the page's language, when tandem writes none of theirs); one when they are the same.
 */
export function agreementLocales(
  volunteer: { locale?: Locale | undefined; languages: string[] },
  beneficiary: { languages: string[] },
  reader: Locale,
): Locale[] {
  const theirs = volunteerLocale(volunteer);
  const other = firstLocale(beneficiary.languages) ?? reader;
  return theirs === other ? [theirs] : [theirs, other];
}

function meetingWhen(facts: AgreementFacts, t: T, locale: Locale): string {
  const m = facts.meeting;
  if (!m) return t('agreement.meetingOpen', { mediator: facts.mediator?.name ?? '…' });
  return [
    t('agreement.meetingDate', { date: formatDate(m.date, locale) }),
    m.time && t('agreement.meetingTime', { time: formatTime(m.time, locale) }),
  ]
    .filter(Boolean)
    .join(' ')
    .concat(m.place ? `, ${m.place}` : '');
}

function version(facts: AgreementFacts, t: T, locale: Locale): SafeHtml {
  const mediator = facts.mediator?.name ?? '…';
  const signature = (label: string) =>
    html`<div class="agreement__sign"><p>${label}</p><p class="agreement__line">${t('agreement.signature')}</p></div>`;
  return html`<section class="agreement__text"${attrs({ lang: locale })}>
  <h2>${t('agreement.title')}</h2>
  <p class="agreement__programme">${facts.programme.name[locale]} · ${facts.organisation}</p>
  <p>${t('agreement.intro', { volunteer: facts.volunteer, beneficiary: facts.beneficiary })}</p>
  <p>${t('agreement.rhythm', { rhythm: rhythmText(facts.programme.meetingRhythm, locale), count: facts.programme.expectedDurationMonths })}</p>
  <p>${t('agreement.meeting', { when: meetingWhen(facts, t, locale) })}</p>
  <p>${t('agreement.promiseTitle')}</p>
  <ul>${PROMISES.map((k) => html`<li>${t(`agreement.${k}`, { mediator })}</li>`)}</ul>
  <p>${t('agreement.end', { mediator })}</p>
  ${facts.mediator && html`<p>${t('agreement.contact', { mediator: facts.mediator.name, email: facts.mediator.email })}</p>`}
  <div class="agreement__signs">
    ${signature(t('agreement.signVolunteer', { name: facts.volunteer }))}
    ${signature(facts.beneficiary)}
    ${facts.guardian && signature(t('agreement.signGuardian', { name: facts.guardian, beneficiary: facts.beneficiary }))}
    ${facts.mediator && signature(t('agreement.signMediator', { name: facts.mediator.name, organisation: facts.organisation }))}
  </div>
  <p class="agreement__place">${t('agreement.placeDate')}</p>
</section>`;
}

/** The agreement in each of `locales`, side by side on one sheet. */
export function agreement(facts: AgreementFacts, locales: readonly Locale[], tIn: (locale: Locale) => T): SafeHtml {
  return html`<article class="agreement agreement--${locales.length}">${locales.map((l) => version(facts, tIn(l), l))}</article>`;
}
