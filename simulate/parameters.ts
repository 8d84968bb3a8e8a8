/**
 * Every assumption of the simulator, in one place. Each figure says where it comes from: a
 * `source` (a study, a programme's own report, the seed files) or an `assumption` with the
 * reasoning behind it. The report prints this table, so a reader can disagree with a line and
 * change it here.
 *
 * Behaviour after a pair is proposed is a function of the pair's criteria as the scoring core
 * computes them (each in [0, 1]): proximity (1 next door, 0 at the pair's radius), skills (the
 * share of needs covered, the first weighing most), availability (weekly time in common against
 * the programme's target) and language (1 for the beneficiary's first language, 0.75 for another
 * common one, 0 for none). Waiting time is not a property of the pair and does not enter.
 * A tandem whose contact is lost is lapsed a lapse window after the silence began (the
 * programme's `lapseWindowDays`, from its seed profile), as the product's nightly check does.
 */

/** A figure and its basis: a source, or an assumption with its reasoning. */
export interface Sourced<T> {
  value: T;
  source?: string;
  assumption?: string;
}

const source = <T>(value: T, why: string): Sourced<T> => ({ value, source: why });
const assume = <T>(value: T, why: string): Sourced<T> => ({ value, assumption: why });

/** The four criteria of a pair that behaviour depends on. */
export const PAIR_CRITERIA = ['proximity', 'skills', 'availability', 'language'] as const;
export type PairCriterion = (typeof PAIR_CRITERIA)[number];
export type PairCriteria = Record<PairCriterion, number>;

/** Outcome codes, as the product records them when a tandem closes. */
export const OUTCOME_CODES = ['endured', 'found_work', 'training', 'moved', 'no_contact', 'other'] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];
export type OutcomeMix = Partial<Record<OutcomeCode, number>>;

/** The product's policies compared, in the order the report lists them. */
export const POLICIES = ['hand', 'greedy', 'plan', 'fair'] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface ProgrammeParameters {
  slug: string;
  /** New beneficiaries a year (a Poisson stream). */
  beneficiariesPerYear: Sourced<number>;
  /** New volunteers (persons, households or sections) signing up a year (a Poisson stream). */
  volunteersPerYear: Sourced<number>;
  /** Screened volunteers free at the start, and beneficiaries already waiting. */
  initialVolunteers: Sourced<number>;
  initialWaiting: Sourced<number>;
  /** Weeks from sign-up to a volunteer being screened and proposable, uniform in [min, max]. */
  screeningWeeks: Sourced<[number, number]>;
  /** New pairs the mediators can propose and follow up in a week. */
  mediatorPairsPerWeek: Sourced<number>;
  /** Days from a proposal to the first meeting, uniform in [min, max]. */
  firstMeetingDays: Sourced<[number, number]>;
  /** How tandems end before their planned end, and how they end when they reach it. */
  earlyEndings: Sourced<OutcomeMix>;
  completions: Sourced<OutcomeMix>;
  /** The fairness setting measured by the `fair` policy: the programme's wait limit. */
  waitLimitDays: Sourced<number>;
}

export interface Parameters {
  /** Where newcomers come from (see population.ts). */
  population: Sourced<string>;
  weeks: Sourced<number>;
  streams: Sourced<number>;
  /** Acceptance at the first meeting: logit p = intercept + sum of coefficient x criterion. */
  acceptance: {
    coefficients: Sourced<PairCriteria>;
    /** The intercept is set so that pairs made by hand are accepted at this rate. */
    calibratedRate: Sourced<number>;
  };
  /** Weekly hazard of a tandem ending early: h = h0 x exp(-sum of coefficient x criterion). */
  hazard: {
    coefficients: Sourced<PairCriteria>;
    /** h0 is set so that, of the pairs made by hand, this share would still be going after a year. */
    calibratedYearSurvival: Sourced<number>;
  };
  /** After an early ending for these reasons, the beneficiary asks for another volunteer with this probability. */
  rematchAfter: Sourced<OutcomeMix>;
  /** A volunteer leaves the programme when a tandem ends: early, or as planned. */
  volunteerLeavesAfterEarlyEnd: Sourced<number>;
  volunteerLeavesAfterCompletion: Sourced<number>;
  /** Weekly chance that someone waiting gives up (moves, finds help elsewhere), and that an idle volunteer leaves. */
  beneficiaryGivesUpPerWeek: Sourced<number>;
  volunteerIdleLeavesPerWeek: Sourced<number>;
  /** A tandem counts as lasting when it is still going (or completed) after this many days. */
  lastingDays: Sourced<number>;
  /** Groups smaller than this within a stream are left out of the wait ratios between groups. */
  minGroupSize: Sourced<number>;
  programmes: ProgrammeParameters[];
}

export const PARAMETERS: Parameters = {
  population: source(
    'each newcomer is a seed person drawn at random, placed anew within 500 m',
    'the programme’s seed files (seeds/<slug>.match.json and .profile.json): places, languages, needs, availability, ages, households and sections as the programme has them',
  ),
  weeks: source(52, 'the issue: a year of weekly matching'),
  streams: source(20, 'the issue: at least 20 random arrival streams per programme'),
  acceptance: {
    coefficients: assume(
      { proximity: 1.0, skills: 1.2, availability: 1.0, language: 1.5 },
      'log-odds from the worst to the best value of each criterion. Direction from Spencer et al. (2014, Youth & Society, "Breaking up is hard to do"): logistics (distance, schedules), unmet expectations and communication are common reasons pairs fail; sizes are not measured anywhere we know of',
    ),
    calibratedRate: assume(0.8, 'most first meetings arranged by a mediator lead to a tandem; no published figure'),
  },
  hazard: {
    coefficients: assume(
      { proximity: 0.6, skills: 0.9, availability: 0.7, language: 0.8 },
      'log hazard ratios from the worst to the best value of each criterion; same direction and caveat as acceptance. Grossman & Rhodes (2002) find dyadic factors related to earlier endings',
    ),
    calibratedYearSurvival: source(
      0.5,
      'about half of mentoring pairs end within the first year (Grossman & Rhodes 2002, Am. J. Community Psychology 30(2); Herrera et al. 2007, Big Brothers Big Sisters school-based study); calibrated on the pairs a mediator makes by hand',
    ),
  },
  rematchAfter: assume(
    { no_contact: 0.5, other: 0.5 },
    'a pair that lapsed or did not work out: half of the beneficiaries ask for another volunteer (tandem proposes a rematch after a lapse); those who found work, training or moved do not',
  ),
  volunteerLeavesAfterEarlyEnd: assume(0.3, 'volunteer retention after a failed pair is lower; no published figure'),
  volunteerLeavesAfterCompletion: assume(0.2, 'most volunteers who complete a pair take another'),
  beneficiaryGivesUpPerWeek: assume(
    0.01,
    'about 40 % of those still waiting after a year have left the list (moved, found help elsewhere)',
  ),
  volunteerIdleLeavesPerWeek: assume(0.01, 'an unused volunteer loses interest at the same pace'),
  lastingDays: source(182, 'the issue: the share of tandems lasting 6 months'),
  minGroupSize: assume(3, 'a median of fewer people says nothing'),
  programmes: [
    {
      slug: 'voisins-solidaires',
      beneficiariesPerYear: assume(40, '"dozens of families" a year (the issue), Brussels and Liège together'),
      volunteersPerYear: assume(
        30,
        'fewer households sign up than families arrive: the seed has 48 households for 60 families',
      ),
      initialVolunteers: assume(12, 'a quarter of the seed’s 48 households free at the start'),
      initialWaiting: assume(10, 'a short waiting list at the start'),
      screeningWeeks: assume(
        [3, 8],
        'interview, training and a certificate of good conduct (the programme serves minors)',
      ),
      mediatorPairsPerWeek: assume(2, 'one mediator, part-time on introductions'),
      firstMeetingDays: assume([5, 21], 'a home visit arranged with both households'),
      earlyEndings: assume(
        { moved: 0.35, no_contact: 0.4, other: 0.25 },
        'refugee families move often in their first years',
      ),
      completions: source(
        { endured: 1 },
        'Voisins Solidaires counts the matches that endured (the issue); the seed plans 12 months',
      ),
      waitLimitDays: assume(90, 'three months, a limit a coordinator could defend'),
    },
    {
      slug: 'mentorat-liege',
      beneficiariesPerYear: source(12, 'project 109 in Liège followed 12 young people (the issue)'),
      volunteersPerYear: assume(10, 'about as many new mentors as young people'),
      initialVolunteers: assume(6, 'a few mentors free at the start'),
      initialWaiting: assume(3, 'a short waiting list at the start'),
      screeningWeeks: assume([2, 6], 'interview and training; no certificate (adults only)'),
      mediatorPairsPerWeek: assume(1, 'one coordinator'),
      firstMeetingDays: assume([5, 21], 'a meeting at the association'),
      earlyEndings: source(
        { found_work: 0.3, training: 0.15, moved: 0.15, no_contact: 0.3, other: 0.1 },
        'project 109: 4 of 12 found work (the issue); the rest assumed',
      ),
      completions: source(
        { found_work: 0.3, training: 0.25, endured: 0.45 },
        'Duo for a Job: 71-72 % reach a job, internship or training within 12 months (the issue); project 109: a third found work. Set between the two',
      ),
      waitLimitDays: assume(60, 'two months: a young person’s job search cannot wait long'),
    },
    {
      slug: 'jeugdwerk-mechelen',
      beneficiariesPerYear: assume(50, 'children of newcomer families referred in Mechelen in a year'),
      volunteersPerYear: assume(3, 'youth-movement sections seldom change: a few open their doors each year'),
      initialVolunteers: assume(36, 'most of the seed’s 45 sections take part from the start'),
      initialWaiting: assume(8, 'a short waiting list at the start'),
      screeningWeeks: assume([2, 6], 'the section’s leaders are briefed'),
      mediatorPairsPerWeek: assume(2, 'one coordinator'),
      firstMeetingDays: assume([5, 14], 'a first Saturday or Sunday at the section'),
      earlyEndings: assume({ moved: 0.25, no_contact: 0.45, other: 0.3 }, 'children stop coming, or the family moves'),
      completions: source({ endured: 1 }, 'the seed plans 10 months: a scouting year'),
      waitLimitDays: assume(60, 'two months: before the next camp'),
    },
    {
      slug: 'dynamo-mobility',
      beneficiariesPerYear: assume(40, 'young people in Brussels, Namur and Charleroi in a year'),
      volunteersPerYear: assume(25, 'coaches take two or three young people each'),
      initialVolunteers: assume(10, 'a quarter of the seed’s 42 coaches free at the start'),
      initialWaiting: assume(8, 'a short waiting list at the start'),
      screeningWeeks: assume([3, 8], 'interview, training and a certificate of good conduct (minors)'),
      mediatorPairsPerWeek: assume(2, 'one coordinator'),
      firstMeetingDays: assume([5, 21], 'a meeting at the youth centre'),
      earlyEndings: assume(
        { training: 0.1, moved: 0.25, no_contact: 0.45, other: 0.2 },
        'some leave early for a training or an exchange; the rest stop coming',
      ),
      completions: assume({ training: 0.4, endured: 0.6 }, 'a stay abroad or a training follows the 6 months'),
      waitLimitDays: assume(60, 'two months'),
    },
  ],
};

/** A Sourced value's basis, as one line. */
export function basis(s: Sourced<unknown>): string {
  return s.source !== undefined ? `source: ${s.source}` : `assumption: ${s.assumption}`;
}

export function programmeParameters(slug: string): ProgrammeParameters {
  const found = PARAMETERS.programmes.find((p) => p.slug === slug);
  if (!found) throw new Error(`no simulation parameters for programme "${slug}"`);
  return found;
}
