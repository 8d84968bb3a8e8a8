import type { AuditEvent, RecordKind } from '../domain/index.js';
import { audit, type Actor } from '../services/context.js';
import type { ApiDeps } from '../http/deps.js';
import { eventLogger } from '../logger.js';

/** Appends an audit event for what a route did itself (services audit their own operations). */
export function recordAudit(
  deps: ApiDeps,
  actor: Actor,
  action: string,
  target: { kind: RecordKind; id: string },
  extra: Pick<AuditEvent, 'fields' | 'reason'> = {},
): Promise<void> {
  return audit(
    { store: deps.store, clock: deps.clock, logger: eventLogger(deps.logger) },
    actor,
    action,
    target,
    extra,
  );
}
