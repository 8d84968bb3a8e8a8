import { randomUUID } from 'node:crypto';
import type { AuditEvent, MatchRun, RecordKind, Role } from '../domain/index.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import type { Clock, Logger, Store } from '../store/ports.js';

/** Who is acting, in which organisation: a staff member, or the system (jobs, maintenance commands). */
export interface Actor {
  orgId: string;
  /** A staff id, or `system:<job>`. */
  userId: string;
  role: Role | 'system';
}

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
}

export function systemActor(orgId: string, job: string): Actor {
  return { orgId, userId: `system:${job}`, role: 'system' };
}

/** ForbiddenError unless the actor has one of the roles (the system may do anything). */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (actor.role !== 'system' && !roles.includes(actor.role))
    throw new ForbiddenError(`role ${actor.role} may not do this`);
}

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID()}`;
}

/** A recompute of a whole programme, queued by `requestedBy` at `at` (a mediator, a seed, the sweep). */
export function queuedRecompute(orgId: string, programmeId: string, requestedBy: string, at: string): MatchRun {
  return {
    id: newId('run'),
    orgId,
    version: 1,
    createdAt: at,
    updatedAt: at,
    kind: 'recompute',
    scope: { programmeId },
    status: 'queued',
    requestedBy,
  };
}

/** An audit event, not yet stored: ids and field names only, never values. */
export function auditEvent(
  deps: Pick<ServiceDeps, 'clock'>,
  actor: Actor,
  action: string,
  target: { kind: RecordKind; id: string },
  extra: Pick<AuditEvent, 'fields' | 'reason'> = {},
): AuditEvent {
  const at = deps.clock.now().toISOString();
  return {
    id: newId('aud'),
    orgId: actor.orgId,
    version: 1,
    createdAt: at,
    updatedAt: at,
    at,
    actor: actor.userId,
    action,
    target,
    ...extra,
  };
}

/** Appends an audit event: ids and field names only, never values. */
export async function audit(
  deps: ServiceDeps,
  actor: Actor,
  action: string,
  target: { kind: RecordKind; id: string },
  extra: Pick<AuditEvent, 'fields' | 'reason'> = {},
): Promise<void> {
  await deps.store.audit.append(auditEvent(deps, actor, action, target, extra));
}

/**
 * Runs a read-then-update step again when another update of the same record won meanwhile; for
 * system-side changes (an exclusion, a status) that do not depend on what a person saw.
 */
export async function retryOnVersionConflict<R>(step: () => Promise<R>, attempts = 10): Promise<R> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof VersionConflictError) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * i));
    }
  }
}
