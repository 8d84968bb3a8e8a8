/** What coordinators decide about a volunteer at screening. */
import { z } from 'zod';
import { dayOf, Id, LongText, type Volunteer } from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { PreconditionFailedError } from '../../errors/precondition-failed-error.js';
import { command } from './command.js';

/** Declines a volunteer at screening, saying why (they may be told it, so it is written for them). */
export const declineVolunteer = command({
  name: 'volunteer.decline',
  roles: ['coordinator'],
  input: z.strictObject({ volunteerId: Id, expectedVersion: z.number().int().min(1).optional(), reason: LongText }),
  async run(ctx, { volunteerId, expectedVersion, reason }): Promise<Volunteer> {
    const { store, clock, actor } = ctx;
    const current = await store.volunteers.get(actor.orgId, volunteerId);
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw new PreconditionFailedError('volunteer', volunteerId, expectedVersion, current.version);
    if (current.status !== 'pending_screening')
      throw new ConflictError(
        'volunteer_transition',
        `volunteer ${volunteerId} is ${current.status}, not in screening`,
      );
    const volunteer = await store.volunteers.update(
      actor.orgId,
      volunteerId,
      current.version,
      {
        status: 'declined',
        screening: { ...current.screening, declined: { on: dayOf(clock.now()), by: actor.userId, reason } },
      },
      clock.now(),
    );
    ctx.raise({ type: 'VolunteerDeclined', volunteer });
    return volunteer;
  },
});
