/**
 * Runs `plan` once on a generated instance, in a process of its own so that its peak memory
 * (max RSS) is that of one plan and not of the benchmark around it. Prints one JSON line.
 * Usage: node dist/bench/plan-child.js VOLUNTEERS BENEFICIARIES SEED
 */
import { plan } from '../scoring/index.js';
import { generateInstance } from '../seeds/generator.js';

const [volunteers, beneficiaries, seed] = process.argv.slice(2).map(Number);
if (!Number.isInteger(volunteers) || !Number.isInteger(beneficiaries) || !Number.isInteger(seed)) {
  process.stderr.write('usage: plan-child VOLUNTEERS BENEFICIARIES SEED\n');
  process.exit(2);
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
let t = performance.now();
const input = generateInstance({ volunteers: volunteers!, beneficiaries: beneficiaries!, seed: seed! });
const generateMs = performance.now() - t;
const rssBeforePlanMB = mb(process.memoryUsage().rss);
t = performance.now();
const cpu = process.cpuUsage();
const result = plan(input, { today: '2026-11-22' });
const planMs = performance.now() - t;
const used = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({
    generateMs,
    planMs,
    planCpuMs: (used.user + used.system) / 1000,
    rssBeforePlanMB,
    // resourceUsage().maxRSS is in kilobytes.
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    feasiblePairs: result.feasiblePairs,
    candidates: result.candidates.length,
    pairs: result.pairs.length,
    unmatched: result.unmatched.length,
  }) + '\n',
);
