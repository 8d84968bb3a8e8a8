/**
 * A volunteer's public sign-up (a person, a household or a youth-movement section): the record
 * waits in `pending_email` until the contact person opens the link sent to them. The link's token
 * is stored only as its hash; the e-mail leaves through the dispatcher's outbox.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CONFIRM_TTL_MS, type Volunteer } from '../../domain/index.js';
import { SignUpDetails } from '../../domain/requests.js';
import { ValidationError } from '../../errors/validation-error.js';
import { listAll } from '../../store/paging.js';
import { newId } from '../context.js';
import { insertOnce, keyedId } from '../idempotency.js';
import { command, type CommandContext } from './command.js';

/** How long a sign-up holds its address, so that two at once make one record. */
const SIGNUP_LOCK_MS = 60_000;

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');
/** Where a confirmation token is kept, by its hash. */
export const confirmTokenKey = (token: string) => `signup:${digest(token)}`;

/** A fresh confirmation token for a volunteer waiting for one. */
async function newConfirmToken(ctx: CommandContext, volunteer: Volunteer, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await ctx.store.keys.claim(
    confirmTokenKey(token),
    { orgId: volunteer.orgId, volunteerId: volunteer.id },
    new Date(now.getTime() + CONFIRM_TTL_MS),
    now,
  );
  return token;
}

/**
 * Signs a volunteer up in the actor's organisation (the public form's, as the system acts for
 * nobody signed in). The same address twice makes one record: the existing one is told by e-mail
 * (a fresh link if it was never confirmed), and the answer is the same as for a new sign-up, so
 * nobody learns from the page which addresses are signed up. A unique key settles two at once.
 * Sent again with the same Idempotency-Key, it stores nothing more and sends no second e-mail:
 * the record takes an id derived from the key, and a retry that finds it is done.
 */
export const signUp = command({
  name: 'volunteer.sign_up',
  roles: [],
  input: SignUpDetails.extend({ idempotencyKey: z.string().optional() }),
  async run(ctx, { idempotencyKey, ...input }): Promise<void> {
    const { store, clock, actor } = ctx;
    const { orgId } = actor;
    const id = keyedId('vol', orgId, idempotencyKey, () => newId('vol'));
    if (idempotencyKey && (await store.volunteers.find(orgId, id))) return;
    const { programmes: slugs, locale, consent, ...fields } = input;
    const now = clock.now();
    const at = now.toISOString();
    const [organisation, programmes] = await Promise.all([
      store.organisations.get(orgId, orgId),
      Promise.all(slugs.map((slug) => store.programmes.findBySlug(orgId, slug))),
    ]);
    const programmeIds = programmes.map((programme, i) => {
      if (!programme || programme.status !== 'open')
        throw new ValidationError([{ field: `body.programmes[${i}]`, message: 'no such open programme' }]);
      return programme.id;
    });
    const email = fields.contact.email;
    const held = await store.keys.claim(
      `signup-email:${orgId}:${digest(email)}`,
      { orgId },
      new Date(now.getTime() + SIGNUP_LOCK_MS),
      now,
    );
    const existing = (await listAll(store.volunteers, orgId, {})).find(
      (v) => v.contact.email?.toLowerCase() === email && v.status !== 'left',
    );
    if (existing) {
      // This very sign-up, made by an earlier try with the same key: nothing more to do or send.
      if (existing.id === id) return;
      const confirmToken = existing.status === 'pending_email' ? await newConfirmToken(ctx, existing, now) : undefined;
      ctx.raise({ type: 'VolunteerSignedUpAgain', volunteer: existing, organisation, locale, confirmToken });
      return;
    }
    // Another sign-up of this address, a moment ago, is making the record and its e-mail (unless
    // it is this one, tried before and cut short: its key's id then settles it).
    if (!held && !idempotencyKey) return;
    const { record: volunteer, replayed } = await insertOnce(
      store.volunteers,
      {
        ...fields,
        programmeIds,
        consent: { textVersion: consent.textVersion, at },
        locale,
        status: 'pending_email',
        screening: {},
        id,
        orgId,
        version: 1,
        createdAt: at,
        updatedAt: at,
      },
      idempotencyKey,
    );
    if (replayed) return;
    const confirmToken = await newConfirmToken(ctx, volunteer, now);
    ctx.raise({ type: 'VolunteerSignedUp', volunteer, organisation, locale, confirmToken });
  },
});
