/**
 * What a mediator can do on a beneficiary's page beyond the proposals: pair by hand with a reason
 * (held for a coordinator's approval where the programme asks), and, when nobody can be proposed,
 * the next steps: widen the radius for this person, see the volunteers just outside the rules
 * (the rule that excludes each), lift an exclusion (coordinators).
 */
import { randomUUID } from 'node:crypto';
import type { NearMiss } from '../../../../scoring/index.js';
import { INTENSITIES, type Beneficiary, type Programme, type Tandem, type Volunteer } from '../../../domain/index.js';
import { ConflictError } from '../../../errors/conflict-error.js';
import { ValidationError } from '../../../errors/validation-error.js';
import { listAll } from '../../../store/paging.js';
import { CSRF_FIELD } from '../../csrf.js';
import { formAction } from '../../form-action.js';
import { number } from '../../format.js';
import { emptyForm, hidden, one, select, textarea, type FormState } from '../../forms.js';
import { attrs, html, type Renderable, type SafeHtml } from '../../html.js';
import { type StaffPage } from '../../layout.js';
import { perform } from '../../operations.js';
import { displayName, nameIn } from '../../people.js';
import { placeText } from '../../places.js';
import { postTandem } from './actions.js';

/** Radii a mediator may widen a person's search to, km. */
export const WIDER = [15, 20, 30, 50, 80] as const;

/** Support intensity to choose at a confirm, in a programme that has them. */
export function intensityField(p: StaffPage, programme: Programme | undefined, id: string): Renderable {
  if (!programme?.intensity) return null;
  return select({
    name: 'intensity',
    id,
    label: p.t('pairing.intensity'),
    form: emptyForm({ intensity: programme.intensity.default }),
    choices: INTENSITIES.map((i) => ({ value: i, label: p.t(`intensity.${i}`) })),
  });
}

/** One near miss's rule in words: how far beyond the radius, or which rule. */
function ruleText(p: StaffPage, miss: NearMiss): string {
  const km = (value: number) => p.t('proposals.km', { km: number(value, p.locale) });
  return miss.rule === 'distance'
    ? p.t('pairing.rule.distance', { distance: km(miss.distanceKm), radius: km(miss.radiusKm) })
    : p.t(`pairing.rule.${miss.rule}`);
}

export interface PairingContext {
  beneficiary: Beneficiary;
  programmes: readonly Programme[];
  /** No open tandem: a pair may be chosen. */
  open: Tandem | null;
  /** Nobody can be proposed now. */
  unmatched: boolean;
}

/** The beneficiary page's part for pairing by hand, next steps and exclusions. */
export async function pairingSections(p: StaffPage, c: PairingContext): Promise<SafeHtml> {
  const { deps, req, res, t, locale, caller } = p;
  const { beneficiary } = c;
  const mine = c.programmes.filter((prog) => beneficiary.programmeIds.includes(prog.id) && prog.status === 'open');
  const canPair = !c.open && beneficiary.status === 'active' && mine.length > 0;
  const [misses, volunteers] = await Promise.all([
    canPair && c.unmatched
      ? perform<{ items: (NearMiss & { programmeId: string })[] }>(
          deps,
          req,
          res,
          locale,
          'get',
          '/beneficiaries/{id}/near-misses',
          { caller, params: { id: beneficiary.id } },
        ).then((r) => r.items)
      : [],
    canPair
      ? Promise.all(
          mine.map((prog) => listAll(deps.store.volunteers, caller.orgId, { programmeIds: prog.id, status: 'active' })),
        ).then((lists) => [...new Map(lists.flat().map((v) => [v.id, v])).values()])
      : ([] as Volunteer[]),
  ]);
  const excluded = beneficiary.excludedVolunteerIds.length
    ? await Promise.all(beneficiary.excludedVolunteerIds.map((id) => deps.store.volunteers.find(caller.orgId, id)))
    : [];
  const byId = new Map([...volunteers, ...excluded.filter((v): v is Volunteer => v !== null)].map((v) => [v.id, v]));
  const csrf = hidden(CSRF_FIELD, caller.csrfToken);
  const chosen = typeof req.query.volunteer === 'string' ? req.query.volunteer : '';
  const programmeName = (id: string) => c.programmes.find((prog) => prog.id === id)?.name[locale] ?? id;
  const coordinator = caller.role === 'coordinator';
  const needsApproval = (prog: Programme) => caller.role === 'mediator' && prog.manualPairApproval !== 'none';

  const nextSteps =
    canPair &&
    c.unmatched &&
    html`<section class="section" aria-labelledby="h-next"><h2 id="h-next">${t('pairing.nextTitle')}</h2>
<h3>${t('pairing.widenTitle')}</h3>
<p class="hint">${beneficiary.searchRadiusKm === undefined ? t('pairing.widenHint') : t('pairing.widenNow', { km: number(beneficiary.searchRadiusKm, locale) })}</p>
<form method="post" action="/app/beneficiaries/${beneficiary.id}/radius" class="form form--inline" novalidate>${csrf}${hidden('version', beneficiary.version)}
  ${select({ name: 'searchRadiusKm', label: t('pairing.widenTo'), form: emptyForm({ searchRadiusKm: String(beneficiary.searchRadiusKm ?? WIDER[1]) }), choices: WIDER.map((km) => ({ value: String(km), label: t('signup.km', { count: km }) })) })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('pairing.widen')}</button></div>
</form>
<h3>${t('pairing.missesTitle')}</h3>
${
  misses.length === 0
    ? html`<p class="empty">${t('pairing.noMisses')}</p>`
    : html`<table class="table">
  <caption class="visually-hidden">${t('pairing.missesTitle')}</caption>
  <thead><tr><th scope="col">${t('tandems.volunteer')}</th><th scope="col">${t('waiting.place')}</th><th scope="col">${t('pairing.excludedBy')}</th><th scope="col"><span class="visually-hidden">${t('pairing.actions')}</span></th></tr></thead>
  <tbody>${misses.map((m) => {
    const v = byId.get(m.volunteerId);
    return html`<tr>
    <th scope="row" data-label="${t('tandems.volunteer')}"><a href="/app/volunteers/${m.volunteerId}">${v ? displayName(v) : '—'}</a>${mine.length > 1 && html` <span class="muted">${programmeName(m.programmeId)}</span>`}</th>
    <td data-label="${t('waiting.place')}">${v ? placeText(v.place, locale) : ''} · ${t('proposals.km', { km: number(m.distanceKm, locale) })}</td>
    <td data-label="${t('pairing.excludedBy')}">${ruleText(p, m)}</td>
    <td data-label="${t('pairing.actions')}">${m.rule === 'capacity' ? '' : m.rule === 'excluded' ? (coordinator ? html`<form method="post" action="/app/beneficiaries/${beneficiary.id}/exclusions/${m.volunteerId}/lift" class="form--inline">${csrf}<button type="submit" class="button button--secondary">${t('pairing.lift')}</button></form>` : t('pairing.askCoordinator')) : html`<a href="/app/beneficiaries/${beneficiary.id}?volunteer=${encodeURIComponent(m.volunteerId)}#hand-pair">${t('pairing.choose')}</a>`}</td>
  </tr>`;
  })}</tbody>
</table>`
}
</section>`;

  const handPair =
    canPair &&
    html`<section class="section" aria-labelledby="h-hand" id="hand-pair"><h2 id="h-hand">${t('pairing.handTitle')}</h2>
<details${attrs({ open: Boolean(chosen) || c.unmatched })}><summary>${t('pairing.handOpen')}</summary>
<p class="hint">${mine.some(needsApproval) ? t('pairing.handHintApproval') : t('pairing.handHint')}</p>
<form method="post" action="/app/beneficiaries/${beneficiary.id}/hand-pair" class="form" novalidate>${csrf}${hidden('key', `web-${randomUUID()}`)}
  ${mine.length > 1 ? select({ name: 'programmeId', id: 'f-hand-programme', label: t('waiting.programme'), form: emptyForm(), choices: mine.map((prog) => ({ value: prog.id, label: prog.name[locale] })) }) : hidden('programmeId', mine[0]!.id)}
  ${select({
    name: 'volunteerId',
    id: 'f-hand-volunteer',
    label: t('tandems.volunteer'),
    form: emptyForm({ volunteerId: chosen }),
    blank: t('pairing.chooseVolunteer'),
    choices: volunteers
      .filter((v) => !beneficiary.excludedVolunteerIds.includes(v.id))
      .sort((a, b) => displayName(a).localeCompare(displayName(b), locale))
      .map((v) => ({ value: v.id, label: `${displayName(v)} — ${placeText(v.place, locale)}` })),
  })}
  ${intensityField(
    p,
    mine.find((prog) => prog.intensity),
    'f-hand-intensity',
  )}
  ${textarea({ name: 'reason', id: 'f-hand-reason', label: t('pairing.reason'), hint: t('pairing.reasonHint'), form: handPairForm(p), maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button">${t('pairing.handSubmit')}</button></div>
</form></details></section>`;

  const exclusions =
    beneficiary.excludedVolunteerIds.length > 0 &&
    html`<section class="section" aria-labelledby="h-excluded"><h2 id="h-excluded">${t('pairing.excludedTitle')}</h2>
<p class="hint">${t('pairing.excludedHint')}</p>
<ul class="plain">${beneficiary.excludedVolunteerIds.map(
      (id) =>
        html`<li>${nameIn(byId, id)}${coordinator && html` <form method="post" action="/app/beneficiaries/${beneficiary.id}/exclusions/${id}/lift" class="form--inline">${csrf}<button type="submit" class="button button--secondary">${t('pairing.lift')}</button></form>`}</li>`,
    )}</ul></section>`;

  return html`${nextSteps}${handPair}${exclusions}`;
}

/** The pair-by-hand form sent back with its error (a reason missing). */
function handPairForm(p: StaffPage): FormState {
  return p.req.query.hand === 'reason' ? { values: {}, errors: { reason: p.t('pairing.errors.reason') } } : emptyForm();
}

/** `POST /app/beneficiaries/:id/hand-pair`: a pair of the mediator's own choosing, with a reason. */
export async function pairByHand(p: StaffPage): Promise<void> {
  const { req, res } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const beneficiaryId = String(req.params.id);
  const back = `/app/beneficiaries/${encodeURIComponent(beneficiaryId)}`;
  let tandem: Tandem;
  try {
    tandem = await postTandem(p, values, {
      programmeId: one(values, 'programmeId'),
      volunteerId: one(values, 'volunteerId'),
      beneficiaryId,
      reason: one(values, 'reason') || undefined,
    });
  } catch (err) {
    if (err instanceof ValidationError) {
      const fields = err.issues.map((i) => i.field);
      if (fields.includes('body.reason'))
        return res.redirect(
          303,
          `${back}?hand=reason${one(values, 'volunteerId') ? `&volunteer=${encodeURIComponent(one(values, 'volunteerId'))}` : ''}#hand-pair`,
        );
      return res.redirect(303, `${back}?outcome=refused&rule=choose#hand-pair`);
    }
    if (err instanceof ConflictError)
      return res.redirect(
        303,
        `${back}?${new URLSearchParams({ outcome: err.rule === 'volunteer_capacity' ? 'full' : 'refused', rule: err.rule, volunteer: one(values, 'volunteerId') }).toString()}`,
      );
    throw err;
  }
  res.redirect(
    303,
    `/app/tandems/${tandem.id}?done=${tandem.approval?.status === 'pending' ? 'handPending' : 'confirmed'}`,
  );
}

/** `POST /app/beneficiaries/:id/radius`: searches farther for this person. */
export function widenRadius(p: StaffPage): Promise<void> {
  const { req, res } = p;
  const id = encodeURIComponent(String(req.params.id));
  const km = Number(one((req.body ?? {}) as FormState['values'], 'searchRadiusKm'));
  return formAction(p, {
    method: 'patch',
    path: '/beneficiaries/{id}',
    params: { id: String(req.params.id) },
    body: { searchRadiusKm: (WIDER as readonly number[]).includes(km) ? km : WIDER[1] },
    done: `/app/beneficiaries/${id}?done=widened`,
    // Changed meanwhile by someone else: back to the page as it is now, which says so.
    again: () => res.redirect(303, `/app/beneficiaries/${id}?outcome=changed#h-next`),
    changed: 'changed',
  });
}

/** `POST /app/beneficiaries/:id/exclusions/:volunteerId/lift`: a coordinator lifts an exclusion. */
export async function liftExclusion(p: StaffPage): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const id = String(req.params.id);
  try {
    await perform(deps, req, res, locale, 'delete', '/beneficiaries/{id}/exclusions/{volunteerId}', {
      caller,
      params: { id, volunteerId: req.params.volunteerId },
    });
  } catch (err) {
    // Lifted meanwhile by someone else: the page shows it as it is now.
    if (!(err instanceof ConflictError)) throw err;
  }
  res.redirect(303, `/app/beneficiaries/${encodeURIComponent(id)}?done=lifted`);
}
