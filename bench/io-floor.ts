/**
 * The I/O floor of a `tandem plan` run: what reading and parsing its input and writing its
 * output as JSON cost, with nothing computed. Loads the output first (not timed), then times
 * JSON.parse of the input file and JSON.stringify + write of the output (wall and CPU time).
 * Prints one JSON line.
 * With a third argument, also writes the `assign` input made of the plan's candidates there
 * (not timed), for the peers of `tandem assign`.
 * Usage: node dist/bench/io-floor.js INPUT.json OUTPUT.json [EDGES_OUT.json]
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const [inputPath, outputPath, edgesPath] = process.argv.slice(2);
if (!inputPath || !outputPath) {
  process.stderr.write('usage: io-floor INPUT.json OUTPUT.json [EDGES_OUT.json]\n');
  process.exit(2);
}
const output = JSON.parse(readFileSync(outputPath, 'utf8')) as {
  candidates: { volunteerId: string; beneficiaryId: string; score: number }[];
};
const copy = `${outputPath}.floor`;
const cpu = process.cpuUsage();
const t0 = performance.now();
const input = JSON.parse(readFileSync(inputPath, 'utf8')) as {
  volunteers: { id: string; capacity: number }[];
  beneficiaries: { id: string }[];
};
const t1 = performance.now();
writeFileSync(copy, JSON.stringify(output) + '\n');
const t2 = performance.now();
const used = process.cpuUsage(cpu);
rmSync(copy);
if (edgesPath) {
  const edges = {
    volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
    beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
    edges: output.candidates.map((c) => ({
      volunteerId: c.volunteerId,
      beneficiaryId: c.beneficiaryId,
      score: c.score,
    })),
  };
  writeFileSync(edgesPath, JSON.stringify(edges));
}
process.stdout.write(
  JSON.stringify({
    readParseMs: t1 - t0,
    stringifyWriteMs: t2 - t1,
    totalMs: t2 - t0,
    cpuMs: (used.user + used.system) / 1000,
  }) + '\n',
);
