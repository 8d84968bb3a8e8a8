/** What staff do to their own account. */
import { z } from 'zod';
import { ROLES, type StaffUser } from '../../domain/index.js';
import { ValidationError } from '../../errors/validation-error.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../password.js';
import { command } from './command.js';

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH),
  newPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH, `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`),
});

/**
 * A staff member changes their own password: the current one first (a session left open on a
 * shared computer is not enough), then the new one, which must differ. Sessions opened before the
 * change are over (`passwordChangedAt`, read by the session check); the caller opens a new one.
 */
export const changeOwnPassword = command({
  name: 'staff.password_change',
  roles: ROLES,
  input: ChangePasswordInput,
  async run(ctx, input): Promise<StaffUser> {
    const { store, clock, actor } = ctx;
    const staff = await store.staff.get(actor.orgId, actor.userId);
    if (!(await verifyPassword(staff.passwordHash, input.currentPassword)))
      throw new ValidationError([{ field: 'body.currentPassword', message: 'is not the current password' }]);
    if (input.newPassword === input.currentPassword)
      throw new ValidationError([{ field: 'body.newPassword', message: 'must differ from the current password' }]);
    const now = clock.now();
    const changed = await store.staff.update(
      staff.orgId,
      staff.id,
      staff.version,
      { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: now.toISOString() },
      now,
    );
    ctx.raise({ type: 'PasswordChanged', staff: changed });
    return changed;
  },
});
