/**
 * CSRF tokens of the forms. Staff forms echo the synchroniser token of their session (the one the
 * API takes in X-CSRF-Token). Anonymous forms (sign-up, sign-in) use a signed double submit: a
 * random value in an HttpOnly cookie, and in the form its HMAC under a secret kept in the store,
 * so a token cannot be made without the secret and is the same across server processes
 * (src/http/secrets.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const CSRF_FIELD = '_csrf';
export const FORM_COOKIE = 'tandem_form';

export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const sign = (secret: string, nonce: string) => createHmac('sha256', secret).update(nonce).digest('base64url');

/** The token for an anonymous form; sets the cookie it is bound to when the visitor has none. */
export function anonymousToken(secret: string, req: Request, res: Response): string {
  let nonce: unknown = req.cookies?.[FORM_COOKIE];
  if (typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) {
    nonce = randomBytes(32).toString('base64url');
    res.cookie(FORM_COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    // A form rendered in this response is checked against this cookie.
    req.cookies = { ...req.cookies, [FORM_COOKIE]: nonce };
  }
  return sign(secret, nonce as string);
}

export function anonymousTokenValid(secret: string, req: Request): boolean {
  const nonce: unknown = req.cookies?.[FORM_COOKIE];
  return (
    typeof nonce === 'string' &&
    sameToken((req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD], sign(secret, nonce))
  );
}
