/** Secrets the server keeps in the store, shared by every server process. */
import { randomBytes } from 'node:crypto';
import { DAY_MS } from '../domain/calendar.js';
import type { Clock, Store } from '../store/ports.js';

const SECRET_KEY = 'web:form-secret';
const SECRET_TTL_MS = 10 * 365 * DAY_MS;

/** The form secret: created once per store by whichever process gets there first. */
export function formSecret(store: Store, clock: Clock): () => Promise<string> {
  let secret: Promise<string> | undefined;
  const load = async () => {
    const now = clock.now();
    await store.keys.claim(
      SECRET_KEY,
      { secret: randomBytes(32).toString('base64url') },
      new Date(now.getTime() + SECRET_TTL_MS),
      now,
    );
    const found = await store.keys.get<{ secret: string }>(SECRET_KEY, now);
    if (!found) throw new Error('form secret missing right after it was claimed');
    return found.secret;
  };
  return () =>
    (secret ??= load().catch((err: unknown) => {
      secret = undefined;
      throw err;
    }));
}
