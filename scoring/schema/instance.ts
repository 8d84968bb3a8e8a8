import { z } from 'zod';
import { uniqueIds } from './assignment.js';
import { IsoDate } from './common.js';
import { Beneficiary } from './beneficiary.js';
import { ProgrammeRules } from './programme.js';
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
