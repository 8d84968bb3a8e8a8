import { z } from 'zod';
import { KNOWN_SKILLS, ProgrammeRules, SkillId, Weights } from '../../scoring/index.js';
import { LocalizedLongText, LocalizedText, Name, RecordMeta, ShortText, Slug, Token } from './common.js';
import { IntensitySettings } from './support.js';

/** A weight a person can mean: large enough to dominate, small enough to keep the scores finite. */
const BoundedWeight = z.number().min(0, 'must be >= 0').max(100, 'must be <= 100');

/**
 * The scoring core's rules within bounds a programme can mean (the core takes any finite number):
 * a radius no one travels and weights of 1e308 make scores overflow to nothing.
 */
export const BoundedRules = ProgrammeRules.extend({
  maxDistanceKm: z.number().min(0, 'must be >= 0').max(500, 'must be <= 500'),
  weights: z
    .strictObject(Object.fromEntries(Object.keys(Weights.shape).map((k) => [k, BoundedWeight.optional()])))
    .optional(),
});

/** A mentoring or solidarity-neighbour programme run by an organisation. */
export const Programme = z.strictObject({
  ...RecordMeta,
  slug: Slug,
  /** e.g. `mentoring`, `solidarity_neighbours`, `homework_help`: programmes name their own kinds. */
  kind: Token,
  name: LocalizedText,
  description: LocalizedLongText.optional(),
  /** Hard rules, candidates kept and weights, exactly as the `tandem` CLI takes them. */
  rules: BoundedRules,
  /** How long a tandem is expected to last, and how often it meets (e.g. 6 months, 120 min a week). */
  expectedDurationMonths: z.number().int().min(1).max(120),
  meetingRhythm: z.strictObject({
    minutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    every: z.enum(['week', 'two_weeks', 'month']),
    /** What the figures do not say, e.g. `Saturday or Sunday afternoon, plus the summer camp`. */
    note: ShortText.optional(),
  }),
  /** An active tandem without a check-in for this many days is lapsed. */
  lapseWindowDays: z.number().int().min(1).max(3650),
  /** When the lapse check runs, as a 5-field cron pattern in Brussels time; default nightly (LAPSE_CHECK_CRON). */
  lapseCheckCron: z
    .string()
    .regex(/^[0-9*,/-]+( [0-9*,/-]+){4}$/, 'must be a 5-field cron pattern such as `0 3 * * *`')
    .optional(),
  /** Regions served: a municipality (`Liège`, named in the reader's language from the place data) or a name per language. */
  regions: z.array(Name).min(1).max(100),
  /** Volunteers of a programme serving minors must show a certificate of good conduct. */
  servesMinors: z.boolean(),
  status: z.enum(['open', 'closed']),
  /**
   * Whether a pair a mediator chooses outside the proposals waits for a coordinator's approval
   * before anyone is contacted (absent: it does). A coordinator's own pairs never wait.
   */
  manualPairApproval: z.enum(['coordinator', 'none']).optional(),
  /** Whether the beneficiary's contact person (a guardian, a household's contact) hears of a proposed and a confirmed tandem by e-mail. */
  notifyContactPerson: z.boolean().optional(),
  /** Support intensities and their weight against a volunteer's capacity (absent: every tandem is regular). */
  intensity: IntensitySettings.optional(),
  /** Whether tandems follow the stages of a mobility (before, during, after), with check-ins per stage. */
  stages: z.boolean().optional(),
  /** The needs the programme answers, which the intake form lists (absent: every known need). */
  needs: z.array(SkillId).min(1).max(200).optional(),
});
export type Programme = z.infer<typeof Programme>;

/** The needs an intake offers for these programmes: those they list, or every known need if one lists none. */
export function needsOffered(programmes: readonly Pick<Programme, 'needs'>[]): string[] {
  if (programmes.length === 0 || programmes.some((p) => !p.needs)) return KNOWN_SKILLS;
  return [...new Set(programmes.flatMap((p) => p.needs ?? []))];
}

/** The positions of the needs none of these programmes answers (a programme that lists none answers any). */
export function needsUnanswered(programmes: readonly Pick<Programme, 'needs'>[], needs: readonly string[]): number[] {
  if (programmes.some((p) => !p.needs)) return [];
  const offered = new Set(needsOffered(programmes));
  return needs.flatMap((need, i) => (offered.has(need) ? [] : [i]));
}

const RHYTHM_WORDS = {
  fr: {
    hours: (h: number) => `${h} heure${h > 1 ? 's' : ''}`,
    minutes: (m: number) => `${m} minutes`,
    every: { week: 'par semaine', two_weeks: 'toutes les deux semaines', month: 'par mois' },
  },
  nl: {
    hours: (h: number) => `${h} uur`,
    minutes: (m: number) => `${m} minuten`,
    every: { week: 'per week', two_weeks: 'om de twee weken', month: 'per maand' },
  },
  en: {
    hours: (h: number) => `${h} hour${h > 1 ? 's' : ''}`,
    minutes: (m: number) => `${m} minutes`,
    every: { week: 'a week', two_weeks: 'every two weeks', month: 'a month' },
  },
} as const;

/** How often a tandem meets, in words: `2 heures par semaine`, `90 minuten om de twee weken`. */
export function rhythmText(rhythm: Programme['meetingRhythm'], locale: 'fr' | 'nl' | 'en'): string {
  const words = RHYTHM_WORDS[locale];
  const length = rhythm.minutes % 60 === 0 ? words.hours(rhythm.minutes / 60) : words.minutes(rhythm.minutes);
  // A non-breaking space keeps the figure with its unit.
  return `${length} ${words.every[rhythm.every]}`.replace(/^(\d+) /, '$1\u00a0');
}

/**
 * The range and step of the weights coordinators set on the settings' sliders (the scoring core
 * takes any weight >= 0): suggested weights are given on this scale too.
 */
export const WEIGHT_SCALE = { max: 3, step: 0.5 } as const;
