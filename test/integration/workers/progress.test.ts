/**
 * A match run's progress reports are written while the ranking goes on, not awaited: one may land
 * after the run is done. It must leave the run as `finish` wrote it (progress 1, no lease).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProcessors } from '../../../src/jobs/processors.js';
import type { JobContext, JobQueue } from '../../../src/jobs/queue.js';
import { MatchingService } from '../../../src/services/matching.js';
import { systemClock } from '../../../src/store/clock.js';
import { openEmbeddedStore } from '../../../src/store/embedded.js';
import { silentLogger } from '../../../src/store/logger.js';
import { beneficiary, matchRun, organisation, programme, volunteer } from '../store/fixtures.js';

describe('a match run with a progress report still on its way', () => {
  it('stays done at progress 1 when the report lands after the run finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-progress-'));
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      const org = await store.organisations.insert(organisation());
      const prg = await store.programmes.insert(programme(org.id));
      await store.volunteers.insert(volunteer(org.id, { programmeIds: [prg.id] }));
      await store.beneficiaries.insert(beneficiary(org.id, { programmeIds: [prg.id] }));
      const run = await store.matchRuns.insert(matchRun(org.id, { scope: { programmeId: prg.id } }));

      // The store holds each progress report back until the run is done.
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      const reports: Promise<unknown>[] = [];
      const update = store.matchRuns.update.bind(store.matchRuns);
      store.matchRuns.update = (orgId, id, version, patch, at) => {
        if (patch.status === 'done') return update(orgId, id, version, patch, at).finally(done);
        if (patch.status !== undefined || patch.progress === undefined) return update(orgId, id, version, patch, at);
        const report = finished.then(() => update(orgId, id, version, patch, at));
        reports.push(report.catch(() => {}));
        return report;
      };

      const real = new MatchingService({ store, clock: systemClock });
      const processors = createProcessors({
        store,
        clock: systemClock,
        logger: silentLogger,
        matching: {
          recomputeProgramme: real.recomputeProgramme.bind(real),
          recomputeAround: real.recomputeAround.bind(real),
          regions: real.regions.bind(real),
          writeRun: real.writeRun.bind(real),
          // One report halfway, whatever the ranking itself reports.
          rankRegion: (orgId, programmeId, slice, report) => {
            report?.(0.5);
            return real.rankRegion(orgId, programmeId, slice, report);
          },
        },
      });
      const queue: Pick<JobQueue, 'enqueue'> = { enqueue: async () => true };
      const context: JobContext = {
        attempt: 1,
        lastAttempt: true,
        progress: async () => {},
        childResults: async () => [],
        queue: queue as JobQueue,
      };
      await processors['match-run']({ orgId: org.id, runId: run.id }, context);
      expect(reports.length).toBeGreaterThan(0);
      // Each report and the tries after a version conflict (a few ms apart, 10 at most) are over.
      for (let seen = -1; seen !== reports.length;) {
        seen = reports.length;
        await Promise.all(reports);
        await new Promise((r) => setTimeout(r, 100));
      }

      const after = await store.matchRuns.get(org.id, run.id);
      expect(after).toMatchObject({ status: 'done', progress: 1 });
      expect(after.leaseUntil).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
