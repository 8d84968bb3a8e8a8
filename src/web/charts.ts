/**
 * Charts drawn as SVG on the server: no script, no external library. Each chart has a title and
 * a description for screen readers, and its figures as a table beside it, so nothing is only
 * in the picture. Sizes are in the viewBox; CSS scales the whole to the page.
 */
import { attrs, html, type SafeHtml } from './html.js';

const W = 600;
const H = 260;
const PAD = { top: 16, right: 16, bottom: 44, left: 48 };

/** A small horizontal bar for a share in [0, 1] (the proposals' criteria). */
export function bar(share: number, width = 120): SafeHtml {
  const w = Math.round(Math.max(0, Math.min(1, share)) * width);
  return html`<svg class="bar"${attrs({ width, height: 10, viewBox: `0 0 ${width} 10`, 'aria-hidden': 'true', focusable: 'false' })}><rect class="bar__track"${attrs({ width, height: 10, rx: 2 })}/><rect class="bar__fill"${attrs({ width: w, height: 10, rx: 2 })}/></svg>`;
}

export interface Series {
  id: string;
  title: string;
  description: string;
  labels: string[];
  values: number[];
  /** How a value reads in the table and on the bars (a count, a percentage). */
  format: (value: number) => string;
  /** Axis maximum; default: a round number above the largest value. */
  max?: number;
}

/** A round axis maximum: 1, 2 or 5 times a power of ten, at least 1. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value)!;
}

function frame(s: Series, body: SafeHtml, ticks: SafeHtml): SafeHtml {
  return html`<figure class="chart" aria-labelledby="${s.id}-caption">
  <svg${attrs({ viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${s.id}-title ${s.id}-desc`, class: 'chart__svg' })}>
    <title id="${s.id}-title">${s.title}</title>
    <desc id="${s.id}-desc">${s.description}</desc>
    ${ticks}${body}
    <line class="axis"${attrs({ x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom })}/>
  </svg>
  <figcaption id="${s.id}-caption">${s.title}</figcaption>
  ${table(s)}
</figure>`;
}

function table(s: Series): SafeHtml {
  return html`<details class="chart__data"><summary>${s.description}</summary>
  <table class="table table--compact"><tbody>
  ${s.labels.map((label, i) => html`<tr><th scope="row">${label}</th><td>${s.format(s.values[i] ?? 0)}</td></tr>`)}
  </tbody></table></details>`;
}

function gridLines(max: number, format: (v: number) => string): SafeHtml {
  const plotH = H - PAD.top - PAD.bottom;
  return html`${[0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + plotH * (1 - f);
    return html`<line class="grid-line"${attrs({ x1: PAD.left, y1: y, x2: W - PAD.right, y2: y })}/><text class="tick"${attrs({ x: PAD.left - 8, y: y + 4, 'text-anchor': 'end' })}>${format(max * f)}</text>`;
  })}`;
}

/** Every `step`-th label, so they do not run into each other. */
const labelStep = (n: number) => Math.max(1, Math.ceil(n / 8));

/** Vertical bars, one per label (months, wait brackets). */
export function columnChart(s: Series): SafeHtml {
  const max = s.max ?? niceMax(Math.max(0, ...s.values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, s.labels.length);
  const barW = Math.min(56, slot * 0.7);
  const step = labelStep(s.labels.length);
  const body = html`${s.values.map((v, i) => {
    const h = max ? (v / max) * plotH : 0;
    const x = PAD.left + slot * i + (slot - barW) / 2;
    const y = PAD.top + plotH - h;
    return html`<rect class="col"${attrs({ x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1), height: h.toFixed(1), rx: 2 })}/>${v > 0 && html`<text class="value"${attrs({ x: (x + barW / 2).toFixed(1), y: (y - 4).toFixed(1), 'text-anchor': 'middle' })}>${s.format(v)}</text>`}${i % step === 0 && html`<text class="label"${attrs({ x: (x + barW / 2).toFixed(1), y: H - PAD.bottom + 18, 'text-anchor': 'middle' })}>${s.labels[i]}</text>`}`;
  })}`;
  return frame(
    s,
    body,
    gridLines(max, (v) => (Number.isInteger(v) ? String(v) : '')),
  );
}

/** A step line from the first value (a survival curve: the share still going after each month). */
export function stepChart(s: Series): SafeHtml {
  const max = s.max ?? 1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const n = s.values.length;
  const x = (i: number) => PAD.left + (n > 1 ? (plotW * i) / (n - 1) : 0);
  const y = (v: number) => PAD.top + plotH * (1 - v / max);
  let d = '';
  s.values.forEach((v, i) => {
    d += i === 0 ? `M${x(0).toFixed(1)},${y(v).toFixed(1)}` : `H${x(i).toFixed(1)}V${y(v).toFixed(1)}`;
  });
  const step = labelStep(n);
  const body = html`<path class="line"${attrs({ d })}/>${s.values.map((v, i) => html`<circle class="dot"${attrs({ cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3 })}/>${i % step === 0 && html`<text class="label"${attrs({ x: x(i).toFixed(1), y: H - PAD.bottom + 18, 'text-anchor': 'middle' })}>${s.labels[i]}</text>`}`)}`;
  return frame(s, body, gridLines(max, s.format));
}

/** Horizontal bars with their labels on the left (outcomes). */
export function barChart(s: Series): SafeHtml {
  const max = s.max ?? niceMax(Math.max(0, ...s.values));
  const rowH = 30;
  const labelW = 240;
  const height = Math.max(60, s.labels.length * rowH + 20);
  const plotW = W - labelW - 60;
  return html`<figure class="chart" aria-labelledby="${s.id}-caption">
  <svg${attrs({ viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-labelledby': `${s.id}-title ${s.id}-desc`, class: 'chart__svg' })}>
    <title id="${s.id}-title">${s.title}</title>
    <desc id="${s.id}-desc">${s.description}</desc>
    ${s.labels.map((label, i) => {
      const v = s.values[i] ?? 0;
      const y = 10 + i * rowH;
      const w = max ? (v / max) * plotW : 0;
      return html`<text class="label"${attrs({ x: labelW - 10, y: y + 16, 'text-anchor': 'end' })}>${label}</text><rect class="track"${attrs({ x: labelW, y: y + 4, width: plotW, height: 16, rx: 2 })}/><rect class="col"${attrs({ x: labelW, y: y + 4, width: w.toFixed(1), height: 16, rx: 2 })}/><text class="value"${attrs({ x: (labelW + w + 6).toFixed(1), y: y + 16 })}>${s.format(v)}</text>`;
    })}
  </svg>
  <figcaption id="${s.id}-caption">${s.title}</figcaption>
  ${table(s)}
</figure>`;
}
