/**
 * A programme's pages: its optimal plan (pairs to confirm one by one) for mediators, and its
 * settings for coordinators, where the weights are tried on one waiting beneficiary before they
 * are saved: the ranking now and with the new weights, side by side.
 */
import {
  CRITERIA,
  KNOWN_SKILLS,
  skillLabel,
  type Candidate,
  type Criterion,
  type ProgrammeRules,
} from '../../../scoring/index.js';
import type { SuggestedWeights } from '../../services/suggestions.js';
import type { Beneficiary, Programme, Proposal } from '../../domain/index.js';
import { listAll } from '../../store/paging.js';
import { randomUUID } from 'node:crypto';
import { CSRF_FIELD } from '../csrf.js';
import { formAction } from '../form-action.js';
import { daysSince } from '../../../scoring/index.js';
import { dayOf, INTENSITIES, WEIGHT_SCALE } from '../../domain/index.js';
import { capitalise, number, percent, regionText } from '../format.js';
import { checkbox, choices, emptyForm, hidden, many, one, select, type FormState } from '../forms.js';
import { attrs, html, type SafeHtml } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { displayName, loadPeople, nameIn } from '../people.js';
import { programmesOf } from './beneficiaries/shared.js';
import { notices } from './notices.js';

const WEIGHT_MAX = WEIGHT_SCALE.max;
const WEIGHT_STEP = WEIGHT_SCALE.step;

/** `/app/plan` and `/app/programmes`: the organisation's programmes, each with its pages. */
export async function programmeIndex(p: StaffPage, target: 'plan' | 'settings'): Promise<void> {
  const { t, locale, res } = p;
  const programmes = await programmesOf(p);
  if (target === 'plan' && programmes.length === 1)
    return res.redirect(303, `/app/programmes/${programmes[0]!.id}/plan`);
  const title = t(target === 'plan' ? 'plan.chooseTitle' : 'programmes.title');
  sendStaff(p, {
    title,
    main: html`<h1>${title}</h1><ul class="cards">${programmes.map(
      (prog) =>
        html`<li class="card"><h2><a href="/app/programmes/${prog.id}/${target}">${prog.name[locale]}</a></h2>${prog.description && html`<p>${prog.description[locale]}</p>`}<p class="region">${prog.regions.map((r) => regionText(r, locale)).join(' · ')} · ${t(`programmeStatus.${prog.status}`)}</p></li>`,
    )}</ul>`,
  });
}

export async function planPage(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const programme = await deps.store.programmes.get(caller.orgId, String(req.params.id));
  const plan = await perform<{ totalScore: number; unpaired: number; pairs: (Proposal & { explanation: string })[] }>(
    deps,
    req,
    res,
    locale,
    'get',
    '/programmes/{id}/plan',
    { caller, params: { id: programme.id } },
  );
  const people = await loadPeople(deps, caller.orgId, {
    volunteers: plan.pairs.map((x) => x.volunteerId),
    beneficiaries: plan.pairs.map((x) => x.beneficiaryId),
  });
  // Longest wait first, as on the waiting list.
  const since = (id: string) => people.beneficiaries.get(id)?.waitingSince ?? '';
  const pairs = [...plan.pairs].sort((a, b) => since(a.beneficiaryId).localeCompare(since(b.beneficiaryId)));
  sendStaff(p, {
    title: t('plan.title', { programme: programme.name[locale] }),
    wide: true,
    main: html`${await notices(p)}
<h1>${t('plan.title', { programme: programme.name[locale] })}</h1>
<p class="lead">${t('plan.lead', { count: plan.pairs.length, unpaired: plan.unpaired })}</p>
${
  plan.pairs.length === 0
    ? html`<p class="empty">${t('plan.empty')}</p>`
    : html`<table class="table">
  <caption class="visually-hidden">${t('plan.title', { programme: programme.name[locale] })}</caption>
  <thead><tr><th scope="col">${t('tandems.beneficiary')}</th><th scope="col">${t('tandems.volunteer')}</th><th scope="col">${t('plan.score')}</th><th scope="col">${t('plan.why')}</th><th scope="col"><span class="visually-hidden">${t('plan.action')}</span></th></tr></thead>
  <tbody>${pairs.map((pair) => {
    const vName = nameIn(people.volunteers, pair.volunteerId);
    return html`<tr>
    <th scope="row" data-label="${t('tandems.beneficiary')}"><a href="/app/beneficiaries/${pair.beneficiaryId}">${nameIn(people.beneficiaries, pair.beneficiaryId)}</a></th>
    <td data-label="${t('tandems.volunteer')}">${vName}</td>
    <td data-label="${t('plan.score')}">${percent(pair.score, locale)}</td>
    <td data-label="${t('plan.why')}" class="small">${pair.explanation}</td>
    <td><form method="post" action="/app/beneficiaries/${pair.beneficiaryId}/confirm">
      ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('volunteerId', pair.volunteerId)}${hidden('programmeId', programme.id)}${hidden('key', `web-${randomUUID()}`)}${hidden('back', 'plan')}
      <button type="submit" class="button button--small button--secondary">${t('plan.confirmShort')}<span class="visually-hidden"> ${t('plan.confirm', { name: vName })}</span></button>
    </form></td>
  </tr>`;
  })}</tbody>
</table>`
}`,
  });
}

/* ---------------------------------------------------------------- settings */

function weightsFrom(values: FormState['values'], fallback: ProgrammeRules['weights'] = {}): Record<Criterion, number> {
  return Object.fromEntries(
    CRITERIA.map((c) => {
      const given = Number(one(values, `w_${c}`));
      const value =
        one(values, `w_${c}`) !== '' && Number.isFinite(given)
          ? Math.min(WEIGHT_MAX, Math.max(0, given))
          : (fallback[c] ?? 1);
      return [c, value];
    }),
  ) as Record<Criterion, number>;
}

/** The wait limit field: empty for none; a whole number of days within the core's bounds, else the saved one. */
function waitLimitFrom(values: FormState['values'], fallback: number | undefined): number | undefined {
  const text = one(values, 'max_wait').trim();
  if (text === '') return values.max_wait === undefined ? fallback : undefined;
  const days = Number(text);
  return Number.isInteger(days) && days >= 1 && days <= WAIT_LIMIT_MAX ? days : fallback;
}

export const WAIT_LIMIT_MAX = 3650;

/** The rules with other weights and wait limit (none: the key is left out, as the core expects). */
function triedRules(rules: ProgrammeRules, weights: Record<Criterion, number>, maxWaitDays: number | undefined) {
  const { maxWaitDays: _saved, ...rest } = rules;
  return { ...rest, weights, ...(maxWaitDays !== undefined && { maxWaitDays }) };
}

interface Preview {
  beneficiary: Beneficiary | undefined;
  now: Candidate[];
  tried: Candidate[];
  /** The wait limit tried, and the saved one. */
  limit: number | undefined;
  savedLimit: number | undefined;
}

async function preview(
  p: StaffPage,
  programme: Programme,
  beneficiaryId: string,
  weights: Record<Criterion, number>,
  limit: number | undefined,
): Promise<Preview> {
  const { deps, caller } = p;
  const savedLimit = programme.rules.maxWaitDays;
  const beneficiary = beneficiaryId
    ? ((await deps.store.beneficiaries.find(caller.orgId, beneficiaryId)) ?? undefined)
    : undefined;
  if (!beneficiary) return { beneficiary, now: [], tried: [], limit, savedLimit };
  const [now, tried] = await Promise.all([
    deps.services.matching.preview(caller.orgId, programme.id, beneficiary.id, programme.rules),
    deps.services.matching.preview(
      caller.orgId,
      programme.id,
      beneficiary.id,
      triedRules(programme.rules, weights, limit),
    ),
  ]);
  return { beneficiary, now, tried, limit, savedLimit };
}

/** The two rankings side by side; the fragment the page's script swaps in as sliders move. */
async function previewPart(p: StaffPage, pv: Preview): Promise<SafeHtml> {
  const { t, locale, deps, caller } = p;
  if (!pv.beneficiary)
    return html`<div id="preview" aria-live="polite"><p class="empty">${t('settings.noBeneficiary')}</p></div>`;
  const people = await loadPeople(deps, caller.orgId, {
    volunteers: [...pv.now, ...pv.tried].map((c) => c.volunteerId),
  });
  const before = new Map(pv.now.map((c) => [c.volunteerId, c.rank]));
  const move = (c: Candidate) => {
    const was = before.get(c.volunteerId);
    if (was === undefined) return html`<span class="move move--new">${t('settings.new')}</span>`;
    if (was === c.rank) return html`<span class="move">=</span>`;
    return html`<span class="move ${was > c.rank ? 'move--up' : 'move--down'}">${t(was > c.rank ? 'settings.up' : 'settings.down', { count: Math.abs(was - c.rank) })}</span>`;
  };
  const list = (cs: Candidate[], withMoves: boolean) =>
    cs.length
      ? html`<ol class="ranking">${cs.map((c) => html`<li><span class="ranking__name">${nameIn(people.volunteers, c.volunteerId)}</span> <span class="ranking__score">${percent(c.score, locale)}</span> ${withMoves && move(c)}</li>`)}</ol>`
      : html`<p class="empty">${t('settings.nobody')}</p>`;
  const waited = daysSince(pv.beneficiary.waitingSince, dayOf(deps.clock.now()));
  const waitLine = (limit: number | undefined) =>
    limit === undefined
      ? t('settings.noLimit')
      : waited >= limit
        ? t('settings.pastLimit', { limit })
        : t('settings.beforeLimit', { limit, share: percent(waited / limit, locale) });
  return html`<div id="preview" aria-live="polite">
  <h3>${t('settings.previewFor', { name: displayName(pv.beneficiary) })}</h3>
  <p class="hint">${t('settings.waited', { count: waited })} ${waitLine(pv.limit)}${pv.limit !== pv.savedLimit && html` <span class="move">${t('settings.savedLimit', { was: pv.savedLimit === undefined ? t('settings.noLimitShort') : t('settings.days', { count: pv.savedLimit }) })}</span>`}</p>
  <div class="columns">
    <div><h4>${t('settings.current')}</h4>${list(pv.now, false)}</div>
    <div><h4>${t('settings.tried')}</h4>${list(pv.tried, true)}</div>
  </div>
</div>`;
}

async function settingsPage(
  p: StaffPage,
  programme: Programme,
  values: FormState['values'],
  banner?: string,
): Promise<void> {
  const { deps, t, locale, caller } = p;
  const waiting = (
    await listAll(deps.store.beneficiaries, caller.orgId, { programmeIds: programme.id, status: 'active' })
  ).sort((a, b) => (a.waitingSince < b.waitingSince ? -1 : 1));
  const open = await deps.store.reservations.openTandems(
    caller.orgId,
    waiting.map((b) => b.id),
  );
  const candidates = waiting.filter((b) => !open.has(b.id)).slice(0, 200);
  // By default, the longest-waiting person with several proposals: a ranking that can move.
  const proposals = await deps.store.proposals.listCurrent(caller.orgId, { programmeId: programme.id });
  const counts = new Map<string, number>();
  for (const pr of proposals) counts.set(pr.beneficiaryId, (counts.get(pr.beneficiaryId) ?? 0) + 1);
  const beneficiaryId =
    one(values, 'beneficiary') || (candidates.find((b) => (counts.get(b.id) ?? 0) > 1) ?? candidates[0])?.id || '';
  const weights = weightsFrom(values, programme.rules.weights);
  const limit = waitLimitFrom(values, programme.rules.maxWaitDays);
  const pv = await preview(p, programme, beneficiaryId, weights, limit);
  const form = emptyForm({ beneficiary: beneficiaryId });
  sendStaff(p, {
    title: t('settings.title', { programme: programme.name[locale] }),
    here: `/app/programmes/${programme.id}/settings`,
    status: banner ? 409 : 200,
    main: html`${await notices(p)}
${banner && html`<div class="notice notice--alert" role="alert"><p>${banner}</p></div>`}
<p class="crumbs"><a href="/app/programmes">${t('programmes.title')}</a></p>
<h1>${t('settings.title', { programme: programme.name[locale] })}</h1>
<p class="lead">${t('settings.lead')}</p>
<dl class="facts">
  <div class="facts__row"><dt>${t('settings.maxDistance')}</dt><dd>${t('proposals.km', { km: number(programme.rules.maxDistanceKm, locale) })}</dd></div>
  <div class="facts__row"><dt>${t('settings.minOverlap')}</dt><dd>${t('settings.minutes', { count: programme.rules.minOverlapMinutes })}</dd></div>
  <div class="facts__row"><dt>${t('settings.commonLanguage')}</dt><dd>${t(programme.rules.requireCommonLanguage ? 'settings.yes' : 'settings.no')}</dd></div>
  <div class="facts__row"><dt>${t('settings.topK')}</dt><dd>${programme.rules.topK}</dd></div>
</dl>
<form method="post" action="/app/programmes/${programme.id}/settings" class="form weights" data-preview="/app/programmes/${programme.id}/settings/preview">
  ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('version', programme.version)}
  <fieldset class="field"><legend>${t('settings.weights')}</legend>
  <p class="hint">${t('settings.weightsHint')}</p>
  ${CRITERIA.map(
    (c) => html`<div class="weight">
    <label for="w-${c}">${t(`criteria.${c}`)}</label>
    <input${attrs({ type: 'range', id: `w-${c}`, name: `w_${c}`, min: 0, max: WEIGHT_MAX, step: WEIGHT_STEP, value: weights[c], 'aria-describedby': `w-${c}-value` })}>
    <output id="w-${c}-value" for="w-${c}">${number(weights[c], locale)}</output>
  </div>`,
  )}
  </fieldset>
  <div class="field">
    <label for="max-wait">${t('settings.waitLimit')}</label>
    <p class="hint" id="max-wait-hint">${t('settings.waitLimitHint')}</p>
    <input${attrs({ type: 'number', id: 'max-wait', name: 'max_wait', min: 1, max: WAIT_LIMIT_MAX, step: 1, inputmode: 'numeric', value: limit ?? '', 'aria-describedby': 'max-wait-hint' })}>
  </div>
  ${select({ name: 'beneficiary', label: t('settings.beneficiary'), form, choices: candidates.map((b) => ({ value: b.id, label: displayName(b) })) })}
  <div class="actions">
    <button type="submit" class="button button--secondary" name="action" value="preview">${t('settings.preview')}</button>
    <button type="submit" class="button" name="action" value="save">${t('settings.save')}</button>
  </div>
</form>
${await previewPart(p, pv)}
${await suggestedPart(p, programme, beneficiaryId)}
${practicePart(p, programme)}
<section class="section"><h2>${t('settings.recomputeTitle')}</h2><p class="hint">${t('settings.recomputeHint')}</p>
<form method="post" action="/app/programmes/${programme.id}/match-runs">${hidden(CSRF_FIELD, caller.csrfToken)}<button type="submit" class="button button--secondary">${t('settings.recompute')}</button></form></section>`,
  });
}

export async function showSettings(p: StaffPage): Promise<void> {
  const programme = await p.deps.store.programmes.get(p.caller.orgId, String(p.req.params.id));
  await settingsPage(p, programme, {
    beneficiary: typeof p.req.query.beneficiary === 'string' ? p.req.query.beneficiary : undefined,
  });
}

/** The preview alone, for the script (same rules as the page: a coordinator, the programme's people). */
export async function previewFragment(p: StaffPage): Promise<void> {
  const { deps, req, res, caller } = p;
  const programme = await deps.store.programmes.get(caller.orgId, String(req.params.id));
  const values = req.query as FormState['values'];
  const pv = await preview(
    p,
    programme,
    one(values, 'beneficiary'),
    weightsFrom(values, programme.rules.weights),
    waitLimitFrom(values, programme.rules.maxWaitDays),
  );
  res
    .type('html')
    .set('Cache-Control', 'no-store')
    .send((await previewPart(p, pv)).value);
}

/** Saves the weights, or (the preview button, without script) shows the ranking with them. */
export async function saveSettings(p: StaffPage): Promise<void> {
  const { deps, req, t, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const programme = await deps.store.programmes.get(caller.orgId, String(req.params.id));
  if (one(values, 'action') === 'preview') return settingsPage(p, programme, values);
  const limitText = one(values, 'max_wait').trim();
  if (limitText !== '' && waitLimitFrom(values, undefined) === undefined)
    return settingsPage(p, programme, values, t('settings.waitLimitInvalid'));
  const rules: ProgrammeRules = triedRules(
    programme.rules,
    weightsFrom(values, programme.rules.weights),
    waitLimitFrom(values, programme.rules.maxWaitDays),
  );
  await formAction(p, {
    method: 'patch',
    path: '/programmes/{id}',
    params: { id: programme.id },
    body: { rules },
    done: `/app/programmes/${programme.id}/settings?done=saved&beneficiary=${encodeURIComponent(one(values, 'beneficiary'))}`,
    again: (form, banner) => settingsPage(p, programme, form.values, banner),
    invalid: t('settings.invalid'),
    changed: t('settings.changed'),
  });
}

/** Default weights of the support intensities, in regular tandems, when a programme takes them on. */
const INTENSITY_WEIGHTS = { light: 0.5, regular: 1, intensive: 2 } as const;

/** How the programme runs its tandems: pairs by hand, who is told, support intensities, stages. */
function practicePart(p: StaffPage, programme: Programme): SafeHtml {
  const { t, locale, caller } = p;
  const form = emptyForm({
    manualPairApproval: programme.manualPairApproval ?? 'none',
    notifyContactPerson: programme.notifyContactPerson ? 'yes' : undefined,
    stages: programme.stages ? 'yes' : undefined,
    intensity: programme.intensity?.default ?? '',
    needs: programme.needs ?? KNOWN_SKILLS,
  });
  const needs = [...new Set([...KNOWN_SKILLS, ...(programme.needs ?? [])])];
  const weights = programme.intensity?.weights ?? INTENSITY_WEIGHTS;
  return html`<section class="section" aria-labelledby="h-practice"><h2 id="h-practice">${t('settings.practice.title')}</h2>
<form method="post" action="/app/programmes/${programme.id}/practice" class="form">
  ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('version', programme.version)}
  ${select({ name: 'manualPairApproval', label: t('settings.practice.approval'), form, choices: (['none', 'coordinator'] as const).map((v) => ({ value: v, label: t(`settings.practice.approval_${v}`) })) })}
  ${checkbox({ name: 'notifyContactPerson', label: t('settings.practice.notify'), form })}
  ${checkbox({ name: 'stages', label: t('settings.practice.stages'), form })}
  ${select({
    name: 'intensity',
    label: t('settings.practice.intensity'),
    hint: t('settings.practice.intensityHint', {
      light: number(weights.light, locale),
      intensive: number(weights.intensive, locale),
    }),
    form,
    blank: t('settings.practice.noIntensity'),
    choices: INTENSITIES.map((i) => ({ value: i, label: t(`intensity.${i}`) })),
  })}
  ${choices({ name: 'needs', label: t('settings.practice.needs'), hint: t('settings.practice.needsHint'), form, columns: true, choices: needs.map((s) => ({ value: s, label: capitalise(skillLabel(s, locale), locale) })) })}
  <div class="actions"><button type="submit" class="button">${t('settings.save')}</button></div>
</form></section>`;
}

/** Saves how the programme runs its tandems; the empty intensity takes intensities off the programme. */
export async function savePractice(p: StaffPage): Promise<void> {
  const { deps, req, t, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const programme = await deps.store.programmes.get(caller.orgId, String(req.params.id));
  const level = INTENSITIES.find((i) => i === one(values, 'intensity'));
  // The empty choice: no intensities any more (tandems under way keep the places they hold).
  const cleared =
    values.intensity !== undefined && one(values, 'intensity') === '' && programme.intensity !== undefined;
  // None ticked, or every known need on a programme without a list, keeps (or means) "every need".
  const needs = many(values, 'needs');
  const every = needs.length === 0 || KNOWN_SKILLS.every((s) => needs.includes(s));
  await formAction(p, {
    method: 'patch',
    path: '/programmes/{id}',
    params: { id: programme.id },
    body: {
      manualPairApproval: one(values, 'manualPairApproval') === 'coordinator' ? 'coordinator' : 'none',
      notifyContactPerson: one(values, 'notifyContactPerson') === 'yes',
      stages: one(values, 'stages') === 'yes',
      ...(level && { intensity: { weights: programme.intensity?.weights ?? INTENSITY_WEIGHTS, default: level } }),
      ...(cleared && { intensity: null }),
      ...(!(every && !programme.needs) && { needs: needs.length ? needs : KNOWN_SKILLS }),
    },
    done: `/app/programmes/${programme.id}/settings?done=saved#h-practice`,
    again: (_form, banner) => settingsPage(p, programme, {}, banner),
    changed: t('settings.changed'),
  });
}

/** Recomputes the programme's proposals in the background (a match run), e.g. after new weights. */
export async function recompute(p: StaffPage): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const programme = await deps.store.programmes.get(caller.orgId, String(req.params.id));
  await perform(deps, req, res, locale, 'post', '/programmes/{id}/match-runs', {
    caller,
    params: { id: programme.id },
  });
  res.redirect(303, `/app/programmes/${programme.id}/settings?done=recompute`);
}

/* ------------------------------------------------------- suggested weights */

/** What the programme's outcomes suggest, beside the current weights: to try in the preview, or to adopt. */
async function suggestedPart(p: StaffPage, programme: Programme, beneficiaryId: string): Promise<SafeHtml> {
  const { deps, req, res, t, locale, caller } = p;
  const s = await perform<SuggestedWeights>(deps, req, res, locale, 'get', '/programmes/{id}/suggested-weights', {
    caller,
    params: { id: programme.id },
  });
  const head = html`<h2 id="suggested-title">${t('settings.suggestedTitle')}</h2><p class="hint">${t('settings.suggestedLead')}</p>`;
  const sg = s.suggestion;
  if (sg.status === 'too_few')
    return html`<section class="section" aria-labelledby="suggested-title">${head}<p class="notice">${t('settings.suggestedTooFew', { count: sg.tandems, minimum: sg.minimum })}</p></section>`;
  if (sg.status === 'no_signal')
    return html`<section class="section" aria-labelledby="suggested-title">${head}<p class="notice">${t('settings.suggestedNoSignal', { count: sg.tandems })}</p></section>`;
  const w = (v: number) => number(v, locale, 2);
  const hiddenWeights = CRITERIA.map((c) => hidden(`w_${c}`, sg.weights[c]));
  return html`<section class="section" aria-labelledby="suggested-title">${head}
<p>${t('settings.suggestedBasis', { count: sg.tandems, good: sg.good })}</p>
<table class="table table--compact suggested">
  <caption class="visually-hidden">${t('settings.suggestedTitle')}</caption>
  <thead><tr><th scope="col">${t('settings.criterion')}</th><th scope="col" class="num">${t('settings.currentWeight')}</th><th scope="col" class="num">${t('settings.suggested')}</th><th scope="col">${t('settings.interval')}</th></tr></thead>
  <tbody>${CRITERIA.map((c) => {
    const range = c === 'waiting' ? undefined : sg.intervals[c];
    return html`<tr><th scope="row">${t(`criteria.${c}`)}</th><td class="num">${w(s.current[c])}</td><td class="num">${w(sg.weights[c])}</td><td>${range ? t('settings.range', { low: w(range.low), high: w(range.high) }) : t('settings.notLearnt')}</td></tr>`;
  })}</tbody>
</table>
<div class="actions">
  <form method="post" action="/app/programmes/${programme.id}/settings">
    ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('version', programme.version)}${hidden('beneficiary', beneficiaryId)}${programme.rules.maxWaitDays !== undefined && hidden('max_wait', programme.rules.maxWaitDays)}${hiddenWeights}
    <button type="submit" class="button button--secondary" name="action" value="preview">${t('settings.trySuggested')}</button>
  </form>
  <form method="post" action="/app/programmes/${programme.id}/settings/adopt">
    ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('version', programme.version)}${hidden('beneficiary', beneficiaryId)}${hiddenWeights}
    <button type="submit" class="button">${t('settings.adopt')}</button>
  </form>
</div>
</section>`;
}

/** A coordinator adopts the suggested weights shown (the API audits it and refuses a stale suggestion). */
export async function adoptWeights(p: StaffPage): Promise<void> {
  const { deps, req, t, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const programme = await deps.store.programmes.get(caller.orgId, String(req.params.id));
  const weights = Object.fromEntries(CRITERIA.map((c) => [c, Number(one(values, `w_${c}`))]));
  await formAction(p, {
    method: 'post',
    path: '/programmes/{id}/suggested-weights/adopt',
    params: { id: programme.id },
    body: { weights },
    done: `/app/programmes/${programme.id}/settings?done=adopted&beneficiary=${encodeURIComponent(one(values, 'beneficiary'))}`,
    again: (_form, banner) => settingsPage(p, programme, { beneficiary: one(values, 'beneficiary') }, banner),
    invalid: t('settings.invalid'),
    // A stale If-Match, or a suggestion changed since it was shown.
    refused: () => t('settings.suggestionChanged'),
  });
}
