/**
 * Organisations and staff accounts: what `tandem admin` and the admin routes create. A password
 * is either given (read by the command from standard input) or generated and shown once; only its
 * argon2id hash is stored.
 */
import type { Organisation, Role, StaffUser } from '../domain/index.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Clock, Store } from '../store/ports.js';
import { newId } from './context.js';
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';

export async function createOrganisation(
  deps: { store: Store; clock: Clock },
  input: { slug: string; name: Organisation['name']; kind?: Organisation['kind'] },
): Promise<Organisation> {
  const id = newId('org');
  const at = deps.clock.now().toISOString();
  return deps.store.organisations.insert({
    id,
    orgId: id,
    version: 1,
    createdAt: at,
    updatedAt: at,
    slug: input.slug,
    name: input.name,
    kind: input.kind ?? 'non_profit',
  });
}

export interface NewStaff {
  orgId: string;
  email: string;
  name: string;
  role: Role;
  /** Generated when absent. */
  password?: string;
  invitedBy?: string;
}

/** Creates an account; returns the password only when it was generated here. */
export async function createStaff(
  deps: { store: Store; clock: Clock },
  input: NewStaff,
): Promise<{ staff: StaffUser; generatedPassword?: string }> {
  const password = input.password ?? generatePassword();
  checkPassword(password);
  const at = deps.clock.now().toISOString();
  const staff = await deps.store.staff.insert({
    id: newId('stf'),
    orgId: input.orgId,
    version: 1,
    createdAt: at,
    updatedAt: at,
    email: input.email.trim().toLowerCase(),
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(password),
    status: 'active',
    ...(input.invitedBy ? { invitedBy: input.invitedBy } : {}),
  });
  return input.password === undefined ? { staff, generatedPassword: password } : { staff };
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new ValidationError([
      { field: 'password', message: `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters` },
    ]);
  }
}
