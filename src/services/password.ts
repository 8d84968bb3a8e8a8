/**
 * Staff passwords: argon2id with the OWASP minimum parameters (19 MiB, 2 passes, 1 lane), which
 * take some tens of milliseconds here: slow for a guesser, bearable at sign-in.
 */
import { hash, verify, type Options } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** `algorithm: 2` is Argon2id (the package's enum is a const enum, out of reach of isolated modules). */
const PARAMS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

/** False for a wrong password or an unreadable hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/** A hash of a password nobody knows: checked when the account does not exist, so both cases take as long. */
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(generatePassword()));
}

/** Letters and digits without look-alikes (0/O, 1/l/I), about 5.6 bits each: 20 of them make 112 bits. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
