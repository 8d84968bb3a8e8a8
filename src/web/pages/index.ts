/** The staff's pages under /app: who may see each (the same roles as the API's operations behind it). */
import type { WebDeps } from '../operations.js';
import { ROLES } from '../../domain/index.js';
import type { PageRoutes } from '../layout.js';
import { formLimiter } from '../limits.js';
import { confirmPair, rejectProposal } from './beneficiaries/actions.js';
import { beneficiaryPage } from './beneficiaries/detail.js';
import { createBeneficiary, intakePage } from './beneficiaries/intake.js';
import { waitingList } from './beneficiaries/list.js';
import {
  adoptWeights,
  planPage,
  previewFragment,
  programmeIndex,
  recompute,
  savePractice,
  saveSettings,
  showSettings,
} from './programmes.js';
import { recordScreening, screeningQueue } from './screening.js';
import { home, login, loginForm, logout } from './session.js';
import { accounts, changeAccount, createAccount } from './staff.js';
import { changePassword, passwordForm } from './password.js';
import { importFile, importForm, importTemplate, importUpload } from './import.js';
import { statsCsv, statsPage } from './stats.js';
import {
  approveTandem,
  checkIn,
  closeTandem,
  firstMeeting,
  nextStage,
  planMeeting,
  refuseTandem,
  showTandem,
  tandemList,
} from './tandems.js';
import { agreementPage } from './agreement.js';
import { declineVolunteer, editVolunteer, pauseVolunteer, volunteerList, volunteerPage } from './volunteers.js';
import { addNote } from '../timeline.js';
import { changeReferralSource, createReferralSource, referralSources } from './referral-sources.js';
import { liftExclusion, pairByHand, widenRadius } from './beneficiaries/pairing.js';

const MEDIATORS = ['mediator', 'coordinator'] as const;
const COORDINATOR = ['coordinator'] as const;
const ADMIN = ['admin'] as const;

export function registerStaffPages(
  { router, page, staff }: Pick<PageRoutes, 'router' | 'page' | 'staff'>,
  deps: WebDeps,
  secret: () => Promise<string>,
): void {
  router.get(
    '/app/login',
    page(async (p) => loginForm(p, await secret())),
  );
  router.post(
    '/app/login',
    formLimiter(deps.config.rateLimits.login),
    page(async (p) => login(p, await secret())),
  );
  router.post('/app/logout', staff(ROLES, logout));
  router.get('/app', staff(ROLES, home));
  router.get('/app/password', staff(ROLES, passwordForm));
  router.post('/app/password', staff(ROLES, changePassword));

  router.get('/app/beneficiaries', staff(MEDIATORS, waitingList));
  router.get('/app/beneficiaries/new', staff(MEDIATORS, intakePage));
  router.post('/app/beneficiaries/new', staff(MEDIATORS, createBeneficiary));
  router.get('/app/beneficiaries/:id', staff(MEDIATORS, beneficiaryPage));
  router.post('/app/beneficiaries/:id/confirm', staff(MEDIATORS, confirmPair));
  router.post('/app/proposals/:id/reject', staff(MEDIATORS, rejectProposal));
  router.post('/app/beneficiaries/:id/hand-pair', staff(MEDIATORS, pairByHand));
  router.post('/app/beneficiaries/:id/radius', staff(MEDIATORS, widenRadius));
  router.post('/app/beneficiaries/:id/exclusions/:volunteerId/lift', staff(COORDINATOR, liftExclusion));

  router.get(
    '/app/plan',
    staff(MEDIATORS, (p) => programmeIndex(p, 'plan')),
  );
  router.get('/app/programmes/:id/plan', staff(MEDIATORS, planPage));
  router.get(
    '/app/programmes',
    staff(COORDINATOR, (p) => programmeIndex(p, 'settings')),
  );
  router.get('/app/programmes/:id/settings', staff(COORDINATOR, showSettings));
  router.get('/app/programmes/:id/settings/preview', staff(COORDINATOR, previewFragment));
  router.post('/app/programmes/:id/settings', staff(COORDINATOR, saveSettings));
  router.post('/app/programmes/:id/settings/adopt', staff(COORDINATOR, adoptWeights));
  router.post('/app/programmes/:id/practice', staff(COORDINATOR, savePractice));
  router.post('/app/programmes/:id/match-runs', staff(COORDINATOR, recompute));

  router.get('/app/tandems', staff(MEDIATORS, tandemList));
  router.get('/app/tandems/:id', staff(MEDIATORS, showTandem));
  router.get('/app/tandems/:id/agreement', staff(MEDIATORS, agreementPage));
  router.post('/app/tandems/:id/first-meeting', staff(MEDIATORS, firstMeeting));
  router.post('/app/tandems/:id/check-ins', staff(MEDIATORS, checkIn));
  router.post('/app/tandems/:id/close', staff(MEDIATORS, closeTandem));
  router.post('/app/tandems/:id/approve', staff(COORDINATOR, approveTandem));
  router.post('/app/tandems/:id/refuse', staff(COORDINATOR, refuseTandem));
  router.post('/app/tandems/:id/meeting-plan', staff(MEDIATORS, planMeeting));
  router.post('/app/tandems/:id/stage', staff(MEDIATORS, nextStage));

  router.get('/app/volunteers', staff(MEDIATORS, volunteerList));
  router.get('/app/volunteers/:id', staff(MEDIATORS, volunteerPage));
  router.post('/app/volunteers/:id/edit', staff(MEDIATORS, editVolunteer));
  router.post('/app/volunteers/:id/pause', staff(COORDINATOR, pauseVolunteer));
  router.post('/app/volunteers/:id/decline', staff(COORDINATOR, declineVolunteer));
  router.post('/app/notes', staff(MEDIATORS, addNote));

  router.get('/app/referral-sources', staff(COORDINATOR, referralSources));
  router.post('/app/referral-sources', staff(COORDINATOR, createReferralSource));
  router.post('/app/referral-sources/:id', staff(COORDINATOR, changeReferralSource));

  router.get('/app/import', staff(MEDIATORS, importForm));
  router.get('/app/import/template', staff(MEDIATORS, importTemplate));
  // The upload is read before the session's check, which needs the form's CSRF field.
  router.post('/app/import', importUpload, staff(MEDIATORS, importFile));

  router.get('/app/screening', staff(COORDINATOR, screeningQueue));
  router.post('/app/volunteers/:id/screening', staff(COORDINATOR, recordScreening));

  router.get('/app/stats', staff(ROLES, statsPage));
  router.get('/app/stats.csv', staff(ROLES, statsCsv));

  router.get(
    '/app/staff',
    staff(ADMIN, async (p) => accounts(p, await secret())),
  );
  router.post(
    '/app/staff',
    staff(ADMIN, async (p) => createAccount(p, await secret())),
  );
  router.post('/app/staff/:id', staff(ADMIN, changeAccount));
}
