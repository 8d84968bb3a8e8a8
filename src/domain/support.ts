import { z } from 'zod';

/**
 * How much support a tandem gives, where a programme says so (Dynamo's youth mobility): a light
 * tandem takes less of a coach's capacity than an intensive one. A volunteer's `capacity` counts
 * regular tandems; the store counts in half-tandems (units), so a light tandem can take half a slot.
 */
export const INTENSITIES = ['light', 'regular', 'intensive'] as const;
export const Intensity = z.enum(INTENSITIES);
export type Intensity = z.infer<typeof Intensity>;

/** Stages of a youth mobility: preparing to leave, abroad, back home. */
export const STAGES = ['before', 'during', 'after'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/** Units of capacity in one slot (one regular tandem). */
export const UNITS_PER_SLOT = 2;

/** A share of a volunteer's capacity, in tandems: 0.5, 1, 1.5, 2… */
const Weight = z
  .number()
  .min(0.5)
  .max(10)
  .refine((w) => Number.isInteger(w * UNITS_PER_SLOT), 'must be a multiple of 0.5');

export const IntensitySettings = z.strictObject({
  /** What a tandem of each intensity counts against a volunteer's capacity, in regular tandems. */
  weights: z.strictObject({ light: Weight, regular: Weight, intensive: Weight }),
  /** What a new tandem gets unless the mediator chooses. */
  default: Intensity,
});
export type IntensitySettings = z.infer<typeof IntensitySettings>;

/** The units a tandem of `intensity` takes in a programme (one slot where it has no intensities). */
export function unitsOf(programme: { intensity?: IntensitySettings | undefined }, intensity?: Intensity): number {
  const settings = programme.intensity;
  if (!settings) return UNITS_PER_SLOT;
  return Math.round(settings.weights[intensity ?? settings.default] * UNITS_PER_SLOT);
}

/** A volunteer's capacity in units. */
export function capacityUnits(volunteer: { capacity: number }): number {
  return volunteer.capacity * UNITS_PER_SLOT;
}

/** How many more tandems of the programme's default intensity a volunteer can take, with `usedUnits` taken. */
export function freeTandems(
  volunteer: { capacity: number },
  usedUnits: number,
  programme: { intensity?: IntensitySettings | undefined },
): number {
  return Math.max(0, Math.floor((capacityUnits(volunteer) - usedUnits) / unitsOf(programme)));
}
