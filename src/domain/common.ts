import { z } from 'zod';
import { LanguageCode, Location, SkillId } from '../../scoring/index.js';

/** Record identifiers: opaque strings, prefixed by kind (`vol_…`, `ben_…`), unique per collection. */
export const Id = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1-100 letters, digits or _ . : -');
export type Id = z.infer<typeof Id>;

/** An instant as `Date.toISOString` writes it (`2026-11-22T10:00:00.000Z`): one form, so strings sort as times. */
export const Timestamp = z.iso.datetime({
  precision: 3,
  message: 'must be an ISO 8601 date-time in UTC with milliseconds',
});

/** Lowercase identifier of a kind, a region or a skill chosen by a programme. */
export const Token = z.string().regex(/^[a-z0-9_-]{1,60}$/, 'must match [a-z0-9_-]{1,60}');

export const Slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes');

export const Email = z
  .email({ message: 'must be an e-mail address' })
  .max(254)
  .refine((s) => s === s.toLowerCase(), 'must be lowercase');

/** NUL bytes and lone UTF-16 surrogates: what no person types, and what breaks stores and pages downstream. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNTYPABLE = 'must not contain NUL bytes or lone surrogates';
export const isTypable = (s: string): boolean => !s.includes('\0') && !LONE_SURROGATE.test(s);

const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max).refine(isTypable, UNTYPABLE);
export const ShortText = Text(200);
export const LongText = Text(4000);

export const LocalizedText = z.strictObject({ fr: ShortText, nl: ShortText, en: ShortText });
export type LocalizedText = z.infer<typeof LocalizedText>;
export const LocalizedLongText = z.strictObject({ fr: LongText, nl: LongText, en: LongText });

/**
 * A proper name as people write it, in the languages it has (a CPAS is also an OCMW): at least
 * one. `localName` picks the reader's, or says which language it fell back to.
 */
export const LocalizedName = z
  .strictObject({ fr: ShortText.optional(), nl: ShortText.optional(), en: ShortText.optional() })
  .refine(
    (n) => n.fr !== undefined || n.nl !== undefined || n.en !== undefined,
    'give the name in at least one language',
  );
export type LocalizedName = z.infer<typeof LocalizedName>;

const NAME_FALLBACK = { fr: ['fr', 'nl', 'en'], nl: ['nl', 'fr', 'en'], en: ['en', 'fr', 'nl'] } as const;

/** The name in `locale`, else in the nearest language it has (`lang` says which, for a `lang` attribute). */
export function localName(
  name: LocalizedName | string,
  locale: 'fr' | 'nl' | 'en',
): { text: string; lang: 'fr' | 'nl' | 'en'; fallback: boolean } {
  // A plain string is a name written before names had languages: shown as it is, unmarked.
  if (typeof name === 'string') return { text: name, lang: locale, fallback: false };
  for (const lang of NAME_FALLBACK[locale]) {
    const text = name[lang];
    if (text !== undefined) return { text, lang, fallback: lang !== locale };
  }
  throw new Error('a LocalizedName has at least one language');
}

/**
 * The name of an organisation or a region: a `LocalizedName`, or a plain string written in no
 * particular language (records of before names had languages).
 */
export const Name = z.union([ShortText, LocalizedName]);
export type Name = z.infer<typeof Name>;

/** Fields every stored record carries: its tenant, a version for optimistic concurrency, times. */
export const RecordMeta = {
  id: Id,
  orgId: Id,
  version: z.number().int().min(1),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export type RecordMetaKey = keyof typeof RecordMeta;

const isCoarse = (x: number) => Math.abs(x * 1000 - Math.round(x * 1000)) < 1e-6;

/**
 * Where someone lives, as the matching needs it: a municipality or postcode and coordinates
 * coarsened to about 100 m (see `coarsen` in the scoring core). Never a street address.
 */
export const Place = z.strictObject({
  /** The municipality's name in its own language (Schaerbeek, Luik is stored as Liège). */
  municipality: ShortText.optional(),
  /** Statbel's NIS code of the municipality: pages name it in the reader's language. */
  nis: z
    .string()
    .regex(/^\d{5}$/, 'must be a 5-digit NIS code')
    .optional(),
  /** The sub-municipality or village named, when it is not the municipality itself (Vorst in Laakdal). */
  locality: ShortText.optional(),
  postcode: z
    .string()
    .regex(/^\d{4}$/, 'must be a 4-digit Belgian postcode')
    .optional(),
  location: Location.refine((l) => isCoarse(l.lat) && isCoarse(l.lon), 'must be coarsened to 3 decimals (about 100 m)'),
});
export type Place = z.infer<typeof Place>;

/** Identity and contact of a person. Personal data: never logged, never copied into audit events. */
export const Contact = z.strictObject({
  firstName: ShortText,
  lastName: ShortText.optional(),
  email: Email.optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ./-]{6,20}$/, 'must be a phone number')
    .optional(),
});
export type Contact = z.infer<typeof Contact>;

/** Which version of the consent text the person agreed to, and when. */
export const Consent = z.strictObject({ textVersion: ShortText, at: Timestamp });
export type Consent = z.infer<typeof Consent>;

/**
 * The GDPR art. 6(1) grounds a social-work programme holds a person's data on: their consent (a),
 * a contract with them such as a mentoring agreement (b), a public-interest task (e, a CPAS or a
 * mandated service) or the organisation's legitimate interest (f).
 */
export const LEGAL_GROUNDS = ['consent', 'contract', 'public_task', 'legitimate_interest'] as const;
export const LegalGround = z.enum(LEGAL_GROUNDS);
export type LegalGround = z.infer<typeof LegalGround>;

/**
 * On what ground the person's data is held, and since when. For `consent` the date is the consent
 * record's (which also says what they agreed to), kept there alone: `at` is stored for the other grounds.
 */
export const LegalBasis = z.strictObject({ ground: LegalGround, at: Timestamp.optional() });
export type LegalBasis = z.infer<typeof LegalBasis>;

/** The legal basis as shown: with its date always, for consent the consent record's. */
export const LegalBasisShown = z.strictObject({ ground: LegalGround, at: Timestamp });
export type LegalBasisShown = z.infer<typeof LegalBasisShown>;

/**
 * The basis with its date: for consent the consent's, whatever a record stored before the date was
 * kept once says (the read-side migration of those records); undefined if there is no date to give.
 */
export function basisShown(basis: LegalBasis, consent: Consent | undefined): LegalBasisShown | undefined {
  const at = basis.ground === 'consent' ? (consent?.at ?? basis.at) : basis.at;
  return at === undefined ? undefined : { ground: basis.ground, at };
}

/** One member of a household (e.g. a child of a refugee family who needs homework help). */
export const HouseholdMember = z.strictObject({
  firstName: ShortText.optional(),
  age: z.number().int().min(0).max(130),
  languages: z.array(LanguageCode).max(20),
  needs: z.array(SkillId).max(50).optional(),
});
export type HouseholdMember = z.infer<typeof HouseholdMember>;
