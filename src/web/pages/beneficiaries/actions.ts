/** What a mediator does from a beneficiary's page: confirm a proposal, set one aside. */
import { REJECT_REASONS } from './shared.js';
import { type Beneficiary, type Tandem } from '../../../domain/index.js';
import { ConflictError } from '../../../errors/conflict-error.js';
import { ForbiddenError } from '../../../errors/forbidden-error.js';
import { ValidationError } from '../../../errors/validation-error.js';
import { one, type FormState } from '../../forms.js';
import { type StaffPage } from '../../layout.js';
import { perform } from '../../operations.js';

/** Posts a confirm; the redirect says how it went, with who was faster if someone was. */
export async function confirmPair(p: StaffPage): Promise<void> {
  const { req, res } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const beneficiaryId = String(req.params.id);
  const volunteerId = one(values, 'volunteerId');
  const programmeId = one(values, 'programmeId');
  const fromPlan = one(values, 'back') === 'plan';
  const back = fromPlan
    ? `/app/programmes/${encodeURIComponent(programmeId)}/plan`
    : `/app/beneficiaries/${encodeURIComponent(beneficiaryId)}`;
  let tandem: Tandem;
  try {
    tandem = await postTandem(p, values, { programmeId, volunteerId, beneficiaryId });
  } catch (err) {
    return res.redirect(303, `${back}?${(await raceOutcome(p, err, beneficiaryId, volunteerId)).toString()}`);
  }
  res.redirect(303, fromPlan ? `${back}?done=confirmed` : `/app/tandems/${tandem.id}?done=confirmed`);
}

/** Posts a tandem from a form (its idempotency key and support intensity): a proposal confirmed, or a pair by hand. */
export function postTandem(
  p: StaffPage,
  values: FormState['values'],
  pair: { programmeId: string; volunteerId: string; beneficiaryId: string; reason?: string | undefined },
): Promise<Tandem> {
  const { deps, req, res, locale, caller } = p;
  return perform<Tandem>(deps, req, res, locale, 'post', '/tandems', {
    caller,
    headers: { 'idempotency-key': one(values, 'key') },
    body: { ...pair, ...(one(values, 'intensity') && { intensity: one(values, 'intensity') }) },
  });
}

async function raceOutcome(
  p: StaffPage,
  err: unknown,
  beneficiaryId: string,
  volunteerId: string,
): Promise<URLSearchParams> {
  if (err instanceof ConflictError) {
    if (err.rule === 'beneficiary_open_tandem') {
      const tandemId = (await p.deps.store.reservations.openTandems(p.caller.orgId, [beneficiaryId])).get(
        beneficiaryId,
      );
      return new URLSearchParams({ outcome: 'taken', ...(tandemId && { tandem: tandemId }) });
    }
    if (err.rule === 'volunteer_capacity') return new URLSearchParams({ outcome: 'full', volunteer: volunteerId });
    return new URLSearchParams({ outcome: 'refused', rule: err.rule });
  }
  // No current proposal for the pair any more: recomputed since the page was drawn.
  if (err instanceof ForbiddenError || err instanceof ValidationError) return new URLSearchParams({ outcome: 'stale' });
  throw err;
}

export async function rejectProposal(p: StaffPage): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const reason = one(values, 'reason');
  const beneficiary = await perform<Beneficiary>(deps, req, res, locale, 'post', '/proposals/{id}/reject', {
    caller,
    params: { id: req.params.id },
    body: { reason: (REJECT_REASONS as readonly string[]).includes(reason) ? reason : 'other' },
  });
  res.redirect(303, `/app/beneficiaries/${beneficiary.id}?done=rejected`);
}

/* ------------------------------------------------------------------ intake */
