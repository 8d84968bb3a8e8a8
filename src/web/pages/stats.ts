/** `/app/stats`: a programme's figures as SVG charts drawn here, and the same numbers as CSV. */
import { FAIRNESS_DIMENSIONS, languageName, type GroupWait, type Locale } from '../../../scoring/index.js';
import { dayOf, type Tandem } from '../../domain/index.js';
import type { StatsReport } from '../../services/stats.js';
import { listAll } from '../../store/paging.js';
import { barChart, columnChart, stepChart } from '../charts.js';
import { capitalise, formatMonth, number, percent, regionText } from '../format.js';
import type { T } from '../i18n.js';
import { emptyForm, select } from '../forms.js';
import { attrs, html, type SafeHtml } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { csv, figures, type Figures } from '../stats.js';
import { programmesOf } from './beneficiaries/shared.js';
import { sourceName } from './referral-sources.js';

async function load(
  p: StaffPage,
): Promise<{ programmeId: string; summary: StatsReport; figures: Figures; today: string }> {
  const { deps, req, res, locale, caller } = p;
  const programmeId = typeof req.query.programme === 'string' ? req.query.programme : '';
  const query = programmeId ? { programme: programmeId } : {};
  const summary = await perform<StatsReport>(deps, req, res, locale, 'get', '/stats', { caller, query });
  const { store } = deps;
  const [tandems, beneficiaries, open] = await Promise.all([
    listAll<Tandem>(store.tandems, caller.orgId, programmeId ? { programmeId } : {}),
    listAll(store.beneficiaries, caller.orgId, { status: 'active', ...(programmeId && { programmeIds: programmeId }) }),
    store.reservations.openTandems(caller.orgId),
  ]);
  const today = dayOf(deps.clock.now());
  const waiting = beneficiaries.filter((b) => !open.has(b.id)).map((b) => b.waitingSince);
  return { programmeId, summary, figures: figures(tandems, waiting, today), today };
}

export async function statsPage(p: StaffPage): Promise<void> {
  const { t, locale } = p;
  const [{ programmeId, summary, figures: f }, programmes, sources] = await Promise.all([
    load(p),
    programmesOf(p),
    listAll(p.deps.store.referralSources, p.caller.orgId, {}),
  ]);
  const source = new Map(sources.map((x) => [x.id, x]));
  const count = (v: number) => number(v, locale, 0);
  const share = (v: number) => percent(v, locale);
  const survival = f.survival.filter((s) => s.share !== null);
  const six = summary.endured['6'];
  const started = f.started.reduce((n, s) => n + s.count, 0);
  const csvHref = `/app/stats.csv${programmeId ? `?programme=${encodeURIComponent(programmeId)}` : ''}`;
  sendStaff(p, {
    title: t('stats.title'),
    main: html`<div class="page-head"><h1>${t('stats.title')}</h1><a class="button button--secondary" href="${csvHref}" download>${t('stats.csv')}</a></div>
<form method="get" action="/app/stats" class="filters">
  ${select({ name: 'programme', label: t('waiting.programme'), form: emptyForm({ programme: programmeId }), blank: t('waiting.allProgrammes'), choices: programmes.map((prog) => ({ value: prog.id, label: prog.name[locale] })) })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('waiting.apply')}</button></div>
</form>
<ul class="kpis">
  <li><span class="kpi__value">${count(summary.waiting.beneficiaries)}</span><span class="kpi__label">${t('stats.waitingNow')}</span></li>
  <li><span class="kpi__value">${summary.waiting.medianWaitDays === null ? '—' : count(summary.waiting.medianWaitDays)}</span><span class="kpi__label">${t('stats.medianWait')}</span></li>
  <li><span class="kpi__value">${count(summary.tandems.active)}</span><span class="kpi__label">${t('stats.active')}</span></li>
  <li><span class="kpi__value">${count(summary.tandems.proposed)}</span><span class="kpi__label">${t('stats.proposed')}</span></li>
  <li><span class="kpi__value">${six.eligible ? share(six.reached / six.eligible) : '—'}</span><span class="kpi__label">${t('stats.endured6')}</span></li>
</ul>
<section class="section">
  <h2>${t('stats.startedTitle')}</h2>
  ${columnChart({ id: 'started', title: t('stats.startedTitle'), description: t('stats.startedDesc', { count: started }), labels: f.started.map((s) => formatMonth(s.month, locale, true)), values: f.started.map((s) => s.count), format: count })}
</section>
<section class="section">
  <h2>${t('stats.waitTitle')}</h2>
  ${columnChart({ id: 'waiting', title: t('stats.waitTitle'), description: t('stats.waitDesc', { count: summary.waiting.beneficiaries }), labels: f.waiting.map((w) => t(`stats.bracket.${w.bracket}`)), values: f.waiting.map((w) => w.count), format: count })}
</section>
<section class="section">
  <h2>${t('stats.survivalTitle')}</h2>
  ${
    survival.length > 1
      ? stepChart({
          id: 'survival',
          title: t('stats.survivalTitle'),
          description: t('stats.survivalDesc'),
          labels: survival.map((s) => t('stats.monthN', { count: s.month })),
          values: survival.map((s) => s.share!),
          format: share,
          max: 1,
        })
      : html`<p class="empty">${t('stats.survivalEmpty')}</p>`
  }
</section>
${fairnessPanel(p, summary.waitsByGroup)}
<section class="section">
  <h2>${t('stats.outcomesTitle')}</h2>
  ${barChart({ id: 'outcomes', title: t('stats.outcomesTitle'), description: t('stats.outcomesDesc'), labels: f.outcomes.map((o) => t(`outcome.${o.outcome}`)), values: f.outcomes.map((o) => o.count), format: count })}
</section>
<section class="section" aria-labelledby="h-referrals">
  <h2 id="h-referrals">${t('stats.referralsTitle')}</h2>
  ${
    summary.referrals.length === 0
      ? html`<p class="empty">${t('stats.referralsEmpty')}</p>`
      : html`<table class="table">
  <caption class="visually-hidden">${t('stats.referralsTitle')}</caption>
  <thead><tr><th scope="col">${t('stats.source')}</th><th scope="col">${t('stats.referred')}</th><th scope="col">${t('waiting.states.waiting')}</th><th scope="col">${t('stats.paired')}</th><th scope="col">${t('stats.startedEver')}</th></tr></thead>
  <tbody>${summary.referrals.map((r) => {
    const named = r.sourceId ? source.get(r.sourceId) : undefined;
    return html`<tr><th scope="row" data-label="${t('stats.source')}">${named ? sourceName(named, locale) : t('referrals.unknown')}</th><td data-label="${t('stats.referred')}">${count(r.referred)}</td><td data-label="${t('waiting.states.waiting')}">${count(r.waiting)}</td><td data-label="${t('stats.paired')}">${count(r.paired)}</td><td data-label="${t('stats.startedEver')}">${count(r.started)}</td></tr>`;
  })}</tbody>
</table>`
  }
</section>
${
  summary.stages &&
  html`<section class="section" aria-labelledby="h-stages">
  <h2 id="h-stages">${t('stats.stagesTitle')}</h2>
  <table class="table">
  <caption class="visually-hidden">${t('stats.stagesTitle')}</caption>
  <thead><tr><th scope="col">${t('stats.stage')}</th><th scope="col">${t('tandemStatus.active')}</th><th scope="col">${t('stats.checkIns')}</th><th scope="col">${t('stats.meanMood')}</th></tr></thead>
  <tbody>${summary.stages.map((s) => html`<tr><th scope="row" data-label="${t('stats.stage')}">${capitalise(t(`stage.${s.stage}`), locale)}</th><td data-label="${t('tandemStatus.active')}">${count(s.tandems)}</td><td data-label="${t('stats.checkIns')}">${count(s.checkIns)}</td><td data-label="${t('stats.meanMood')}">${s.meanMood === null ? '—' : number(s.meanMood, locale)}</td></tr>`)}</tbody>
  </table>
</section>`
}`,
  });
}

/** A group as people read it: a language's name, a gender, an age band, a household size. */
export function groupLabel(g: Pick<GroupWait, 'dimension' | 'group'>, t: T, locale: Locale): string {
  if (g.group === 'unknown') return t('stats.group.unknown');
  switch (g.dimension) {
    case 'firstLanguage':
      return capitalise(languageName(g.group, locale), locale);
    case 'gender':
      return t(`gender.${g.group}`);
    case 'ageBand':
      return t('stats.group.ageBand', { band: g.group.replace('-', '–') });
    case 'householdSize': {
      const [from, to] = g.group.replace('+', '').split('-').map(Number) as [number, number?];
      if (g.group.endsWith('+')) return t('stats.group.householdMore', { from });
      return to === undefined
        ? t('stats.group.household', { count: from })
        : t('stats.group.householdRange', { from, to });
    }
    case 'municipality':
      return regionText(g.group, locale);
    default:
      return g.group;
  }
}

/** Median wait by group, the groups over the threshold named first (in words, not only in colour). */
function fairnessPanel(p: StaffPage, w: StatsReport['waitsByGroup']): SafeHtml {
  const { t, locale } = p;
  const ratio = number(w.flagRatio, locale);
  const days = (v: number) => number(v, locale, 0);
  if (w.people === 0 || w.medianWaitDays === null)
    return html`<section class="section" id="fairness"><h2>${t('stats.fairnessTitle')}</h2><p class="empty">${t('stats.fairnessEmpty', { months: w.windowMonths })}</p></section>`;
  const flagged = w.groups.filter((g) => g.flagged);
  const dimensionName = (d: string) => t(`stats.group.dimension.${d}`);
  return html`<section class="section" id="fairness">
  <h2>${t('stats.fairnessTitle')}</h2>
  <p class="hint">${t('stats.fairnessLead', { months: w.windowMonths, ratio, median: days(w.medianWaitDays), min: w.minGroupSize })}</p>
  ${
    flagged.length
      ? html`<div class="notice notice--alert" role="status"><p>${t('stats.fairnessFlagged', { count: flagged.length, ratio })}</p><ul>${flagged.map((g) => html`<li>${t('stats.fairnessItem', { dimension: dimensionName(g.dimension), group: groupLabel(g, t, locale), days: days(g.medianWaitDays), ratio: number(g.ratio ?? 0, locale), people: g.people })}</li>`)}</ul></div>`
      : html`<p class="notice">${t('stats.fairnessNone', { ratio })}</p>`
  }
  <div class="group-waits">
  ${FAIRNESS_DIMENSIONS.map((d) => {
    const rows = w.groups.filter((g) => g.dimension === d);
    return html`<table class="table table--compact fairness">
    <caption>${dimensionName(d)}</caption>
    <thead><tr><th scope="col">${t('stats.group.group')}</th><th scope="col" class="num">${t('stats.group.people')}</th><th scope="col" class="num">${t('stats.group.medianDays')}</th><th scope="col" class="num">${t('stats.group.ratio')}</th></tr></thead>
    <tbody>${rows.map((g) => html`<tr${attrs({ class: g.flagged ? 'flagged' : undefined })}><th scope="row">${groupLabel(g, t, locale)}${g.flagged && html` <strong class="badge badge--warn">${t('stats.group.longer')}</strong>`}</th><td class="num">${g.people}</td><td class="num">${days(g.medianWaitDays)}</td><td class="num">${g.ratio === null ? '—' : number(g.ratio, locale)}</td></tr>`)}</tbody>
  </table>`;
  })}
  </div>
</section>`;
}

/** The same numbers as the charts, one row each, for a spreadsheet. */
export async function statsCsv(p: StaffPage): Promise<void> {
  const { t, res } = p;
  const { figures: f, today, summary } = await load(p);
  const rows: (string | number)[][] = [[t('stats.csvSeries'), t('stats.csvCategory'), t('stats.csvValue')]];
  for (const s of f.started) rows.push(['started_per_month', s.month, s.count]);
  for (const w of f.waiting) rows.push(['waiting_time', t(`stats.bracket.${w.bracket}`), w.count]);
  for (const s of f.survival)
    if (s.share !== null) rows.push(['still_active_share', s.month, Math.round(s.share * 1000) / 1000]);
  for (const o of f.outcomes) rows.push(['outcome', o.outcome, o.count]);
  for (const g of summary.waitsByGroup.groups) {
    const category = `${g.dimension}: ${g.group}`;
    rows.push(['median_wait_by_group', category, g.medianWaitDays]);
    rows.push(['people_by_group', category, g.people]);
    rows.push(['flagged_group', category, g.flagged ? 1 : 0]);
  }
  for (const r of summary.referrals)
    for (const key of ['referred', 'waiting', 'paired', 'started'] as const)
      rows.push([`referral_${key}`, r.sourceId ?? 'unknown', r[key]]);
  for (const s of summary.stages ?? []) {
    rows.push(['stage_active', s.stage, s.tandems]);
    rows.push(['stage_check_ins', s.stage, s.checkIns]);
  }
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set({ 'Content-Disposition': `attachment; filename="tandem-stats-${today}.csv"`, 'Cache-Control': 'no-store' })
    .send(csv(rows));
}
