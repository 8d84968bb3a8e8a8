/**
 * The confirmation of a volunteer's address: the link sent at sign-up (commands/signup.ts) turns
 * `pending_email` into `pending_screening`.
 */
import type { Volunteer } from '../domain/index.js';
import { NotFoundError } from '../errors/not-found-error.js';
import type { Clock, Logger, Store } from '../store/ports.js';
import { confirmTokenKey } from './commands/signup.js';
import { audit, retryOnVersionConflict, systemActor } from './context.js';

export interface SignupDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
}

export class SignupService {
  constructor(private readonly deps: SignupDeps) {}

  /**
   * Confirms the address behind a link: `pending_email` becomes `pending_screening`. Opening the
   * link again (or a mail scanner opening it first) changes nothing and answers the same.
   */
  async confirm(token: string): Promise<Volunteer> {
    const { store, clock } = this.deps;
    const found = await store.keys.get<{ orgId: string; volunteerId: string }>(confirmTokenKey(token), clock.now());
    if (!found) throw new NotFoundError('confirmation', 'link');
    return retryOnVersionConflict(async () => {
      const volunteer = await store.volunteers.get(found.orgId, found.volunteerId);
      if (volunteer.status !== 'pending_email') return volunteer;
      const updated = await store.volunteers.update(
        found.orgId,
        volunteer.id,
        volunteer.version,
        { status: 'pending_screening' },
        clock.now(),
      );
      await audit(
        this.deps,
        systemActor(found.orgId, 'signup'),
        'volunteer.confirm_email',
        { kind: 'volunteer', id: volunteer.id },
        { fields: ['status'] },
      );
      return updated;
    });
  }
}
