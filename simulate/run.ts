/**
 * `npm run simulate`: a year of each seed programme under four ways of matching, on the same
 * arrival streams; writes a JSON file and a self-contained HTML report, and prints the figures.
 *
 *   npm run simulate -- [--seed 1] [--streams 20] [--programme SLUG]... [--out simulation]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { meetsTarget, type Interval } from './metrics.js';
import { PARAMETERS, POLICIES } from './parameters.js';
import { readSeedFiles } from './population.js';
import { renderReport } from './report.js';
import { simulateProgramme, type SimulationOutput } from './simulate.js';

export const SEED_PROGRAMMES = ['voisins-solidaires', 'mentorat-liege', 'jeugdwerk-mechelen', 'dynamo-mobility'];

/** The seeds folder, from the sources or from dist/. */
function seedsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(dirname(here)) === 'dist' ? join(here, '..', '..', 'seeds') : join(here, '..', 'seeds');
}

function usage(message: string): never {
  process.stderr.write(
    `simulate: ${message}\nusage: npm run simulate -- [--seed N] [--streams N>=2] [--programme SLUG]... [--out DIR]\n`,
  );
  process.exit(2);
}

function positiveInt(text: string, name: string, min: number): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) usage(`--${name}: must be an integer >= ${min}`);
  return Number(text);
}

function main(): void {
  let args;
  try {
    args = parseArgs({
      options: {
        seed: { type: 'string', default: '1' },
        streams: { type: 'string', default: String(PARAMETERS.streams.value) },
        programme: { type: 'string', multiple: true },
        out: { type: 'string', default: 'simulation' },
      },
      allowPositionals: false,
    }).values;
  } catch (err) {
    usage((err as Error).message);
  }
  const seed = positiveInt(args.seed, 'seed', 0);
  const streams = positiveInt(args.streams, 'streams', 2);
  const slugs = args.programme ?? SEED_PROGRAMMES;
  for (const slug of slugs)
    if (!SEED_PROGRAMMES.includes(slug)) usage(`--programme: unknown "${slug}" (${SEED_PROGRAMMES.join(', ')})`);
  const out = resolve(args.out);

  const started = process.hrtime.bigint();
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'simulate [{bar}] {percentage}% | {value}/{total} streams | {programme} | {eta_formatted} left',
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(slugs.length * streams, 0, { programme: slugs[0] });
  const programmes = slugs.map((slug) => {
    bar?.update({ programme: slug });
    return simulateProgramme(readSeedFiles(seedsDir(), slug), PARAMETERS, {
      seed,
      streams,
      onStream: () => bar?.increment(),
    });
  });
  bar?.stop();
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const command = `npm run simulate -- --seed ${seed} --streams ${streams}${args.programme ? slugs.map((s) => ` --programme ${s}`).join('') : ''}`;
  const output: SimulationOutput = {
    seed,
    streams,
    weeks: PARAMETERS.weeks.value,
    command,
    elapsedSeconds,
    parameters: PARAMETERS,
    programmes,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'simulation.json'), `${JSON.stringify(output, null, 2)}\n`);
  writeFileSync(join(out, 'report.html'), renderReport(output));
  process.stdout.write(summary(output));
  process.stdout.write(
    `\nwrote ${join(out, 'simulation.json')} and ${join(out, 'report.html')} in ${elapsedSeconds.toFixed(0)} s\n`,
  );
}

const pct = (i: Interval | null) =>
  i ? `${(100 * i.mean).toFixed(0)} % [${(100 * i.low).toFixed(0)}, ${(100 * i.high).toFixed(0)}]` : '—';
const days = (i: Interval | null) => (i ? `${i.mean.toFixed(0)} [${i.low.toFixed(0)}, ${i.high.toFixed(0)}]` : '—');
const ratio = (i: Interval | null) => (i ? `${i.mean.toFixed(2)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]` : '—');
const signed = (i: Interval | null, scale = 100) =>
  i
    ? `${i.mean >= 0 ? '+' : ''}${(scale * i.mean).toFixed(0)} [${(scale * i.low).toFixed(0)}, ${(scale * i.high).toFixed(0)}]`
    : '—';

/** The figures as a Markdown table per programme: what the README quotes. */
export function summary(o: SimulationOutput): string {
  const lines = [
    `${o.command}: ${o.weeks} weeks, ${o.streams} streams per programme, means and 95 % confidence intervals`,
    '',
  ];
  for (const p of o.programmes) {
    lines.push(`### ${p.slug}`, '');
    lines.push(
      '| policy | matched | median wait (days) | 90th pct wait (days) | lasting 6 months | mean score | worst group / median wait |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const policy of POLICIES) {
      const s = p.policies[policy];
      const worst = Object.values(s.groupWaitRatio)
        .filter((i): i is Interval => i !== null)
        .reduce<Interval | null>((a, b) => (a === null || b.mean > a.mean ? b : a), null);
      lines.push(
        `| ${policy} | ${pct(s.matchedShare)} | ${days(s.medianWaitDays)} | ${days(s.p90WaitDays)} | ${pct(s.lastingShare)} | ${ratio(s.meanScore)} | ${ratio(worst)} |`,
      );
    }
    const plan = p.versusHand.plan;
    const t = meetsTarget(plan);
    lines.push(
      '',
      `plan vs hand: matched ${signed(plan.matchedGain)} %, median wait x ${ratio(plan.medianWaitRatio)}, lasting 6 months ${signed(plan.lastingDifference)} points; target (>= +10 %, <= x 0.5, >= 0): ${t.all ? 'met' : `not met (${[!t.matched && 'matched', !t.wait && 'wait', !t.lasting && 'lasting'].filter(Boolean).join(', ')})`}`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

main();
