import { describe, expect, it } from 'vitest';
import { bar, barChart, columnChart, niceMax, stepChart } from '../../../../src/web/charts.js';
import { toString } from '../../../../src/web/html.js';

const series = {
  id: 'c',
  title: 'Title <b>',
  description: 'Desc',
  labels: ['<x>', 'b'],
  values: [3, 7],
  format: String,
};

describe('SVG charts', () => {
  it('rounds the axis to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 24, 180].map(niceMax)).toEqual([1, 1, 5, 10, 20, 50, 200]);
  });

  it.each([columnChart, stepChart, barChart])(
    'draws an image with its title, description and a table of its figures, all text escaped (%#)',
    (chart) => {
      const svg = toString(chart({ ...series, values: chart === stepChart ? [1, 0.5] : series.values }));
      expect(svg).toContain('role="img"');
      expect(svg).toContain('aria-labelledby="c-title c-desc"');
      expect(svg).toContain('<title id="c-title">Title &lt;b&gt;</title>');
      expect(svg).toContain('<th scope="row">&lt;x&gt;</th>');
      expect(svg).not.toContain('<x>');
    },
  );

  it('draws a share as a bar of the same width, within bounds', () => {
    expect(toString(bar(0.5, 100))).toContain('class="bar__fill" width="50"');
    expect(toString(bar(3, 100))).toContain('class="bar__fill" width="100"');
  });
});
