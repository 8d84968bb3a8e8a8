import { MatchRun } from '../../domain/index.js';
import { newId } from '../../services/context.js';
import type { ApiDeps } from '../../http/deps.js';
import { API_BASE, route } from '../../http/route.js';
import { IdParams } from '../schemas.js';
import { COORDINATOR } from './programmes.js';
import { MEDIATORS } from './volunteers.js';

/** A run still `queued` this long after it was asked for lost its job (a restart): it is queued again. */
const REQUEUE_AFTER_MS = 60_000;

const enqueue = (deps: ApiDeps, run: MatchRun) =>
  deps.queue.enqueue({ name: 'match-run', data: { orgId: run.orgId, runId: run.id } }, { jobId: run.id });

export const matchRunRoutes = [
  route({
    method: 'post',
    path: '/programmes/{id}/match-runs',
    summary: "Recomputes the programme's proposals in the background: 202 with the run to follow",
    tag: 'matching',
    access: COORDINATOR,
    params: IdParams,
    status: 202,
    response: MatchRun,
    async handler({ deps, caller, params, res }) {
      const programme = await deps.store.programmes.get(caller.orgId, params.id);
      const at = deps.clock.now().toISOString();
      const run = await deps.store.matchRuns.insert({
        id: newId('run'),
        orgId: caller.orgId,
        version: 1,
        createdAt: at,
        updatedAt: at,
        kind: 'recompute',
        scope: { programmeId: programme.id },
        status: 'queued',
        requestedBy: caller.staff.id,
      });
      await enqueue(deps, run);
      res.location(`${API_BASE}/match-runs/${run.id}`);
      return run;
    },
  }),
  route({
    method: 'get',
    path: '/match-runs/{id}',
    summary: 'A match run: queued, running, done (with counts) or failed',
    tag: 'matching',
    access: MEDIATORS,
    params: IdParams,
    status: 200,
    response: MatchRun,
    async handler({ deps, caller, params }) {
      const run = await deps.store.matchRuns.get(caller.orgId, params.id);
      if (run.status === 'queued' && deps.clock.now().getTime() - Date.parse(run.createdAt) > REQUEUE_AFTER_MS)
        await enqueue(deps, run);
      return run;
    },
  }),
];
