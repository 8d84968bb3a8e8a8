/**
 * A message that went out stays recorded as sent through a store outage longer than one
 * operation's retries: the sender keeps trying to record it, so no later sender sends it again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/store/outbox.js';
import { StoreUnavailableError } from '../../../src/errors/store-unavailable-error.js';
import { createProcessors } from '../../../src/jobs/processors.js';
import type { JobContext } from '../../../src/jobs/queue.js';
import { MatchingService } from '../../../src/services/matching.js';
import { fixedClock } from '../../../src/store/clock.js';
import { silentLogger } from '../../../src/store/logger.js';
import type { Store } from '../../../src/store/ports.js';
import { embeddedAdapter } from '../store/adapters.js';

const adapter = embeddedAdapter();
afterAll(() => adapter.cleanup());

const message: OutboxMessage = {
  id: 'msg-1',
  orgId: 'org-1',
  template: 'volunteer_confirm',
  personId: 'vol-1',
  to: 'vol@people.test',
  locale: 'fr',
  subject: 'Bienvenue',
  text: 'Bonjour',
  status: 'pending',
  attempts: 0,
  createdAt: '2026-09-01T09:00:00.000Z',
};

/** The store with its outbox answering "unavailable" to the first `failures` attempts to record a send. */
function outage(store: Store, failures: number): Store {
  let left = failures;
  const outbox = new Proxy(store.outbox, {
    get(target, key, receiver) {
      if (key === 'markSent')
        return (...args: Parameters<Store['outbox']['markSent']>) => {
          if (left-- > 0) return Promise.reject(new StoreUnavailableError('MongoDB unavailable: test'));
          return target.markSent(...args);
        };
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return new Proxy(store, { get: (t, k, r) => (k === 'outbox' ? outbox : (Reflect.get(t, k, r) as unknown)) });
}

describe('e-mail sender', () => {
  it('records a message it sent as sent once the store is back, and a second job sends nothing', async () => {
    const real = await adapter.open();
    await real.outbox.add(message);
    const store = outage(real, 2);
    const clock = fixedClock('2026-09-01T09:05:00.000Z');
    const sent: string[] = [];
    const processors = createProcessors({
      store,
      clock,
      logger: silentLogger,
      matching: new MatchingService({ store, clock }),
      mailer: { send: (m) => Promise.resolve(void sent.push(m.id)) },
    });
    const context = { attempt: 1, lastAttempt: false } as JobContext;
    const job = { orgId: message.orgId, messageId: message.id };

    await expect(processors.email(job, context)).resolves.toEqual({ sent: true });
    expect(await real.outbox.listPending(10)).toEqual([]);
    await expect(processors.email(job, context)).resolves.toEqual({ sent: false });
    expect(sent).toEqual([message.id]);
    await real.close();
  });
});
