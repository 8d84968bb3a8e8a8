/**
 * E-mails to someone who signs up as a volunteer, in the language of the form they filled in: the
 * link that confirms their address, or, when the address had signed up already, word that nothing
 * changed (the page says the same to anyone, so only the address's owner learns it is known). A
 * household or a youth-movement section signs up through its contact person, who is written to
 * by first name about the group.
 */
import type { Locale } from '../../scoring/index.js';
import type { Rendered } from './templates.js';

export interface SignupMailParams {
  /** The contact person's first name. */
  name: string;
  organisation: string;
  /** Who signed up when it is not the person alone. */
  group?: { kind: 'household' | 'section'; name: string } | undefined;
}

const NBSP = '\u00a0';

type Texts = {
  confirm: (p: SignupMailParams & { link: string; days: number }) => Rendered;
  already: (p: SignupMailParams) => Rendered;
};

const frWho = (p: SignupMailParams) =>
  !p.group
    ? 'votre inscription comme bénévole'
    : p.group.kind === 'household'
      ? `l’inscription du ménage «${NBSP}${p.group.name}${NBSP}» comme bénévole`
      : `l’inscription de la section «${NBSP}${p.group.name}${NBSP}» comme bénévole`;
const nlWho = (p: SignupMailParams) =>
  !p.group
    ? 'je inschrijving als vrijwilliger'
    : p.group.kind === 'household'
      ? `de inschrijving van het gezin ‘${p.group.name}’ als vrijwilliger`
      : `de inschrijving van de afdeling ‘${p.group.name}’ als vrijwilliger`;
const enWho = (p: SignupMailParams) =>
  !p.group
    ? 'your sign-up as a volunteer'
    : p.group.kind === 'household'
      ? `the sign-up of the household “${p.group.name}” as a volunteer`
      : `the sign-up of the section “${p.group.name}” as a volunteer`;

export const SIGNUP_MAIL: Record<Locale, Texts> = {
  fr: {
    confirm: (p) => ({
      subject: `Confirmez ${frWho(p)} chez ${p.organisation}`,
      text: `Bonjour ${p.name},\n\nMerci pour ${frWho(p)} chez ${p.organisation}. Pour la confirmer, ouvrez ce lien dans les ${p.days}${NBSP}jours${NBSP}:\n\n${p.link}\n\nSi vous n’êtes pas à l’origine de cette inscription, ignorez ce message${NBSP}: sans confirmation, ces données seront effacées.\n`,
    }),
    already: (p) => ({
      subject: `Vous êtes déjà inscrit·e comme bénévole chez ${p.organisation}`,
      text: `Bonjour ${p.name},\n\nQuelqu’un, sans doute vous, vient de s’inscrire à nouveau comme bénévole chez ${p.organisation} avec cette adresse. Elle l’est déjà${NBSP}: rien n’a été changé. Pour modifier des disponibilités ou des coordonnées, répondez à l’équipe qui vous suit.\n\nSi ce n’était pas vous, ignorez ce message.\n`,
    }),
  },
  nl: {
    confirm: (p) => ({
      subject: `Bevestig ${nlWho(p)} bij ${p.organisation}`,
      text: `Dag ${p.name},\n\nBedankt voor ${nlWho(p)} bij ${p.organisation}. Open binnen ${p.days} dagen deze link om ze te bevestigen:\n\n${p.link}\n\nHeb je je niet ingeschreven? Negeer dan dit bericht: zonder bevestiging worden de gegevens gewist.\n`,
    }),
    already: (p) => ({
      subject: `Je bent al ingeschreven als vrijwilliger bij ${p.organisation}`,
      text: `Dag ${p.name},\n\nIemand, wellicht jijzelf, heeft zich net opnieuw ingeschreven als vrijwilliger bij ${p.organisation} met dit adres. Het is al ingeschreven: er is niets gewijzigd. Wil je beschikbaarheid of gegevens aanpassen, laat het dan weten aan het team dat je volgt.\n\nWas jij het niet? Negeer dan dit bericht.\n`,
    }),
  },
  en: {
    confirm: (p) => ({
      subject: `Confirm ${enWho(p)} with ${p.organisation}`,
      text: `Hello ${p.name},\n\nThank you for ${enWho(p)} with ${p.organisation}. To confirm it, open this link within ${p.days} days:\n\n${p.link}\n\nIf you did not sign up, ignore this message: without confirmation the details will be erased.\n`,
    }),
    already: (p) => ({
      subject: `You are already signed up as a volunteer with ${p.organisation}`,
      text: `Hello ${p.name},\n\nSomeone, probably you, has just signed up again as a volunteer with ${p.organisation} using this address. It is signed up already: nothing was changed. To change availability or details, tell the team that follows you.\n\nIf it was not you, ignore this message.\n`,
    }),
  },
};
