import { z } from 'zod';
import { LocalizedName, RecordMeta } from './common.js';

/**
 * One of the partners an organisation takes referrals from (a CPAS, the province's volunteer
 * service, a school, a reception centre), as its intake form, waiting list and statistics name
 * them. A source no longer used is retired, not deleted, so past referrals keep their name.
 */
export const ReferralSource = z.strictObject({
  ...RecordMeta,
  name: LocalizedName,
  status: z.enum(['active', 'retired']),
});
export type ReferralSource = z.infer<typeof ReferralSource>;
