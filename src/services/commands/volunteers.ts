/** A volunteer's commands: changes by staff, pausing (until a day) and resuming, screening, declining at screening. */
import { z } from 'zod';
import {
  dayOf,
  Id,
  LongText,
  screeningGaps,
  ScreeningSteps,
  VolunteerPatch,
  type Programme,
  type Screening,
  type Volunteer,
  type VolunteerStatus,
} from '../../domain/index.js';
import { withArticle } from '../../domain/text.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { requireRole } from '../context.js';
import { asRead, command, ExpectedVersion, pastDay } from './command.js';
import { FOLLOWERS, programmesOf } from './people.js';

/** Where a volunteer may go from each status (screening makes a new volunteer active). */
const MOVES: Record<VolunteerStatus, readonly VolunteerStatus[]> = {
  pending_email: ['pending_screening', 'left'],
  pending_screening: ['active', 'declined', 'left'],
  active: ['paused', 'left'],
  paused: ['active', 'left'],
  declined: [],
  left: [],
};

/** Refuses a move the volunteer's status does not allow, or to `active` before screening is complete. */
function checkMove(volunteer: Volunteer, to: VolunteerStatus, programmes: readonly Programme[]): void {
  if (!MOVES[volunteer.status].includes(to))
    throw new ConflictError('volunteer_transition', `${withArticle(volunteer.status)} volunteer cannot become ${to}`);
  if (to !== 'active') return;
  for (const programme of programmes) {
    const gaps = screeningGaps(volunteer.screening, programme);
    if (gaps.length)
      throw new ConflictError(
        'screening_incomplete',
        `volunteer ${volunteer.id} lacks ${gaps.join(', ')} for ${programme.id}`,
      );
  }
}

/**
 * Changes a volunteer (capacity, availability, skills, programmes…) and, for a coordinator, pauses
 * (until a day, which the daily job keeps; a paused volunteer's day may change), resumes or lets
 * them leave; any other move forgets the day. One write from the version the caller read.
 */
export const updateVolunteer = command({
  name: 'volunteer.update',
  roles: FOLLOWERS,
  input: z.strictObject({ volunteerId: Id, expectedVersion: ExpectedVersion, patch: VolunteerPatch }),
  async run(ctx, { volunteerId, expectedVersion, patch }): Promise<Volunteer> {
    const { store, clock, actor } = ctx;
    const current = asRead('volunteer', await store.volunteers.get(actor.orgId, volunteerId), expectedVersion);
    const { status, pausedUntil, ...fields } = patch;
    const to = status ?? (pausedUntil !== undefined ? 'paused' : undefined);
    if (pausedUntil !== undefined && (to !== 'paused' || pausedUntil <= dayOf(clock.now())))
      throw new ValidationError([{ field: 'body.pausedUntil', message: 'a return date is after today, for a pause' }]);
    const moves = to !== undefined && (to !== current.status || pausedUntil !== undefined);
    // Programmes joined must be the organisation's; becoming active needs each one's screening.
    const programmes =
      fields.programmeIds || moves ? await programmesOf(ctx, fields.programmeIds ?? current.programmeIds) : [];
    if (moves) {
      // Pausing, resuming and leaving are a coordinator's.
      requireRole(actor, ['coordinator']);
      if (!(to === 'paused' && current.status === 'paused')) checkMove({ ...current, ...fields }, to, programmes);
    }
    const updated = await store.volunteers.update(
      actor.orgId,
      current.id,
      current.version,
      { ...fields, ...(moves && { status: to, pausedUntil }) },
      clock.now(),
    );
    ctx.raise({
      type: 'PersonChanged',
      kind: 'volunteer',
      person: updated,
      fields: Object.keys(patch),
      formerProgrammeIds: current.programmeIds,
    });
    return updated;
  },
});

/** Declines a volunteer at screening, saying why (they may be told it, so it is written for them). */
export const declineVolunteer = command({
  name: 'volunteer.decline',
  roles: ['coordinator'],
  input: z.strictObject({ volunteerId: Id, expectedVersion: ExpectedVersion, reason: LongText }),
  async run(ctx, { volunteerId, expectedVersion, reason }): Promise<Volunteer> {
    const { store, clock, actor } = ctx;
    const current = asRead('volunteer', await store.volunteers.get(actor.orgId, volunteerId), expectedVersion);
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

/**
 * A coordinator records screening steps (interview, training, certificate of good conduct seen);
 * once every programme the volunteer joined has what it asks, a volunteer awaiting screening
 * becomes active, in the same write.
 */
export const screenVolunteer = command({
  name: 'volunteer.screen',
  roles: ['coordinator'],
  input: z.strictObject({ volunteerId: Id, expectedVersion: ExpectedVersion, steps: ScreeningSteps }),
  async run(ctx, { volunteerId, expectedVersion, steps }): Promise<Volunteer> {
    const { store, clock, actor } = ctx;
    const current = asRead('volunteer', await store.volunteers.get(actor.orgId, volunteerId), expectedVersion);
    if (current.status === 'pending_email')
      throw new ConflictError('email_unconfirmed', 'the volunteer has not confirmed their e-mail address yet');
    if (steps.interview) pastDay(ctx, steps.interview.date, 'body.interview.date');
    if (steps.training) pastDay(ctx, steps.training.date, 'body.training.date');
    if (steps.goodConductSeenOn) pastDay(ctx, steps.goodConductSeenOn, 'body.goodConductSeenOn');
    const screening: Screening = {
      ...current.screening,
      ...(steps.interview && { interview: { date: steps.interview.date, by: actor.userId } }),
      ...(steps.training && { training: steps.training }),
      ...(steps.goodConductSeenOn && { goodConductSeenOn: steps.goodConductSeenOn }),
    };
    const programmes = await programmesOf(ctx, current.programmeIds);
    const activates =
      current.status === 'pending_screening' && programmes.every((p) => screeningGaps(screening, p).length === 0);
    const updated = await store.volunteers.update(
      actor.orgId,
      current.id,
      current.version,
      { screening, ...(activates && { status: 'active' as const }) },
      clock.now(),
    );
    ctx.raise({
      type: 'PersonChanged',
      kind: 'volunteer',
      person: updated,
      fields: activates ? ['screening', 'status'] : ['screening'],
    });
    return updated;
  },
});
