import { MatchRun } from '../../domain/index.js';
import { followMatchRun, requestMatchRun } from '../../services/commands/programmes.js';
import { API_BASE, route } from '../../http/route.js';
import { IdParams } from '../schemas.js';
import { COORDINATOR } from './programmes.js';
import { MEDIATORS } from './volunteers.js';

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
    async handler({ commands, caller, params, res }) {
      const run = await commands.run(requestMatchRun, caller.actor, { programmeId: params.id });
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
    handler: ({ commands, caller, params }) => commands.run(followMatchRun, caller.actor, { runId: params.id }),
  }),
];
