import { z } from 'zod';
import { hasExactly, isObject, isPersonId, uniqueIds } from './assignment.js';
import { Gender, IsoDate, isIsoDate } from './common.js';
import { Beneficiary } from './beneficiary.js';
import { ProgrammeRules } from './programme.js';
import { DAYS, minutesOf } from './slot.js';
import { Volunteer } from './volunteer.js';

/** Input of `rank` and `plan`: one programme's rules and its people. */
export const RankInput = z
  .strictObject({
    programme: ProgrammeRules,
    referenceDate: IsoDate.optional(),
    volunteers: z.array(Volunteer),
    beneficiaries: z.array(Beneficiary),
  })
  .check((ctx) => {
    uniqueIds(ctx, ctx.value.volunteers, 'volunteers');
    uniqueIds(ctx, ctx.value.beneficiaries, 'beneficiaries');
  });
export type RankInput = z.infer<typeof RankInput>;

const SKILL_ID = /^[a-z0-9_]+$/;
const LANGUAGE_CODE = /^[a-z]{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY_SET: ReadonlySet<unknown> = new Set(DAYS);
const GENDER_SET: ReadonlySet<unknown> = new Set(Gender.options);
const VOLUNTEER_KEYS = Object.keys(Volunteer.shape);
const BENEFICIARY_KEYS = Object.keys(Beneficiary.shape);

/** Only keys of `allowed`, and every one of `required`. */
function hasKeys(x: Record<string, unknown>, allowed: readonly string[], required: readonly string[]): boolean {
  for (const k in x) if (!allowed.includes(k)) return false;
  return required.every((k) => Object.hasOwn(x, k));
}

const isInt = (x: unknown, min: number, max: number) =>
  Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= max;
const isDistance = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isFinite(x) && x >= 0);
const isList = (x: unknown, max: number, item: (y: unknown) => boolean) =>
  Array.isArray(x) && x.length <= max && x.every(item);
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
    minutesOf(end) > minutesOf(start)
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

function uniqueIn(items: readonly { id: string }[]): boolean {
  const ids = new Set<string>();
  for (const { id } of items) {
    if (ids.has(id)) return false;
    ids.add(id);
  }
  return true;
}

/**
 * A parsed document as a RankInput, the people checked by hand in one pass (the programme and
 * date by their schemas): null when any check fails, and then RankInput says what and where
 * (this pass only finds that something is wrong, fast). Accepts nothing RankInput refuses.
 */
export function checkedRankInput(data: unknown): RankInput | null {
  if (!isObject(data) || !hasKeys(data, Object.keys(RankInput.shape), ['programme', 'volunteers', 'beneficiaries']))
    return null;
  const { volunteers, beneficiaries } = data;
  if (!Array.isArray(volunteers) || !Array.isArray(beneficiaries)) return null;
  if (!volunteers.every(isVolunteer) || !beneficiaries.every(isBeneficiary)) return null;
  if (!uniqueIn(volunteers as Volunteer[]) || !uniqueIn(beneficiaries as Beneficiary[])) return null;
  const programme = ProgrammeRules.safeParse(data.programme);
  if (!programme.success) return null;
  const referenceDate = data.referenceDate;
  if (referenceDate !== undefined && !isIsoDate(referenceDate)) return null;
  return {
    programme: programme.data,
    ...(referenceDate === undefined ? {} : { referenceDate: referenceDate }),
    volunteers: volunteers as Volunteer[],
    beneficiaries: beneficiaries as Beneficiary[],
  };
}
