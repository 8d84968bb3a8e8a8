/**
 * The CLI's fast readings of a parsed input, one hand-written pass each with exactly the checks of
 * its schema (property-tested against it) and no zod: on valid input nothing loads zod; when a
 * pass finds a fault it returns null, and the schema, loaded then, says what and where.
 */
import type { Beneficiary } from './beneficiary.js';
import type { RankInput } from './instance.js';
import type { ProgrammeRules } from './programme.js';
import { CRITERIA, DAYS, GENDERS, isIsoDate } from './values.js';
import type { Volunteer } from './volunteer.js';

/** The keys of RankInput, Volunteer, Beneficiary and ProgrammeRules (a test holds them to the schemas). */
export const RANK_INPUT_KEYS = ['programme', 'referenceDate', 'volunteers', 'beneficiaries'] as const;
export const VOLUNTEER_KEYS = [
  'id',
  'location',
  'maxDistanceKm',
  'languages',
  'skills',
  'availability',
  'capacity',
  'gender',
  'ageRange',
] as const;
export const BENEFICIARY_KEYS = [
  'id',
  'location',
  'maxDistanceKm',
  'searchRadiusKm',
  'languages',
  'needs',
  'availability',
  'waitingSince',
  'volunteerGender',
  'excludedVolunteerIds',
  'age',
] as const;
export const PROGRAMME_KEYS = [
  'maxDistanceKm',
  'minOverlapMinutes',
  'requireCommonLanguage',
  'topK',
  'weights',
  'targetOverlapMinutes',
  'maxWaitDays',
] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const hasExactly = (x: Record<string, unknown>, keys: readonly string[]) =>
  Object.keys(x).length === keys.length && hasAll(x, keys);

function hasAll(x: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (!Object.hasOwn(x, keys[i]!)) return false;
  return true;
}
const isPersonId = (x: unknown): x is string => typeof x === 'string' && x.length >= 1 && x.length <= 200;

const SKILL_ID = /^[a-z0-9_]+$/;
const LANGUAGE_CODE = /^[a-z]{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY_SET: ReadonlySet<unknown> = new Set(DAYS);
const GENDER_SET: ReadonlySet<unknown> = new Set(GENDERS);

/** Only keys of `allowed`, and every one of `required`. */
function hasKeys(x: Record<string, unknown>, allowed: readonly string[], required: readonly string[]): boolean {
  for (const k in x) if (!allowed.includes(k)) return false;
  return hasAll(x, required);
}

const isInt = (x: unknown, min: number, max: number) =>
  Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= max;
const isDistance = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isFinite(x) && x >= 0);
function isList(x: unknown, max: number, item: (y: unknown) => boolean): boolean {
  if (!Array.isArray(x) || x.length > max) return false;
  for (let i = 0; i < x.length; i++) if (!item(x[i])) return false;
  return true;
}
const isSkill = (x: unknown) => typeof x === 'string' && SKILL_ID.test(x);
const isLanguage = (x: unknown) => typeof x === 'string' && LANGUAGE_CODE.test(x);
const isGender = (x: unknown) => GENDER_SET.has(x);

function isLocation(x: unknown): boolean {
  if (!isObject(x) || !hasExactly(x, ['lat', 'lon'])) return false;
  const { lat, lon } = x;
  return typeof lat === 'number' && typeof lon === 'number' && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

function isSlot(x: unknown): boolean {
  if (!isObject(x) || !hasExactly(x, ['day', 'start', 'end'])) return false;
  const { day, start, end } = x;
  return (
    DAY_SET.has(day) &&
    typeof start === 'string' &&
    typeof end === 'string' &&
    TIME.test(start) &&
    TIME.test(end) &&
    // Both are HH:MM, so the later time is the greater string.
    end > start
  );
}

function isVolunteer(v: unknown): boolean {
  if (
    !isObject(v) ||
    !hasKeys(v, VOLUNTEER_KEYS, ['id', 'location', 'languages', 'skills', 'availability', 'capacity'])
  )
    return false;
  const { ageRange } = v;
  return (
    isPersonId(v.id) &&
    isLocation(v.location) &&
    isDistance(v.maxDistanceKm) &&
    isList(v.languages, 50, isLanguage) &&
    isList(v.skills, 200, isSkill) &&
    isList(v.availability, 200, isSlot) &&
    isInt(v.capacity, 0, 10_000) &&
    (v.gender === undefined || GENDER_SET.has(v.gender)) &&
    (ageRange === undefined ||
      (isObject(ageRange) &&
        hasExactly(ageRange, ['min', 'max']) &&
        isInt(ageRange.min, 0, 130) &&
        isInt(ageRange.max, ageRange.min as number, 130)))
  );
}

function isBeneficiary(b: unknown): boolean {
  if (!isObject(b) || !hasKeys(b, BENEFICIARY_KEYS, ['id', 'location', 'languages', 'needs', 'availability']))
    return false;
  return (
    isPersonId(b.id) &&
    isLocation(b.location) &&
    isDistance(b.maxDistanceKm) &&
    isDistance(b.searchRadiusKm) &&
    isList(b.languages, 50, isLanguage) &&
    isList(b.needs, 200, isSkill) &&
    isList(b.availability, 200, isSlot) &&
    (b.waitingSince === undefined || isIsoDate(b.waitingSince)) &&
    (b.volunteerGender === undefined || isList(b.volunteerGender, 3, isGender)) &&
    (b.excludedVolunteerIds === undefined || isList(b.excludedVolunteerIds, 10_000, isPersonId)) &&
    (b.age === undefined || isInt(b.age, 0, 130))
  );
}

/** What ProgrammeRules accepts, as a plain test. */
function isProgramme(p: unknown): p is ProgrammeRules {
  if (
    !isObject(p) ||
    !hasKeys(p, PROGRAMME_KEYS, ['maxDistanceKm', 'minOverlapMinutes', 'requireCommonLanguage', 'topK'])
  )
    return false;
  const { weights } = p;
  return (
    typeof p.maxDistanceKm === 'number' &&
    isDistance(p.maxDistanceKm) &&
    isInt(p.minOverlapMinutes, 0, 7 * 1440) &&
    typeof p.requireCommonLanguage === 'boolean' &&
    isInt(p.topK, 1, 1000) &&
    (weights === undefined ||
      (isObject(weights) && hasKeys(weights, CRITERIA, []) && CRITERIA.every((c) => isDistance(weights[c])))) &&
    (p.targetOverlapMinutes === undefined || isInt(p.targetOverlapMinutes, 1, 7 * 1440)) &&
    (p.maxWaitDays === undefined || isInt(p.maxWaitDays, 1, 3650))
  );
}

function uniqueIn(items: readonly { id: string }[]): boolean {
  const ids = new Set<string>();
  for (const { id } of items) {
    if (ids.has(id)) return false;
    ids.add(id);
  }
  return true;
}

/**
 * A parsed document as a RankInput, checked by hand in one pass: null when any check fails, and
 * then RankInput says what and where (this pass only finds that something is wrong, fast).
 * Accepts exactly what RankInput accepts.
 */
export function checkedRankInput(data: unknown): RankInput | null {
  if (!isObject(data) || !hasKeys(data, RANK_INPUT_KEYS, ['programme', 'volunteers', 'beneficiaries'])) return null;
  const { volunteers, beneficiaries } = data;
  if (!Array.isArray(volunteers) || !Array.isArray(beneficiaries)) return null;
  if (!volunteers.every(isVolunteer) || !beneficiaries.every(isBeneficiary)) return null;
  if (!uniqueIn(volunteers as Volunteer[]) || !uniqueIn(beneficiaries as Beneficiary[])) return null;
  const { programme } = data;
  if (!isProgramme(programme)) return null;
  const referenceDate = data.referenceDate;
  if (referenceDate !== undefined && !isIsoDate(referenceDate)) return null;
  return {
    programme,
    ...(referenceDate === undefined ? {} : { referenceDate: referenceDate }),
    volunteers: volunteers as Volunteer[],
    beneficiaries: beneficiaries as Beneficiary[],
  };
}

/**
 * An `assign` input as columns: people by their index in the input lists, edges as three
 * typed arrays. What a large input is turned into instead of objects.
 */
export interface AssignColumns {
  volunteerIds: readonly string[];
  capacity: Float64Array;
  beneficiaryIds: readonly string[];
  edgeV: Int32Array;
  edgeB: Int32Array;
  score: Float64Array;
}

/**
 * One pass over a parsed document straight into columns, ids interned as it goes, with exactly
 * the checks of AssignInput; null when any fails, and then AssignInput says what and where
 * (this pass only finds that something is wrong, fast).
 */
export function assignColumns(data: unknown): AssignColumns | null {
  if (!isObject(data) || !hasExactly(data, ['volunteers', 'beneficiaries', 'edges'])) return null;
  const { volunteers, beneficiaries, edges } = data;
  if (!Array.isArray(volunteers) || !Array.isArray(beneficiaries) || !Array.isArray(edges)) return null;
  const vIndex = new Map<string, number>();
  const capacity = new Float64Array(volunteers.length);
  for (let i = 0; i < volunteers.length; i++) {
    const v: unknown = volunteers[i];
    if (!isObject(v) || !hasExactly(v, ['id', 'capacity']) || !isPersonId(v.id) || vIndex.has(v.id)) return null;
    const c = v.capacity;
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 0) return null;
    vIndex.set(v.id, i);
    capacity[i] = c;
  }
  const bIndex = new Map<string, number>();
  for (let i = 0; i < beneficiaries.length; i++) {
    const b: unknown = beneficiaries[i];
    if (!isObject(b) || !hasExactly(b, ['id']) || !isPersonId(b.id) || bIndex.has(b.id)) return null;
    bIndex.set(b.id, i);
  }
  const n = edges.length;
  const edgeV = new Int32Array(n);
  const edgeB = new Int32Array(n);
  const score = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const e: unknown = edges[k];
    if (!isObject(e) || !hasExactly(e, ['volunteerId', 'beneficiaryId', 'score'])) return null;
    const { volunteerId, beneficiaryId, score: s } = e;
    if (!isPersonId(volunteerId) || !isPersonId(beneficiaryId) || typeof s !== 'number' || !Number.isFinite(s))
      return null;
    const v = vIndex.get(volunteerId);
    const b = bIndex.get(beneficiaryId);
    if (v === undefined || b === undefined) return null;
    edgeV[k] = v;
    edgeB[k] = b;
    score[k] = s;
  }
  // A pair given twice: each beneficiary's edges, marking the volunteers seen.
  const start = new Int32Array(beneficiaries.length + 1);
  for (let k = 0; k < n; k++) start[edgeB[k]! + 1]!++;
  for (let i = 0; i < beneficiaries.length; i++) start[i + 1]! += start[i]!;
  const byB = new Int32Array(n);
  for (let k = 0; k < n; k++) byB[start[edgeB[k]!]!++] = k;
  const seenBy = new Int32Array(volunteers.length).fill(-1);
  for (let at = 0; at < n; at++) {
    const k = byB[at]!;
    if (seenBy[edgeV[k]!] === edgeB[k]) return null;
    seenBy[edgeV[k]!] = edgeB[k]!;
  }
  return {
    volunteerIds: volunteers.map((v: { id: string }) => v.id),
    capacity,
    beneficiaryIds: beneficiaries.map((b: { id: string }) => b.id),
    edgeV,
    edgeB,
    score,
  };
}
