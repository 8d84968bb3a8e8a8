/**
 * A programme's figures as a coordinator reports them: tandems by status, who waits and for how
 * long, how many tandems endured 3, 6 and 12 months, and how they ended. Pure: the records and
 * the day are given.
 */
import {
  ageBand,
  daysBetween,
  daysSince,
  householdBand,
  FAIRNESS_FLAG_RATIO,
  FAIRNESS_MIN_GROUP,
  UNKNOWN_GROUP,
  waitsByGroup,
  type WaitsByGroup,
} from '../../scoring/index.js';
import {
  currentStage,
  OUTCOMES,
  STAGES,
  TANDEM_STATUSES,
  type Beneficiary,
  type Outcome,
  type Stage,
  type Tandem,
  type TandemStatus,
} from '../domain/index.js';

export const MILESTONE_MONTHS = [3, 6, 12] as const;

export interface ProgrammeStats {
  tandems: Record<TandemStatus, number>;
  waiting: { beneficiaries: number; medianWaitDays: number | null; longestWaitDays: number | null };
  /**
   * Per milestone: of the tandems started at least that long ago (`eligible`), how many were
   * still going at it (`reached`).
   */
  endured: Record<`${(typeof MILESTONE_MONTHS)[number]}`, { eligible: number; reached: number }>;
  outcomes: Record<Outcome, number>;
}

/** The day `months` calendar months after `day` (clamped to the month's end: 31 Jan + 1 = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `waitingSince`: the day each waiting beneficiary (active, no open tandem) started waiting. */
export function programmeStats(
  tandems: readonly Tandem[],
  waitingSince: readonly string[],
  today: string,
): ProgrammeStats {
  const byStatus = Object.fromEntries(TANDEM_STATUSES.map((s) => [s, 0])) as Record<TandemStatus, number>;
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const endured = Object.fromEntries(
    MILESTONE_MONTHS.map((m) => [m, { eligible: 0, reached: 0 }]),
  ) as ProgrammeStats['endured'];
  for (const t of tandems) {
    byStatus[t.status]++;
    if (t.closed) outcomes[t.closed.outcome]++;
    const start = t.firstMeeting?.date;
    if (!start) continue;
    const end = t.closed?.at.slice(0, 10) ?? t.lapsedAt?.slice(0, 10) ?? today;
    for (const months of MILESTONE_MONTHS) {
      const milestone = addMonths(start, months);
      if (milestone > today) continue;
      endured[`${months}`].eligible++;
      if (end >= milestone) endured[`${months}`].reached++;
    }
  }
  const waits = waitingSince.map((d) => daysSince(d, today));
  return {
    tandems: byStatus,
    waiting: {
      beneficiaries: waits.length,
      medianWaitDays: median(waits),
      longestWaitDays: waits.length ? Math.max(...waits) : null,
    },
    endured,
    outcomes,
  };
}

export interface ReferralFigures {
  /** A referral source's id; null for people referred by a partner named in words, or by nobody. */
  sourceId: string | null;
  /** Beneficiaries referred (of those given: a programme's, or the organisation's). */
  referred: number;
  /** Of them, active and without a proposed or active tandem. */
  waiting: number;
  /** Of them, in a proposed or active tandem. */
  paired: number;
  /** Of them, whose tandem ever started (a first meeting). */
  started: number;
}

/** What became of the people each referral source sent: a row per source, the unknown ones last. */
export function referralStats(
  beneficiaries: readonly Pick<Beneficiary, 'id' | 'status' | 'referral'>[],
  open: ReadonlyMap<string, string>,
  tandems: readonly Pick<Tandem, 'beneficiaryId' | 'firstMeeting'>[],
): ReferralFigures[] {
  const started = new Set(tandems.filter((t) => t.firstMeeting).map((t) => t.beneficiaryId));
  const rows = new Map<string | null, ReferralFigures>();
  for (const b of beneficiaries) {
    const sourceId = b.referral?.sourceId ?? null;
    let row = rows.get(sourceId);
    if (!row) rows.set(sourceId, (row = { sourceId, referred: 0, waiting: 0, paired: 0, started: 0 }));
    row.referred++;
    if (open.has(b.id)) row.paired++;
    else if (b.status === 'active') row.waiting++;
    if (started.has(b.id)) row.started++;
  }
  return [...rows.values()].sort(
    (a, b) => Number(a.sourceId === null) - Number(b.sourceId === null) || b.referred - a.referred,
  );
}

export interface StageFigures {
  stage: Stage;
  /** Active tandems now at this stage. */
  tandems: number;
  /** Check-ins recorded at this stage, and their mean mood (null without any). */
  checkIns: number;
  meanMood: number | null;
}

/** Tandems and check-ins per stage of a mobility (programmes with stages). */
export function stageStats(tandems: readonly Pick<Tandem, 'status' | 'stages' | 'checkIns'>[]): StageFigures[] {
  return STAGES.map((stage) => {
    const moods = tandems.flatMap((t) => t.checkIns.filter((c) => c.stage === stage).map((c) => c.mood));
    return {
      stage,
      tandems: tandems.filter((t) => t.status === 'active' && currentStage(t) === stage).length,
      checkIns: moods.length,
      meanMood: moods.length ? Math.round((moods.reduce((s, m) => s + m, 0) / moods.length) * 10) / 10 : null,
    };
  });
}

/** Waits by group count the beneficiaries who started waiting within this many months. */
export const FAIRNESS_WINDOW_MONTHS = 12;

export interface GroupWaits extends WaitsByGroup {
  windowMonths: number;
  /** Groups waiting more than this many times the median are flagged, */
  flagRatio: number;
  /** if they have at least this many people. */
  minGroupSize: number;
}

/** The statistics as the API reports them. */
export type StatsReport = ProgrammeStats & {
  referrals: ReferralFigures[];
  stages: StageFigures[] | null;
  waitsByGroup: GroupWaits;
};

/**
 * Median wait by group (first language, gender, municipality, age band, household size) and the
 * groups waiting more than 1.5 times the programme's median. A wait runs from `waitingSince` to
 * the proposal of the person's first tandem that was not declined, or to today for those still
 * waiting; people who left or paused without a tandem are left out (when they stopped waiting is
 * not known). The same measure as the simulator's.
 */
export function waitsOfGroups(
  beneficiaries: readonly Beneficiary[],
  tandems: readonly Tandem[],
  today: string,
): GroupWaits {
  const from = addMonths(today, -FAIRNESS_WINDOW_MONTHS);
  const firstProposal = new Map<string, string>();
  for (const t of tandems) {
    if (t.status === 'declined') continue;
    const day = t.proposedAt.slice(0, 10);
    const known = firstProposal.get(t.beneficiaryId);
    if (known === undefined || day < known) firstProposal.set(t.beneficiaryId, day);
  }
  const people: Parameters<typeof waitsByGroup>[0][number][] = [];
  for (const b of beneficiaries) {
    if (b.waitingSince < from) continue;
    const proposed = firstProposal.get(b.id);
    const matched = proposed !== undefined && proposed >= b.waitingSince;
    if (!matched && b.status !== 'active') continue;
    people.push({
      waitDays: matched ? daysBetween(b.waitingSince, proposed) : daysSince(b.waitingSince, today),
      groups: {
        firstLanguage: b.languages[0] ?? UNKNOWN_GROUP,
        gender: b.gender ?? UNKNOWN_GROUP,
        municipality: b.place.municipality ?? UNKNOWN_GROUP,
        ageBand: ageBand(b.age ?? b.members[0]?.age),
        householdSize: householdBand(b.kind === 'household' ? b.members.length : 1),
      },
    });
  }
  return {
    windowMonths: FAIRNESS_WINDOW_MONTHS,
    flagRatio: FAIRNESS_FLAG_RATIO,
    minGroupSize: FAIRNESS_MIN_GROUP,
    ...waitsByGroup(people),
  };
}
