/**
 * The e-mails tandem writes to staff, in French, Dutch and English. Staff accounts carry no
 * language, and Belgian teams often work in two or three: a staff e-mail holds the three versions,
 * French first. They name tandems by reference only, never the people in them.
 */
import type { Locale } from '../../scoring/index.js';
import type { LocalizedText } from '../domain/index.js';

export interface Rendered {
  subject: string;
  text: string;
}

type Template<P> = Record<Locale, (p: P & { name: string; programme: string; url: string }) => Rendered>;

export interface LapseAlert {
  tandemRef: string;
  lastContactOn: string;
  days: number;
}

export interface Reminder {
  tandemRef: string;
  proposedOn: string;
  days: number;
}

export interface Digest {
  people: number;
}

export const LAPSE_ALERT: Template<LapseAlert> = {
  fr: (p) => ({
    subject: `Tandem sans nouvelles : ${p.programme}`,
    text: `Bonjour ${p.name},\n\nLe tandem ${p.tandemRef} du programme « ${p.programme} » n'a plus eu de contact depuis le ${p.lastContactOn} (plus de ${p.days} jours). Il est désormais marqué comme interrompu, et ce bénévole ne sera plus proposé à cette personne.\n\nUne nouvelle proposition est en cours de calcul : vous la trouverez dans tandem (${p.url}).\n`,
  }),
  nl: (p) => ({
    subject: `Tandem zonder nieuws: ${p.programme}`,
    text: `Dag ${p.name},\n\nTandem ${p.tandemRef} van het programma ‘${p.programme}’ heeft geen contact meer gehad sinds ${p.lastContactOn} (meer dan ${p.days} dagen). Hij staat nu als stilgevallen, en deze vrijwilliger wordt niet meer aan deze persoon voorgesteld.\n\nEen nieuw voorstel wordt berekend: je vindt het in tandem (${p.url}).\n`,
  }),
  en: (p) => ({
    subject: `Tandem lapsed: ${p.programme}`,
    text: `Hello ${p.name},\n\nTandem ${p.tandemRef} of the programme “${p.programme}” has had no contact since ${p.lastContactOn} (more than ${p.days} days). It is now marked as lapsed, and this volunteer will not be proposed to this person again.\n\nA new proposal is being computed: you will find it in tandem (${p.url}).\n`,
  }),
};

export const REMINDER: Template<Reminder> = {
  fr: (p) => ({
    subject: `Rappel : tandem proposé sans première rencontre (${p.days} jours)`,
    text: `Bonjour ${p.name},\n\nLe tandem ${p.tandemRef} du programme « ${p.programme} » a été proposé le ${p.proposedOn}, il y a ${p.days} jours, et aucune première rencontre n'est encore enregistrée. Pouvez-vous contacter les deux personnes, puis enregistrer la rencontre ou le refus dans tandem (${p.url}) ?\n`,
  }),
  nl: (p) => ({
    subject: `Herinnering: voorgestelde tandem zonder eerste ontmoeting (${p.days} dagen)`,
    text: `Dag ${p.name},\n\nTandem ${p.tandemRef} van het programma ‘${p.programme}’ werd voorgesteld op ${p.proposedOn}, ${p.days} dagen geleden, en er is nog geen eerste ontmoeting geregistreerd. Kun je beide personen contacteren en daarna de ontmoeting of de weigering registreren in tandem (${p.url})?\n`,
  }),
  en: (p) => ({
    subject: `Reminder: proposed tandem with no first meeting (${p.days} days)`,
    text: `Hello ${p.name},\n\nTandem ${p.tandemRef} of the programme “${p.programme}” was proposed on ${p.proposedOn}, ${p.days} days ago, and no first meeting has been recorded yet. Could you contact both people, then record the meeting or the refusal in tandem (${p.url})?\n`,
  }),
};

export const DIGEST: Template<Digest> = {
  fr: (p) => ({
    subject: `Nouvelles propositions : ${p.programme}`,
    text: `Bonjour ${p.name},\n\nLe dernier calcul du programme « ${p.programme} » a fait de nouvelles propositions pour ${p.people} ${p.people === 1 ? 'personne que vous suivez' : 'personnes que vous suivez'}. Vous les trouverez dans tandem (${p.url}).\n`,
  }),
  nl: (p) => ({
    subject: `Nieuwe voorstellen: ${p.programme}`,
    text: `Dag ${p.name},\n\nDe laatste berekening van het programma ‘${p.programme}’ deed nieuwe voorstellen voor ${p.people} ${p.people === 1 ? 'persoon die je opvolgt' : 'personen die je opvolgt'}. Je vindt ze in tandem (${p.url}).\n`,
  }),
  en: (p) => ({
    subject: `New proposals: ${p.programme}`,
    text: `Hello ${p.name},\n\nThe latest matching run of the programme “${p.programme}” made new proposals for ${p.people} ${p.people === 1 ? 'person you follow' : 'people you follow'}. You will find them in tandem (${p.url}).\n`,
  }),
};

const ORDER: readonly Locale[] = ['fr', 'nl', 'en'];
const SUBJECT_MAX = 300;

/** One e-mail holding every language's version, French first, for a reader whose language tandem does not know. */
export function allLanguages(render: (locale: Locale) => Rendered): Rendered {
  const versions = ORDER.map(render);
  const subject = versions.map((v) => v.subject).join(' / ');
  return {
    subject: subject.length <= SUBJECT_MAX ? subject : versions[0]!.subject.slice(0, SUBJECT_MAX),
    text: versions.map((v) => v.text).join('\n— — —\n\n'),
  };
}

/** One e-mail with the three versions, for a staff member whose language tandem does not know. */
export function renderForStaff<P>(
  template: Template<P>,
  params: P & { name: string; url: string },
  programme: LocalizedText,
): Rendered {
  return allLanguages((l) => template[l]({ ...params, programme: programme[l] }));
}
