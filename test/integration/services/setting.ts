/** A runner of commands over a real embedded store whose calls are counted, and the records most tests start from. */
import type { QueuedJob } from '../../../src/domain/jobs.js';
import type { Actor } from '../../../src/services/context.js';
import { Commands } from '../../../src/services/commands/command.js';
import { Dispatcher } from '../../../src/services/dispatcher.js';
import { fixedClock } from '../../../src/store/clock.js';
import { silentLogger } from '../../../src/store/logger.js';
import type { Store } from '../../../src/store/ports.js';
import type { Adapter } from '../store/adapters.js';
import * as f from '../store/fixtures.js';

/** The store with every repository call counted: one call, one round trip to the server. */
export function counting(store: Store) {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'object' || value === null) return value;
      return new Proxy(value, {
        get(repo, method, r) {
          const fn: unknown = Reflect.get(repo, method, r);
          if (typeof fn !== 'function') return fn;
          return (...args: unknown[]) => {
            calls.push(`${String(prop)}.${String(method)}`);
            return (fn as (...a: unknown[]) => unknown).apply(repo, args);
          };
        },
      });
    },
  });
  return { store: wrapped, calls };
}

export const NOW = '2026-11-23T10:00:00.000Z';

/** An organisation with a mediator, a coordinator and an admin, a programme, a volunteer with one place and two beneficiaries proposed it. */
export async function settingOn(adapter: Adapter) {
  const raw = await adapter.open();
  const { store, calls } = counting(raw);
  const clock = fixedClock(NOW);
  const jobs: QueuedJob[] = [];
  const commands = new Commands({
    store,
    clock,
    logger: silentLogger,
    dispatcher: new Dispatcher({
      store,
      clock,
      logger: silentLogger,
      intents: { enqueueIntents: (intents) => Promise.resolve(void jobs.push(...intents)) },
    }),
  });
  const org = await raw.organisations.insert(f.organisation());
  const staffer = await raw.staff.insert(f.staff(org.id, { role: 'mediator', name: 'Anne Mediator' }));
  const coordinatorStaff = await raw.staff.insert(f.staff(org.id, { role: 'coordinator', name: 'Chloé Coordinator' }));
  const adminStaff = await raw.staff.insert(f.staff(org.id, { role: 'admin', name: 'Ada Admin' }));
  const prg = await raw.programmes.insert(f.programme(org.id));
  const volunteer = await raw.volunteers.insert(f.volunteer(org.id, { programmeIds: [prg.id], capacity: 1 }));
  const [b1, b2] = [
    await raw.beneficiaries.insert(f.beneficiary(org.id, { programmeIds: [prg.id] })),
    await raw.beneficiaries.insert(f.beneficiary(org.id, { programmeIds: [prg.id] })),
  ];
  await raw.proposals.publish(
    [b1, b2].map((b) =>
      f.proposalSet(org.id, { beneficiaryId: b.id, programmeId: prg.id, proposals: [{ volunteerId: volunteer.id }] }),
    ),
    new Date(NOW),
    [undefined, undefined],
  );
  const mediator: Actor = { orgId: org.id, userId: staffer.id, role: 'mediator' };
  const coordinator: Actor = { orgId: org.id, userId: coordinatorStaff.id, role: 'coordinator' };
  const admin: Actor = { orgId: org.id, userId: adminStaff.id, role: 'admin' };
  return { raw, store, calls, clock, jobs, commands, org, prg, volunteer, b1, b2, mediator, coordinator, admin };
}
