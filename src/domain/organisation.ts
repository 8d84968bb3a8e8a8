import { z } from 'zod';
import { Email, Id, Name, RecordMeta, ShortText, Slug, Timestamp } from './common.js';

/**
 * A tenant: an association running programmes (a neighbour programme, a mentoring non-profit,
 * a city youth service). Its `orgId` is its own id, so it is scoped like every other record.
 */
export const Organisation = z
  .strictObject({
    ...RecordMeta,
    slug: Slug,
    /** Shown to people in their language: `{ fr: 'Voisins solidaires Liège', nl: 'Solidaire buren Luik' }`. */
    name: Name,
    kind: z.enum(['non_profit', 'public_service', 'youth_movement', 'other']),
  })
  .refine((o) => o.orgId === o.id, { message: 'must equal id', path: ['orgId'] });
export type Organisation = z.infer<typeof Organisation>;

export const ROLES = ['admin', 'coordinator', 'mediator'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** A member of an organisation's staff. Only a password hash is ever stored. */
export const StaffUser = z.strictObject({
  ...RecordMeta,
  email: Email,
  name: ShortText,
  role: Role,
  /** An argon2id hash in PHC form (`$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`), see src/services/password.ts. */
  passwordHash: z
    .string()
    .regex(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/, 'must be an argon2id hash'),
  status: z.enum(['active', 'disabled']),
  lastLoginAt: Timestamp.optional(),
  /** When the password last changed: sessions opened before it are over. */
  passwordChangedAt: Timestamp.optional(),
  invitedBy: Id.optional(),
});
export type StaffUser = z.infer<typeof StaffUser>;

/** A staff member as shown to others: never the password hash. */
export const StaffView = StaffUser.omit({ passwordHash: true });
export type StaffView = z.infer<typeof StaffView>;

export function staffView({ passwordHash: _, ...rest }: StaffUser): StaffView {
  return rest;
}
