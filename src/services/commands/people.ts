/**
 * What the commands about people share (the programmes they join, the staff who follow them), and
 * the erasure of a person (GDPR art. 17).
 */
import { z } from 'zod';
import {
  Id,
  needsUnanswered,
  type Beneficiary,
  type Programme,
  type StaffUser,
  type Volunteer,
} from '../../domain/index.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { listAll } from '../../store/paging.js';
import type { Store } from '../../store/ports.js';
import { adminChange } from '../admins.js';
import { newId, retryOnVersionConflict } from '../context.js';
import { command, type CommandContext } from './command.js';

export type PersonKind = 'volunteer' | 'beneficiary' | 'staff';

/** Those who follow people: mediators, and coordinators who also decide. */
export const FOLLOWERS = ['mediator', 'coordinator'] as const;

/** The organisation's programmes with these ids; NotFoundError (404) names the first unknown one. */
export function programmesOf(ctx: CommandContext, ids: readonly string[]): Promise<Programme[]> {
  return Promise.all(ids.map((id) => ctx.store.programmes.get(ctx.actor.orgId, id)));
}

/**
 * A beneficiary's needs are among those their programmes answer (the programmes' own lists, which
 * the intake form offers); else a ValidationError names each need at fault, or the programmes if
 * only they changed.
 */
export function checkNeeds(
  programmes: readonly Programme[],
  needs: readonly string[],
  changed: 'needs' | 'programmeIds',
): void {
  const unanswered = needsUnanswered(programmes, needs);
  if (!unanswered.length) return;
  const answer = programmes.length > 1 ? 'programmes answer' : 'programme answers';
  throw new ValidationError(
    changed === 'needs'
      ? unanswered.map((i) => ({ field: `body.needs[${i}]`, message: `is not among the needs the ${answer}` }))
      : [
          {
            field: 'body.programmeIds',
            message: `the ${answer} none of the person's needs ${unanswered.map((i) => needs[i]).join(', ')}`,
          },
        ],
  );
}

/** The staff member who follows a person is active staff of the same organisation. */
export async function checkFollower(ctx: CommandContext, staffId: string | undefined, field: string): Promise<void> {
  if (staffId === undefined) return;
  const staff = await ctx.store.staff.find(ctx.actor.orgId, staffId);
  if (!staff || staff.status !== 'active')
    throw new ValidationError([{ field, message: 'no such active staff member here' }]);
}

/** A person's record, whatever their kind; NotFoundError across organisations. */
export async function personOf(
  store: Store,
  orgId: string,
  personId: string,
): Promise<{ kind: PersonKind; record: Volunteer | Beneficiary | StaffUser }> {
  for (const kind of ['volunteer', 'beneficiary', 'staff'] as const) {
    const record = await repository(store, kind).find(orgId, personId);
    if (record) return { kind, record };
  }
  throw new NotFoundError('person', personId);
}

export function repository(store: Store, kind: PersonKind) {
  return kind === 'volunteer' ? store.volunteers : kind === 'beneficiary' ? store.beneficiaries : store.staff;
}

export interface ErasureReport {
  kind: PersonKind;
  /** The id that replaced the person's in audit events. */
  pseudonym: string;
  tandems: number;
  proposals: number;
  /** E-mails to or about the person still in the outbox. */
  messages: number;
  /** Notes on the person and their tandems (for staff: notes they wrote keep a pseudonym as author). */
  notes: number;
  auditEvents: number;
}

/**
 * Erases a person (GDPR art. 17): their record, tandems, proposals, notes and outbox e-mails, their
 * id in other beneficiaries' exclusions; audit events keep what happened under a random pseudonym.
 * Only an admin erases an admin, and never the organisation's last one. The record goes last, so
 * an erasure cut short is finished by running it again.
 */
export const erasePerson = command({
  name: 'person.erase',
  roles: ['coordinator', 'admin'],
  input: z.strictObject({ personId: Id }),
  async run(ctx, { personId }): Promise<ErasureReport> {
    const { store, clock, actor, logger } = ctx;
    const { orgId } = actor;
    const { kind, record } = await personOf(store, orgId, personId);
    const erase = async (): Promise<ErasureReport> => {
      for (const t of await store.tandems.listForPerson(orgId, personId))
        await store.reservations.releaseTandem(orgId, t.id);
      const tandems = await store.tandems.deleteForPerson(orgId, personId);
      const proposals = await store.proposals.deleteForPerson(orgId, personId);
      const messages = await store.outbox.deleteForPerson(orgId, personId);
      const pseudonym = newId('erased');
      const notes =
        kind === 'staff'
          ? await store.notes.pseudonymiseAuthor(orgId, personId, pseudonym)
          : await store.notes.deleteForPerson(orgId, personId);
      if (kind === 'volunteer') {
        for (const b of await listAll(store.beneficiaries, orgId, { excludedVolunteerIds: personId })) {
          await retryOnVersionConflict(async () => {
            const current = await store.beneficiaries.get(orgId, b.id);
            await store.beneficiaries.update(
              orgId,
              b.id,
              current.version,
              { excludedVolunteerIds: current.excludedVolunteerIds.filter((v) => v !== personId) },
              clock.now(),
            );
          });
        }
      }
      const auditEvents = await store.audit.pseudonymise(orgId, personId, pseudonym);
      await repository(store, kind).delete(orgId, personId);
      ctx.raise({ type: 'PersonErased', kind, pseudonym });
      logger.info('person.erased', { orgId, kind, tandems, proposals, messages, notes, auditEvents });
      return { kind, pseudonym, tandems, proposals, messages, notes, auditEvents };
    };
    // Staff: decided with every other change of the organisation's admins, one at a time.
    return kind === 'staff' ? adminChange(ctx, record as StaffUser, null, erase) : erase();
  },
});
