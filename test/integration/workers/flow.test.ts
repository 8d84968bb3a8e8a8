/**
 * A match run split by region: with the split threshold at 1 and 4 regions, two worker processes
 * (spawned from the build, one job at a time each) share the regions of a programme spread over
 * Belgium, and the merged proposals and plan are those of the single-process CLI on the same people.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankInput } from '../../../scoring/index.js';
import { generateInstance } from '../../../seeds/generator.js';
import { instanceRecords } from '../../../seeds/instance.js';
import { dayOf } from '../../../src/domain/index.js';
import { MatchingService } from '../../../src/services/matching.js';
import { systemClock } from '../../../src/store/clock.js';
import { redisUrl } from '../services.js';
import { matchRun, organisation, programme } from '../store/fixtures.js';
import { spawnWorker, testDatabase, testQueue, waitFor, type TestDatabase, type WorkerProcess } from './harness.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli/main.js');

describe('a match run split by region across two worker processes', () => {
  let db: TestDatabase;
  const queue = testQueue();
  const workers: WorkerProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tandem-flow-'));

  beforeAll(async () => {
    db = await testDatabase('workers_flow');
    const env = {
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: queue.prefix,
      MONGODB_URI: db.uri,
      MONGODB_DB: db.dbName,
      WORKER_QUEUES: 'match',
      WORKER_CONCURRENCY: '1',
      MATCH_SPLIT_FROM: '1',
      MATCH_REGIONS: '4',
    };
    workers.push(...(await Promise.all([spawnWorker(env), spawnWorker(env)])));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await queue.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the proposals and plan the CLI gives on the same data, from regions done by both processes', async () => {
    const { store } = db;
    const org = await store.organisations.insert(organisation());
    const prg = await store.programmes.insert(
      programme(org.id, { rules: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 3 } }),
    );
    const people = instanceRecords(generateInstance({ volunteers: 600, beneficiaries: 900, seed: 7 }), org.id, prg.id);
    for (const v of people.volunteers) await store.volunteers.insert(v);
    for (const b of people.beneficiaries) await store.beneficiaries.insert(b);
    const run = await store.matchRuns.insert(matchRun(org.id, { scope: { programmeId: prg.id } }));

    await queue.enqueue({ name: 'match-run', data: { orgId: org.id, runId: run.id } }, { jobId: run.id });
    const done = await waitFor(
      'the run to finish',
      () => store.matchRuns.get(org.id, run.id),
      (r) => r.status === 'done' || r.status === 'failed',
      120_000,
      250,
    );
    expect(done).toMatchObject({ status: 'done', progress: 1 });

    // Four regions, done by both processes.
    const regions = (await queue.queues.get('match')!.getJobs(['completed'])).filter((j) => j.name === 'match-region');
    expect(regions).toHaveLength(4);
    const by = new Set(regions.map((j) => j.processedBy));
    console.info(
      `flow: 4 regions done by ${by.size} worker processes (${regions.map((j) => `region ${j.data.region.index}: ${j.processedBy}`).join(', ')})`,
    );
    expect(by).toEqual(new Set(workers.map((w) => `tandem-${w.child.pid}`)));

    // The single-process CLI on the same people and day.
    const input: RankInput = {
      programme: prg.rules,
      referenceDate: dayOf(new Date(done.startedAt!)),
      volunteers: people.volunteers.map((v) => ({
        id: v.id,
        location: v.place.location,
        maxDistanceKm: v.maxDistanceKm,
        languages: v.languages,
        skills: v.skills,
        availability: v.availability,
        capacity: v.capacity,
        ...(v.gender && { gender: v.gender }),
        ...(v.ageRange && { ageRange: v.ageRange }),
      })),
      beneficiaries: people.beneficiaries.map((b) => ({
        id: b.id,
        location: b.place.location,
        languages: b.languages,
        needs: b.needs,
        availability: b.availability,
        waitingSince: b.waitingSince,
        excludedVolunteerIds: b.excludedVolunteerIds,
        ...(b.age !== undefined && { age: b.age }),
        ...(b.preferences.maxDistanceKm !== undefined && { maxDistanceKm: b.preferences.maxDistanceKm }),
        ...(b.preferences.volunteerGender && { volunteerGender: b.preferences.volunteerGender }),
      })),
    };
    writeFileSync(join(dir, 'input.json'), JSON.stringify(input));
    const cli = JSON.parse(
      execFileSync(process.execPath, [CLI, 'plan', '--input', join(dir, 'input.json')], {
        maxBuffer: 1 << 28,
      }).toString(),
    ) as {
      candidates: { beneficiaryId: string; volunteerId: string; rank: number; score: number }[];
      pairs: { beneficiaryId: string; volunteerId: string }[];
      totalScore: number;
    };

    const key = (p: { beneficiaryId: string; volunteerId: string; rank: number; score: number }) =>
      `${p.beneficiaryId}/${p.volunteerId}/${p.rank}/${p.score}`;
    const stored = await store.proposals.listCurrent(org.id, { programmeId: prg.id });
    expect(stored.length).toBeGreaterThan(1000);
    expect(stored.map(key).sort()).toEqual(cli.candidates.map(key).sort());
    expect(stored.every((p) => p.runId === run.id)).toBe(true);

    const plan = await new MatchingService({ store, clock: systemClock }).plan(org.id, prg.id);
    const pair = (p: { beneficiaryId: string; volunteerId: string }) => `${p.beneficiaryId}/${p.volunteerId}`;
    expect(plan.pairs.map(pair).sort()).toEqual(cli.pairs.map(pair).sort());
    expect(plan.totalScore).toBeCloseTo(cli.totalScore, 9);
    expect(done.counts!.pairs).toBe(cli.pairs.length);
    console.info(
      `flow: ${stored.length} proposals and ${plan.pairs.length} pairs (total ${plan.totalScore.toFixed(6)}) equal the CLI's`,
    );
  });
});
