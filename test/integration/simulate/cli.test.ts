import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';

const MAIN = join(ROOT, 'dist/simulate/run.js');

function simulate(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}

describe('npm run simulate (the built command)', () => {
  it('writes the JSON and a self-contained HTML report with its charts, and prints the figures', () => {
    expect(existsSync(MAIN), 'npm test builds dist first').toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'tandem-sim-'));
    const r = simulate(['--seed', '5', '--streams', '2', '--programme', 'dynamo-mobility', '--out', out]);
    expect(r.stderr).toBe(''); // not a terminal: no progress bar
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/npm run simulate -- --seed 5 --streams 2 --programme dynamo-mobility/);
    expect(r.stdout).toMatch(/\| plan \| \d+ % \[/);
    const json = JSON.parse(readFileSync(join(out, 'simulation.json'), 'utf8'));
    expect(json.programmes.map((p: { slug: string }) => p.slug)).toEqual(['dynamo-mobility']);
    expect(Object.keys(json.programmes[0].policies)).toEqual(['hand', 'greedy', 'plan', 'fair']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http/); // nothing fetched from elsewhere
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).toContain('Survival of tandems');
  });

  it('refuses bad arguments with exit 2, naming them', () => {
    const r = simulate(['--streams', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--streams: must be an integer >= 2/);
    expect(simulate(['--programme', 'nowhere']).stderr).toMatch(/--programme: unknown "nowhere"/);
    expect(simulate(['--colour']).status).toBe(2);
  });
});
