import type { AnyRoute } from '../../http/route.js';
import { adminRoutes } from './admin.js';
import { beneficiaryRoutes } from './beneficiaries.js';
import { importRoutes } from './import.js';
import { matchRunRoutes } from './match-runs.js';
import { noteRoutes } from './notes.js';
import { peopleRoutes } from './people.js';
import { programmeRoutes } from './programmes.js';
import { proposalRoutes } from './proposals.js';
import { referralSourceRoutes } from './referral-sources.js';
import { reportRoutes } from './reports.js';
import { sessionRoutes } from './session.js';
import { tandemRoutes } from './tandems.js';
import { volunteerRoutes } from './volunteers.js';

/** Every route of /api/v1: what is served, documented and walked by the authorisation test. */
export const ROUTES: readonly AnyRoute[] = [
  ...sessionRoutes,
  ...adminRoutes,
  ...programmeRoutes,
  ...volunteerRoutes,
  ...beneficiaryRoutes,
  ...proposalRoutes,
  ...tandemRoutes,
  ...matchRunRoutes,
  ...reportRoutes,
  ...peopleRoutes,
  ...noteRoutes,
  ...referralSourceRoutes,
  ...importRoutes,
];
