/** `/app/stats`: a programme's figures as SVG charts drawn here, and the same numbers as CSV. */
import { dayOf, type Tandem } from '../../domain/index.js';
import type { ProgrammeStats } from '../../services/stats.js';
import { listAll } from '../../store/paging.js';
import { barChart, columnChart, stepChart } from '../charts.js';
import { formatMonth, number, percent } from '../format.js';
import { emptyForm, select } from '../forms.js';
import { html } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { csv, figures, type Figures } from '../stats.js';
import { programmesOf } from './beneficiaries/shared.js';

async function load(
  p: StaffPage,
): Promise<{ programmeId: string; summary: ProgrammeStats; figures: Figures; today: string }> {
  const { deps, req, res, locale, caller } = p;
  const programmeId = typeof req.query.programme === 'string' ? req.query.programme : '';
  const query = programmeId ? { programme: programmeId } : {};
  const summary = await perform<ProgrammeStats>(deps, req, res, locale, 'get', '/stats', { caller, query });
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
  const [{ programmeId, summary, figures: f }, programmes] = await Promise.all([load(p), programmesOf(p)]);
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
<section class="section">
  <h2>${t('stats.outcomesTitle')}</h2>
  ${barChart({ id: 'outcomes', title: t('stats.outcomesTitle'), description: t('stats.outcomesDesc'), labels: f.outcomes.map((o) => t(`outcome.${o.outcome}`)), values: f.outcomes.map((o) => o.count), format: count })}
</section>`,
  });
}

/** The same numbers as the charts, one row each, for a spreadsheet. */
export async function statsCsv(p: StaffPage): Promise<void> {
  const { t, res } = p;
  const { figures: f, today } = await load(p);
  const rows: (string | number)[][] = [[t('stats.csvSeries'), t('stats.csvCategory'), t('stats.csvValue')]];
  for (const s of f.started) rows.push(['started_per_month', s.month, s.count]);
  for (const w of f.waiting) rows.push(['waiting_time', t(`stats.bracket.${w.bracket}`), w.count]);
  for (const s of f.survival)
    if (s.share !== null) rows.push(['still_active_share', s.month, Math.round(s.share * 1000) / 1000]);
  for (const o of f.outcomes) rows.push(['outcome', o.outcome, o.count]);
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set({ 'Content-Disposition': `attachment; filename="tandem-stats-${today}.csv"`, 'Cache-Control': 'no-store' })
    .send(csv(rows));
}
