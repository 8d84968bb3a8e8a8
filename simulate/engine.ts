/**
 * One programme, one arrival stream, one policy: a year of weeks. Time is in days from the
 * start (day 0); the mediators propose pairs at the end of each week. Everything random comes
 * either from the stream's arrivals (drawn once, shared by every policy) or from `uniform` keyed
 * by the people concerned, so two policies that make the same pair see the same fate.
 */
import type { Beneficiary, Breakdown, Candidate, RankInput, Volunteer } from '../scoring/index.js';
import { Random } from '../seeds/random.js';
import { drawOutcome, uniform, type Behaviour } from './behaviour.js';
import type { OutcomeCode, Parameters, PolicyName, ProgrammeParameters } from './parameters.js';
import { choose } from './policies.js';
import type { DrawnBeneficiary, DrawnVolunteer, Population } from './population.js';

const DAY_MS = 86_400_000;

/** The ISO date `day` days after `start`. */
export function dateOf(start: string, day: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + Math.round(day) * DAY_MS).toISOString().slice(0, 10);
}

export interface ArrivingVolunteer {
  id: string;
  day: number;
  /** Screened and proposable from this day. */
  readyDay: number;
  drawn: DrawnVolunteer;
  /** Already there at the start. */
  initial: boolean;
}

export interface ArrivingBeneficiary {
  id: string;
  day: number;
  drawn: DrawnBeneficiary;
  initial: boolean;
}

export interface Arrivals {
  key: string;
  volunteers: ArrivingVolunteer[];
  beneficiaries: ArrivingBeneficiary[];
}

/** The people of one stream: those there at the start, then Poisson arrivals over the weeks. */
export function drawArrivals(population: Population, pp: ProgrammeParameters, weeks: number, key: string): Arrivals {
  const random = new Random(key);
  const horizon = weeks * 7;
  const volunteers: ArrivingVolunteer[] = [];
  const beneficiaries: ArrivingBeneficiary[] = [];
  const vId = () => `v${String(volunteers.length + 1).padStart(4, '0')}`;
  const bId = () => `b${String(beneficiaries.length + 1).padStart(4, '0')}`;
  for (let i = 0; i < pp.initialVolunteers.value; i++) {
    const day = -Math.round(random.float() * 365);
    volunteers.push({ id: vId(), day, readyDay: 0, drawn: population.volunteer(vId(), random), initial: true });
  }
  for (let i = 0; i < pp.initialWaiting.value; i++) {
    const day = -Math.round(random.float() * 180);
    beneficiaries.push({ id: bId(), day, drawn: population.beneficiary(bId(), random), initial: true });
  }
  const [minScreen, maxScreen] = pp.screeningWeeks.value;
  for (
    let day = gap(random, pp.volunteersPerYear.value);
    day < horizon;
    day += gap(random, pp.volunteersPerYear.value)
  ) {
    const at = Math.floor(day);
    const readyDay = at + 7 * (minScreen + random.float() * (maxScreen - minScreen));
    volunteers.push({
      id: vId(),
      day: at,
      readyDay: Math.round(readyDay),
      drawn: population.volunteer(vId(), random),
      initial: false,
    });
  }
  for (
    let day = gap(random, pp.beneficiariesPerYear.value);
    day < horizon;
    day += gap(random, pp.beneficiariesPerYear.value)
  ) {
    beneficiaries.push({
      id: bId(),
      day: Math.floor(day),
      drawn: population.beneficiary(bId(), random),
      initial: false,
    });
  }
  return { key, volunteers, beneficiaries };
}

/** Days to the next arrival of a Poisson stream of `perYear` arrivals a year. */
function gap(random: Random, perYear: number): number {
  return perYear > 0 ? (-Math.log(1 - random.float()) * 365) / perYear : Infinity;
}

/** A proposed pair and what became of it. Days past the horizon are the tandem's fate, drawn at its start. */
export interface SimTandem {
  beneficiaryId: string;
  volunteerId: string;
  proposedDay: number;
  meetingDay: number;
  accepted: boolean;
  score: number;
  breakdown: Breakdown;
  distanceKm: number;
  overlapMinutes: number;
  commonLanguages: string[];
  matchedNeeds: string[];
  endDay?: number;
  outcome?: OutcomeCode;
  /** Ended before its planned end. */
  early?: boolean;
}

export interface SimBeneficiary {
  id: string;
  arrival: ArrivingBeneficiary;
  /** Day of the proposal that led to the first tandem that started. */
  firstMatchProposedDay?: number;
  /** Left the programme: gave up waiting, or after a tandem without asking for another. */
  goneDay?: number;
  gaveUp?: boolean;
}

export interface SimVolunteer {
  id: string;
  arrival: ArrivingVolunteer;
  leftDay?: number;
}

export interface History {
  policy: PolicyName;
  /** Day 0. */
  startDate: string;
  horizonDay: number;
  beneficiaries: SimBeneficiary[];
  volunteers: SimVolunteer[];
  tandems: SimTandem[];
  /** At the end of each week: arrivals so far (not counting those there at the start) and how many of them started a tandem. */
  weekly: { arrived: number; matched: number }[];
}

interface Event {
  day: number;
  seq: number;
  run: () => void;
}

export interface RunOptions {
  population: Population;
  programme: ProgrammeParameters;
  parameters: Parameters;
  behaviour: Behaviour;
  arrivals: Arrivals;
  policy: PolicyName;
  startDate: string;
}

/** Runs the weeks of one stream under one policy. */
export function run(o: RunOptions): History {
  const { population, programme: pp, parameters: P, behaviour, arrivals, policy } = o;
  const weeks = P.weeks.value;
  const horizon = weeks * 7;
  const key = arrivals.key;
  const rules = population.rules;

  const beneficiaries = arrivals.beneficiaries.map((a): SimBeneficiary => ({ id: a.id, arrival: a }));
  const volunteers = arrivals.volunteers.map((a): SimVolunteer => ({ id: a.id, arrival: a }));
  const bById = new Map(beneficiaries.map((b) => [b.id, b]));
  const tandems: SimTandem[] = [];
  const weekly: History['weekly'] = [];

  const ready = new Set<string>(); // screened volunteers still in the programme
  const used = new Map<string, number>(); // open tandems (proposed or active) per volunteer
  const waiting = new Map<string, number>(); // beneficiary -> day they give up, for this spell of waiting
  const spells = new Map<string, number>();
  const excluded = new Map<string, Set<string>>();

  let seq = 0;
  const queue: Event[] = [];
  const at = (day: number, run: () => void) => queue.push({ day, seq: seq++, run });

  const startWaiting = (id: string, day: number) => {
    const spell = (spells.get(id) ?? 0) + 1;
    spells.set(id, spell);
    const u = uniform(`${key}|gives-up|${id}|${spell}`);
    const q = P.beneficiaryGivesUpPerWeek.value;
    waiting.set(id, q > 0 ? day + (7 * Math.log(1 - u)) / Math.log(1 - q) : Infinity);
  };
  const release = (volunteerId: string) => used.set(volunteerId, (used.get(volunteerId) ?? 1) - 1);
  const leave = (v: SimVolunteer, day: number) => {
    ready.delete(v.id);
    v.leftDay = day;
  };
  const vById = new Map(volunteers.map((v) => [v.id, v]));

  for (const v of volunteers) at(Math.max(v.arrival.readyDay, 0), () => ready.add(v.id));
  for (const b of beneficiaries) at(Math.max(b.arrival.day, 0), () => startWaiting(b.id, Math.max(b.arrival.day, 0)));

  const meet = (t: SimTandem) => {
    const b = bById.get(t.beneficiaryId)!;
    const pairKey = `${key}|${t.beneficiaryId}|${t.volunteerId}`;
    t.accepted = canMeet(t) && uniform(`${pairKey}|accept`) < behaviour.acceptance(t.breakdown);
    if (!t.accepted) {
      release(t.volunteerId);
      excludedOf(t.beneficiaryId).add(t.volunteerId);
      startWaiting(b.id, t.meetingDay);
      return;
    }
    b.firstMatchProposedDay ??= t.proposedDay;
    const early = behaviour.daysUntilEarlyEnd(t.breakdown, uniform(`${pairKey}|lasts`));
    t.early = early < population.plannedDays;
    t.endDay = t.meetingDay + Math.round(Math.min(early, population.plannedDays));
    t.outcome = drawOutcome(t.early ? pp.earlyEndings.value : pp.completions.value, uniform(`${pairKey}|outcome`));
    // Contact lost: the pair is lapsed once the programme's lapse window has passed in silence.
    if (t.outcome === 'no_contact') t.endDay += population.lapseWindowDays;
    if (t.endDay <= horizon) at(t.endDay, () => end(t));
  };

  const end = (t: SimTandem) => {
    const day = t.endDay!;
    const pairKey = `${key}|${t.beneficiaryId}|${t.volunteerId}`;
    release(t.volunteerId);
    const leaves = t.early ? P.volunteerLeavesAfterEarlyEnd.value : P.volunteerLeavesAfterCompletion.value;
    const v = vById.get(t.volunteerId)!;
    if (v.leftDay === undefined && uniform(`${pairKey}|volunteer-leaves`) < leaves) leave(v, day);
    const b = bById.get(t.beneficiaryId)!;
    const rematch = t.early ? (P.rematchAfter.value[t.outcome!] ?? 0) : 0;
    if (uniform(`${pairKey}|rematch`) < rematch) {
      excludedOf(b.id).add(t.volunteerId);
      startWaiting(b.id, day);
    } else b.goneDay = day;
  };

  /** A pair with less weekly time in common than the programme's minimum finds no time to meet. */
  const canMeet = (t: { overlapMinutes: number }) => t.overlapMinutes >= rules.minOverlapMinutes;
  const excludedOf = (id: string) => excluded.get(id) ?? excluded.set(id, new Set()).get(id)!;

  for (let week = 0; week < weeks; week++) {
    const today = (week + 1) * 7;
    // Events of the week in time order; an event may schedule another within the week.
    for (;;) {
      let next = -1;
      for (let i = 0; i < queue.length; i++)
        if (queue[i]!.day <= today && (next < 0 || before(queue[i]!, queue[next]!))) next = i;
      if (next < 0) break;
      const [event] = queue.splice(next, 1);
      event!.run();
    }
    for (const [id, givesUp] of waiting)
      if (givesUp <= today) {
        waiting.delete(id);
        const b = bById.get(id)!;
        b.goneDay = Math.round(givesUp);
        b.gaveUp = true;
      }
    for (const id of ready) {
      if ((used.get(id) ?? 0) > 0) continue;
      if (uniform(`${key}|idle-leaves|${id}|${week}`) < P.volunteerIdleLeavesPerWeek.value)
        leave(vById.get(id)!, today);
    }

    const input = instance(today);
    const order = [...waiting.keys()].sort(
      (a, b) => bById.get(a)!.arrival.day - bById.get(b)!.arrival.day || (a < b ? -1 : 1),
    );
    const chosen = choose(policy, {
      input,
      order,
      limit: pp.mediatorPairsPerWeek.value,
      waitLimitDays: pp.waitLimitDays.value,
    });
    for (const c of chosen) propose(c, today);

    const arrived = beneficiaries.filter((b) => !b.arrival.initial && b.arrival.day < today);
    weekly.push({
      arrived: arrived.length,
      matched: arrived.filter((b) => b.firstMatchProposedDay !== undefined).length,
    });
  }

  function propose(c: Candidate, today: number): void {
    waiting.delete(c.beneficiaryId);
    used.set(c.volunteerId, (used.get(c.volunteerId) ?? 0) + 1);
    const [minDays, maxDays] = pp.firstMeetingDays.value;
    const u = uniform(`${key}|${c.beneficiaryId}|${c.volunteerId}|meeting`);
    const t: SimTandem = {
      beneficiaryId: c.beneficiaryId,
      volunteerId: c.volunteerId,
      proposedDay: today,
      meetingDay: today + Math.round(minDays + u * (maxDays - minDays)),
      accepted: false,
      score: c.score,
      breakdown: c.breakdown,
      distanceKm: c.distanceKm,
      overlapMinutes: c.overlapMinutes,
      commonLanguages: c.commonLanguages,
      matchedNeeds: c.matchedNeeds,
    };
    tandems.push(t);
    if (t.meetingDay <= horizon) at(t.meetingDay, () => meet(t));
  }

  function instance(today: number): RankInput {
    const vs: Volunteer[] = [];
    for (const id of ready) {
      const v = vById.get(id)!;
      const free = v.arrival.drawn.scored.capacity - (used.get(id) ?? 0);
      if (free > 0) vs.push({ ...v.arrival.drawn.scored, capacity: free });
    }
    const bs: Beneficiary[] = [...waiting.keys()].map((id) => {
      const b = bById.get(id)!;
      const ex = excluded.get(id);
      return {
        ...b.arrival.drawn.scored,
        waitingSince: dateOf(o.startDate, b.arrival.day),
        ...(ex && { excludedVolunteerIds: [...ex] }),
      };
    });
    return { programme: rules, referenceDate: dateOf(o.startDate, today), volunteers: vs, beneficiaries: bs };
  }

  return { policy, startDate: o.startDate, horizonDay: horizon, beneficiaries, volunteers, tandems, weekly };
}

function before(a: Event, b: Event): boolean {
  return a.day < b.day || (a.day === b.day && a.seq < b.seq);
}
