/**
 * The simulation as one self-contained HTML page: figures with their 95 % intervals, SVG charts
 * drawn here (time to a first tandem, survival of tandems, matched share over the weeks), the
 * wait ratios between groups, and the parameter table with every source and assumption.
 */
import { FAIRNESS_DIMENSIONS } from '../scoring/index.js';
import { meetsTarget, SURVIVAL_MONTHS, type Interval, type PolicySummary } from './metrics.js';
import {
  basis,
  OUTCOME_CODES,
  POLICIES,
  type Parameters,
  type PolicyName,
  type ProgrammeParameters,
  type Sourced,
} from './parameters.js';
import type { ProgrammeResult, SimulationOutput } from './simulate.js';

const POLICY_LABEL: Record<PolicyName, string> = {
  hand: 'by hand (longest wait first, nearest volunteer sharing a language)',
  greedy: 'greedy (best score first)',
  plan: 'tandem’s optimal plan',
  fair: 'optimal plan with a wait limit',
};
/** Okabe-Ito colours, told apart with colour-blindness too; dashes as a second cue. */
const COLOUR: Record<PolicyName, string> = { hand: '#D55E00', greedy: '#E69F00', plan: '#0072B2', fair: '#009E73' };
const DASH: Record<PolicyName, string> = { hand: '6 3', greedy: '2 3', plan: '', fair: '10 3 2 3' };

function esc(s: string | number): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const fmt = (i: Interval | null, f: (x: number) => string) =>
  i ? `${f(i.mean)} <span class="ci">[${f(i.low)}, ${f(i.high)}]</span>` : '—';
const dayFmt = (x: number) => x.toFixed(0);
const ratioFmt = (x: number) => x.toFixed(2);

interface LineSeries {
  policy: PolicyName;
  points: { x: number; y: number; low?: number; high?: number }[];
}

/** A line chart with a shaded 95 % band per series; y in [0, 1] unless `yMax` says otherwise. */
function lineChart(o: {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  xMax: number;
  xTicks: number[];
  yMax?: number;
  yFormat?: (y: number) => string;
  series: LineSeries[];
}): string {
  const W = 640;
  const H = 300;
  const pad = { top: 16, right: 16, bottom: 46, left: 52 };
  const yMax = o.yMax ?? 1;
  const yFormat = o.yFormat ?? pct;
  const X = (x: number) => pad.left + ((W - pad.left - pad.right) * x) / o.xMax;
  const Y = (y: number) => pad.top + (H - pad.top - pad.bottom) * (1 - Math.max(0, Math.min(yMax, y)) / yMax);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<line class="grid" x1="${pad.left}" x2="${W - pad.right}" y1="${Y(f * yMax).toFixed(1)}" y2="${Y(f * yMax).toFixed(1)}"/><text class="tick" x="${pad.left - 6}" y="${(Y(f * yMax) + 4).toFixed(1)}" text-anchor="end">${esc(yFormat(f * yMax))}</text>`,
    )
    .join('');
  const xTicks = o.xTicks
    .map((x) => `<text class="tick" x="${X(x).toFixed(1)}" y="${H - pad.bottom + 16}" text-anchor="middle">${x}</text>`)
    .join('');
  const bands = o.series
    .map((s) => {
      const pts = s.points.filter((p) => p.low !== undefined && p.high !== undefined);
      if (pts.length < 2) return '';
      const upper = pts.map((p) => `${X(p.x).toFixed(1)},${Y(p.high!).toFixed(1)}`);
      const lower = pts.map((p) => `${X(p.x).toFixed(1)},${Y(p.low!).toFixed(1)}`).reverse();
      return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${COLOUR[s.policy]}" fill-opacity="0.12" stroke="none"/>`;
    })
    .join('');
  const lines = o.series
    .map(
      (s) =>
        `<polyline points="${s.points.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ')}" fill="none" stroke="${COLOUR[s.policy]}" stroke-width="2"${DASH[s.policy] ? ` stroke-dasharray="${DASH[s.policy]}"` : ''}/>`,
    )
    .join('');
  const legend = o.series
    .map(
      (s, i) =>
        `<g transform="translate(${pad.left + 8 + (i % 2) * 290},${pad.top + 6 + Math.floor(i / 2) * 16})"><line x1="0" x2="22" y1="0" y2="0" stroke="${COLOUR[s.policy]}" stroke-width="2"${DASH[s.policy] ? ` stroke-dasharray="${DASH[s.policy]}"` : ''}/><text class="legend" x="28" y="4">${esc(s.policy)}</text></g>`,
    )
    .join('');
  return `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${o.id}-t ${o.id}-d">
<title id="${o.id}-t">${esc(o.title)}</title><desc id="${o.id}-d">${esc(o.description)}</desc>
${grid}${xTicks}<line class="axis" x1="${pad.left}" x2="${W - pad.right}" y1="${Y(0)}" y2="${Y(0)}"/>
<text class="tick" x="${(pad.left + W - pad.right) / 2}" y="${H - 8}" text-anchor="middle">${esc(o.xLabel)}</text>
${bands}${lines}${legend}</svg><figcaption>${esc(o.title)}. ${esc(o.description)}</figcaption></figure>`;
}

/** Share of arrivals whose first tandem was proposed within x days, all streams together. */
function timeToMatch(s: PolicySummary, matchedWaits: number[], days: number[]): { x: number; y: number }[] {
  const n = s.waits.length;
  const sorted = [...matchedWaits].sort((a, b) => a - b);
  let i = 0;
  return days.map((d) => {
    while (i < sorted.length && sorted[i]! <= d) i++;
    return { x: d, y: n ? i / n : 0 };
  });
}

function programmeSection(p: ProgrammeResult, pp: ProgrammeParameters): string {
  const rows = POLICIES.map((policy) => {
    const s = p.policies[policy];
    return `<tr><th scope="row"><span class="swatch" style="background:${COLOUR[policy]}"></span>${esc(POLICY_LABEL[policy])}</th>
<td>${fmt(s.matchedShare, pct)}</td><td>${fmt(s.medianWaitDays, dayFmt)}</td><td>${fmt(s.p90WaitDays, dayFmt)}</td>
<td>${fmt(s.lastingShare, pct)}</td><td>${fmt(s.meanScore, ratioFmt)}</td><td>${fmt(s.acceptedShare, pct)}</td><td>${fmt(s.gaveUpShare, pct)}</td></tr>`;
  }).join('');
  const versus = (['greedy', 'plan', 'fair'] as const)
    .map((policy) => {
      const c = p.versusHand[policy];
      const t = meetsTarget(c);
      const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)} %`;
      const points = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)}`;
      return `<tr><th scope="row">${esc(policy)}</th><td>${fmt(c.matchedGain, signedPct)}</td><td>× ${fmt(c.medianWaitRatio, ratioFmt)}</td><td>${fmt(c.lastingDifference, points)}</td><td class="${t.all ? 'met' : 'missed'}">${t.all ? 'met' : `not met: ${[!t.matched && 'matched', !t.wait && 'wait', !t.lasting && 'lasting'].filter(Boolean).join(', ')}`}</td></tr>`;
    })
    .join('');
  const outcomes = POLICIES.map(
    (policy) =>
      `<tr><th scope="row">${esc(policy)}</th>${OUTCOME_CODES.map((o) => `<td>${fmt(p.policies[policy].outcomes[o], pct)}</td>`).join('')}</tr>`,
  ).join('');
  const groups = POLICIES.map(
    (policy) =>
      `<tr><th scope="row">${esc(policy)}</th>${FAIRNESS_DIMENSIONS.map((d) => `<td>${fmt(p.policies[policy].groupWaitRatio[d], ratioFmt)}</td>`).join('')}</tr>`,
  ).join('');
  const days = Array.from({ length: 53 }, (_, i) => i * 7);
  const matchedWaits = (policy: PolicyName) => p.policies[policy].matchedWaits;
  return `<section id="${esc(p.slug)}"><h2>${esc(p.slug)}</h2>
<p>${p.streams} streams of ${esc(pp.beneficiariesPerYear.value)} beneficiaries and ${esc(pp.volunteersPerYear.value)} volunteers a year on average (${fmt(p.policies.hand.arrivals, dayFmt)} beneficiaries arrived per stream), from ${esc(p.startDate)}; mediators propose at most ${esc(pp.mediatorPairsPerWeek.value)} pair${pp.mediatorPairsPerWeek.value === 1 ? '' : 's'} a week; wait limit of the fair plan: ${esc(pp.waitLimitDays.value)} days. Behaviour calibrated on ${p.calibration.pairs} pairs made by hand from the seed file.</p>
<table><caption>Figures per policy: mean over the streams [95 % interval]</caption>
<thead><tr><th scope="col">policy</th><th scope="col">matched</th><th scope="col">median wait (days)</th><th scope="col">90th percentile wait (days)</th><th scope="col">lasting 6 months</th><th scope="col">mean score</th><th scope="col">accepted at first meeting</th><th scope="col">gave up waiting</th></tr></thead>
<tbody>${rows}</tbody></table>
<table><caption>Against matching by hand, stream by stream on the same arrivals. Target: at least 10 % more matched, median wait at most halved, 6-month survival no worse</caption>
<thead><tr><th scope="col">policy</th><th scope="col">more matched</th><th scope="col">median wait</th><th scope="col">lasting 6 months (points)</th><th scope="col">target</th></tr></thead>
<tbody>${versus}</tbody></table>
<div class="charts">
${lineChart({
  id: `${p.slug}-wait`,
  title: 'Time to a first tandem',
  description:
    'Share of the beneficiaries who arrived during the year whose first tandem was proposed within this many days (all streams together)',
  xLabel: 'days since arrival',
  xMax: 364,
  xTicks: [0, 28, 91, 182, 273, 364],
  series: POLICIES.map((policy) => ({ policy, points: timeToMatch(p.policies[policy], matchedWaits(policy), days) })),
})}
${lineChart({
  id: `${p.slug}-survival`,
  title: 'Survival of tandems',
  description:
    'Share of the tandems started during the year still going (or completed as planned) after each month, with 95 % bands',
  xLabel: 'months since the first meeting',
  xMax: SURVIVAL_MONTHS,
  xTicks: [0, 3, 6, 9, 12],
  series: POLICIES.map((policy) => ({
    policy,
    points: p.policies[policy].survival.flatMap((i, m) => (i ? [{ x: m, y: i.mean, low: i.low, high: i.high }] : [])),
  })),
})}
${lineChart({
  id: `${p.slug}-matched`,
  title: 'Matched share over the year',
  description:
    'Of the beneficiaries arrived so far, the share whose first tandem has started, week by week, with 95 % bands',
  xLabel: 'week',
  xMax: 52,
  xTicks: [0, 13, 26, 39, 52],
  series: POLICIES.map((policy) => ({
    policy,
    points: p.policies[policy].matchedOverTime.flatMap((i, w) =>
      i ? [{ x: w + 1, y: i.mean, low: i.low, high: i.high }] : [],
    ),
  })),
})}
</div>
<table><caption>How tandems end (share of tandems started)</caption>
<thead><tr><th scope="col">policy</th>${OUTCOME_CODES.map((o) => `<th scope="col">${esc(o)}</th>`).join('')}</tr></thead><tbody>${outcomes}</tbody></table>
<table><caption>Wait between groups: the longest median wait of a group (of at least the minimum size) over the programme's median</caption>
<thead><tr><th scope="col">policy</th>${FAIRNESS_DIMENSIONS.map((d) => `<th scope="col">${esc(d)}</th>`).join('')}</tr></thead><tbody>${groups}</tbody></table>
</section>`;
}

function parameterRows(P: Parameters): string {
  const row = (name: string, s: Sourced<unknown>) =>
    `<tr><th scope="row">${esc(name)}</th><td><code>${esc(JSON.stringify(s.value))}</code></td><td class="${s.source !== undefined ? 'sourced' : 'assumed'}">${esc(basis(s))}</td></tr>`;
  const global = Object.entries(P).flatMap(([k, v]) => {
    if (k === 'programmes') return [];
    if (v && typeof v === 'object' && 'value' in v) return [row(k, v as Sourced<unknown>)];
    return Object.entries(v as Record<string, Sourced<unknown>>).map(([k2, s]) => row(`${k}.${k2}`, s));
  });
  const perProgramme = P.programmes.flatMap((pp) =>
    Object.entries(pp)
      .filter(([k]) => k !== 'slug')
      .map(([k, s]) => row(`${pp.slug}: ${k}`, s as Sourced<unknown>)),
  );
  return [...global, ...perProgramme].join('');
}

export function renderReport(o: SimulationOutput): string {
  const verdicts = o.programmes
    .map((p) => {
      const t = meetsTarget(p.versusHand.plan);
      return `<li><a href="#${esc(p.slug)}">${esc(p.slug)}</a>: ${t.all ? 'met' : `not met (${[!t.matched && 'matched share', !t.wait && 'median wait', !t.lasting && '6-month survival'].filter(Boolean).join(', ')})`}</li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>tandem: simulated year, seed ${o.seed}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;color:#1a1a1a;max-width:1100px;margin:0 auto;padding:1rem 1.5rem}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #0072B2}
table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.9rem}caption{text-align:left;font-weight:600;margin-bottom:.3rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}thead th{background:#f3f5f8}
.ci{color:#555;font-size:.85em;white-space:nowrap}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em;border-radius:2px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
.chart{margin:0}.chart svg{width:100%;height:auto;background:#fff;border:1px solid #e3e3e3;border-radius:4px}
.chart figcaption{font-size:.85rem;color:#444}.grid{stroke:#eee}.axis{stroke:#999}.tick,.legend{font-size:11px;fill:#333}
.met{color:#006d3a;font-weight:600}.missed{color:#a33;font-weight:600}.assumed{color:#6b4b00}.sourced{color:#0b4f2c}
code{font-size:.85em;word-break:break-all}
</style></head><body>
<h1>tandem: a simulated year of each seed programme</h1>
<p><code>${esc(o.command)}</code>: ${o.weeks} weeks, ${o.streams} random arrival streams per programme, the four policies on the same streams; ${o.elapsedSeconds.toFixed(0)} s. Figures are means over the streams with 95 % confidence intervals (Student’s t). Deterministic for a given seed.</p>
<p>Target of the issue, for the optimal plan against matching by hand (point estimates; intervals in each section): at least 10 % more beneficiaries matched, the median wait halved, a 6-month survival no worse.</p>
<ul>${verdicts}</ul>
<p>Waits run from arrival to the proposal of the first tandem that started; for those never matched, until they gave up or the year ended. Only people who arrived during the year are measured.</p>
${o.programmes
  .map((p) =>
    programmeSection(
      p,
      o.parameters.programmes.find((x) => x.slug === p.slug)!,
    ),
  )
  .join('\n')}
<h2>Parameters</h2>
<p>Every figure the simulation rests on, from <code>simulate/parameters.ts</code>, with its source or marked as an assumption.</p>
<table><thead><tr><th scope="col">parameter</th><th scope="col">value</th><th scope="col">basis</th></tr></thead><tbody>${parameterRows(o.parameters)}</tbody></table>
</body></html>
`;
}
