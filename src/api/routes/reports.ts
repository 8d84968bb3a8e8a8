import { z } from 'zod';
import { AuditEvent, dayOf, Id, OUTCOMES, ROLES, Stage, TANDEM_STATUSES } from '../../domain/index.js';
import { listAll } from '../../store/paging.js';
import { FAIRNESS_DIMENSIONS } from '../../../scoring/index.js';
import { MILESTONE_MONTHS, programmeStats, referralStats, stageStats, waitsOfGroups } from '../../services/stats.js';
import { route } from '../../http/route.js';
import { Paging } from '../schemas.js';

export const OVERSIGHT = ['coordinator', 'admin'] as const;

const Count = z.number().int().min(0);
const Milestone = z.strictObject({ eligible: Count, reached: Count });
const Stats = z.strictObject({
  programmeId: Id.nullable(),
  today: z.string(),
  tandems: z.strictObject(
    Object.fromEntries(TANDEM_STATUSES.map((s) => [s, Count])) as Record<
      (typeof TANDEM_STATUSES)[number],
      typeof Count
    >,
  ),
  waiting: z.strictObject({
    beneficiaries: Count,
    medianWaitDays: z.number().nullable(),
    longestWaitDays: z.number().nullable(),
  }),
  endured: z.strictObject(
    Object.fromEntries(MILESTONE_MONTHS.map((m) => [m, Milestone])) as Record<
      `${(typeof MILESTONE_MONTHS)[number]}`,
      typeof Milestone
    >,
  ),
  outcomes: z.strictObject(
    Object.fromEntries(OUTCOMES.map((o) => [o, Count])) as Record<(typeof OUTCOMES)[number], typeof Count>,
  ),
  /** Per referral source (null: a partner named in words, or none): what became of the people it sent. */
  referrals: z.array(
    z.strictObject({ sourceId: Id.nullable(), referred: Count, waiting: Count, paired: Count, started: Count }),
  ),
  /** Per stage of a mobility, for programmes with stages (null when none in scope has them). */
  stages: z
    .array(z.strictObject({ stage: Stage, tandems: Count, checkIns: Count, meanMood: z.number().nullable() }))
    .nullable(),
  /** Median wait by group, and the groups waiting more than `flagRatio` times the median. */
  waitsByGroup: z.strictObject({
    windowMonths: z.number().int(),
    flagRatio: z.number(),
    minGroupSize: z.number().int(),
    people: Count,
    medianWaitDays: z.number().nullable(),
    groups: z.array(
      z.strictObject({
        dimension: z.enum(FAIRNESS_DIMENSIONS),
        group: z.string(),
        people: Count,
        medianWaitDays: z.number(),
        ratio: z.number().nullable(),
        flagged: z.boolean(),
      }),
    ),
  }),
});

export const reportRoutes = [
  route({
    method: 'get',
    path: '/stats',
    summary:
      'Figures for a programme (or the whole organisation): tandems by status, waiting beneficiaries and their median wait, tandems that endured 3/6/12 months, outcomes, referral sources, stages of a mobility, median wait by group (first language, gender, municipality, age band, household size) with the groups waiting over 1.5x the median flagged',
    tag: 'reports',
    access: ROLES,
    query: z.strictObject({ programme: Id.optional() }),
    status: 200,
    response: Stats,
    async handler({ deps, caller, query }) {
      const { store, clock } = deps;
      const programmes = query.programme
        ? [await store.programmes.get(caller.orgId, query.programme)]
        : await listAll(store.programmes, caller.orgId, {});
      const scope = query.programme ? { programmeId: query.programme } : {};
      const [tandems, beneficiaries, open] = await Promise.all([
        listAll(store.tandems, caller.orgId, scope),
        listAll(store.beneficiaries, caller.orgId, query.programme ? { programmeIds: query.programme } : {}),
        store.reservations.openTandems(caller.orgId),
      ]);
      const today = dayOf(clock.now());
      const waiting = beneficiaries.filter((b) => b.status === 'active' && !open.has(b.id)).map((b) => b.waitingSince);
      const staged = new Set(programmes.filter((p) => p.stages).map((p) => p.id));
      return {
        programmeId: query.programme ?? null,
        today,
        ...programmeStats(tandems, waiting, today),
        referrals: referralStats(beneficiaries, open, tandems),
        stages: staged.size ? stageStats(tandems.filter((t) => staged.has(t.programmeId))) : null,
        waitsByGroup: waitsOfGroups(beneficiaries, tandems, today),
      };
    },
  }),
  route({
    method: 'get',
    path: '/audit',
    summary: 'Who did what to which record, newest first (ids and field names, never values)',
    tag: 'reports',
    access: OVERSIGHT,
    query: z.strictObject({ target: Id.optional(), actor: Id.optional(), ...Paging }),
    status: 200,
    response: z.strictObject({ items: z.array(AuditEvent), limit: z.number().int(), offset: z.number().int() }),
    async handler({ deps, caller, query }) {
      const where = { ...(query.target && { targetId: query.target }), ...(query.actor && { actor: query.actor }) };
      const items = await deps.store.audit.list(caller.orgId, where, { limit: query.limit, skip: query.offset });
      return { items, limit: query.limit, offset: query.offset };
    },
  }),
];
