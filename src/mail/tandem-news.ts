/**
 * E-mails to the people of a tandem, not to staff: the volunteer, in the language they signed up
 * in, and, where the programme wants it, the beneficiary's contact person (a guardian, a
 * household's contact), when a tandem is proposed and when it starts. The other person is named by
 * first name only; the mediator is the one to answer.
 */
import type { Locale } from '../../scoring/index.js';
import { formatDate, formatTime } from '../domain/index.js';
import { allLanguages, type Rendered } from './templates.js';

export type TandemNews = 'proposed' | 'started';
export type NewsRecipient = 'volunteer' | 'contact';

export interface NewsParams {
  /** The recipient's first name. */
  name: string;
  volunteer: string;
  beneficiary: string;
  programme: string;
  organisation: string;
  mediator: { name: string; email: string };
  /** How often they meet, in words (rhythmText). */
  rhythm: string;
  /** The first meeting as planned, if it is. */
  meeting?: { date: string; time?: string | undefined; place?: string | undefined } | undefined;
}

type Texts = Record<NewsRecipient, Record<TandemNews, (p: NewsParams) => Rendered>>;

const NBSP = '\u00a0';
const NNBSP = '\u202f';

function meetingText(p: NewsParams, locale: Locale): string {
  const m = p.meeting;
  if (!m) return '';
  const date = formatDate(m.date, locale);
  const words = {
    fr: `La première rencontre est prévue le ${date}${m.time ? ` à ${formatTime(m.time, 'fr')}` : ''}${m.place ? `, ${m.place}` : ''}.`,
    nl: `De eerste ontmoeting is gepland op ${date}${m.time ? ` om ${m.time}` : ''}${m.place ? `, ${m.place}` : ''}.`,
    en: `The first meeting is planned on ${date}${m.time ? ` at ${m.time}` : ''}${m.place ? `, ${m.place}` : ''}.`,
  };
  return `${words[locale]}\n\n`;
}

const TEXTS: Record<Locale, Texts> = {
  fr: {
    volunteer: {
      proposed: (p) => ({
        subject: `Un tandem vous est proposé${NBSP}: ${p.programme}`,
        text: `Bonjour ${p.name},\n\n${p.mediator.name} (${p.organisation}) vous propose d’accompagner ${p.beneficiary} dans le programme «${NBSP}${p.programme}${NBSP}». ${p.mediator.name} vous contactera pour convenir d’une première rencontre, où vous déciderez ensemble de commencer.\n\n${meetingText(p, 'fr')}Si ce n’est pas possible pour vous, dites-le simplement à ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
      started: (p) => ({
        subject: `Votre tandem commence${NBSP}: ${p.programme}`,
        text: `Bonjour ${p.name},\n\nVotre tandem avec ${p.beneficiary} dans le programme «${NBSP}${p.programme}${NBSP}» a commencé. Vous vous verrez ${p.rhythm}.\n\n${p.mediator.name} (${p.mediator.email}) prendra de vos nouvelles de temps en temps${NBSP}; n’hésitez pas à lui écrire si quelque chose vous pose question.\n\nMerci pour votre engagement${NNBSP}!\n`,
      }),
    },
    contact: {
      proposed: (p) => ({
        subject: `Un·e bénévole pour ${p.beneficiary}${NBSP}: ${p.programme}`,
        text: `Bonjour ${p.name},\n\n${p.mediator.name} (${p.organisation}) propose que ${p.volunteer}, bénévole, accompagne ${p.beneficiary} dans le programme «${NBSP}${p.programme}${NBSP}». ${p.mediator.name} vous contactera pour organiser une première rencontre.\n\n${meetingText(p, 'fr')}Pour toute question${NBSP}: ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
      started: (p) => ({
        subject: `Le tandem de ${p.beneficiary} commence${NBSP}: ${p.programme}`,
        text: `Bonjour ${p.name},\n\nLe tandem de ${p.beneficiary} avec ${p.volunteer}, bénévole, a commencé dans le programme «${NBSP}${p.programme}${NBSP}». Ils se verront ${p.rhythm}.\n\nPour toute question${NBSP}: ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
    },
  },
  nl: {
    volunteer: {
      proposed: (p) => ({
        subject: `Er wordt je een tandem voorgesteld: ${p.programme}`,
        text: `Dag ${p.name},\n\n${p.mediator.name} (${p.organisation}) stelt voor dat je ${p.beneficiary} begeleidt in het programma ‘${p.programme}’. ${p.mediator.name} neemt contact met je op voor een eerste ontmoeting, waar jullie samen beslissen om te beginnen.\n\n${meetingText(p, 'nl')}Lukt het niet? Laat het gewoon weten aan ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
      started: (p) => ({
        subject: `Je tandem begint: ${p.programme}`,
        text: `Dag ${p.name},\n\nJe tandem met ${p.beneficiary} in het programma ‘${p.programme}’ is begonnen. Jullie zien elkaar ${p.rhythm}.\n\n${p.mediator.name} (${p.mediator.email}) vraagt af en toe hoe het gaat; schrijf gerust als je met een vraag zit.\n\nBedankt voor je inzet!\n`,
      }),
    },
    contact: {
      proposed: (p) => ({
        subject: `Een vrijwilliger voor ${p.beneficiary}: ${p.programme}`,
        text: `Dag ${p.name},\n\n${p.mediator.name} (${p.organisation}) stelt voor dat ${p.volunteer}, vrijwilliger, ${p.beneficiary} begeleidt in het programma ‘${p.programme}’. ${p.mediator.name} neemt contact met je op voor een eerste ontmoeting.\n\n${meetingText(p, 'nl')}Vragen? ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
      started: (p) => ({
        subject: `De tandem van ${p.beneficiary} begint: ${p.programme}`,
        text: `Dag ${p.name},\n\nDe tandem van ${p.beneficiary} met ${p.volunteer}, vrijwilliger, is begonnen in het programma ‘${p.programme}’. Ze zien elkaar ${p.rhythm}.\n\nVragen? ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
    },
  },
  en: {
    volunteer: {
      proposed: (p) => ({
        subject: `A tandem is proposed to you: ${p.programme}`,
        text: `Hello ${p.name},\n\n${p.mediator.name} (${p.organisation}) proposes that you accompany ${p.beneficiary} in the programme “${p.programme}”. ${p.mediator.name} will contact you to arrange a first meeting, where you will decide together to start.\n\n${meetingText(p, 'en')}If this is not possible for you, just tell ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
      started: (p) => ({
        subject: `Your tandem starts: ${p.programme}`,
        text: `Hello ${p.name},\n\nYour tandem with ${p.beneficiary} in the programme “${p.programme}” has started. You will meet ${p.rhythm}.\n\n${p.mediator.name} (${p.mediator.email}) will ask how it goes from time to time; do write if anything puzzles you.\n\nThank you for your commitment!\n`,
      }),
    },
    contact: {
      proposed: (p) => ({
        subject: `A volunteer for ${p.beneficiary}: ${p.programme}`,
        text: `Hello ${p.name},\n\n${p.mediator.name} (${p.organisation}) proposes that ${p.volunteer}, a volunteer, accompanies ${p.beneficiary} in the programme “${p.programme}”. ${p.mediator.name} will contact you to arrange a first meeting.\n\n${meetingText(p, 'en')}Any question: ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
      started: (p) => ({
        subject: `${p.beneficiary}’s tandem starts: ${p.programme}`,
        text: `Hello ${p.name},\n\n${p.beneficiary}’s tandem with ${p.volunteer}, a volunteer, has started in the programme “${p.programme}”. They will meet ${p.rhythm}.\n\nAny question: ${p.mediator.name} (${p.mediator.email}).\n`,
      }),
    },
  },
};

/** The e-mail for one recipient: in `locale` when tandem knows theirs, else the three versions (`params` per language: programme names differ). */
export function renderNews(
  news: TandemNews,
  to: NewsRecipient,
  locale: Locale | undefined,
  params: (locale: Locale) => NewsParams,
): Rendered {
  const render = (l: Locale) => TEXTS[l][to][news](params(l));
  return locale ? render(locale) : allLanguages(render);
}
