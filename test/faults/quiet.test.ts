/**
 * No fault at all: one worker and a burst of quick edits. Two recomputes of the same people close
 * together must still leave one computation's proposals per beneficiary.
 */
import { afterAll, expect, it } from 'vitest';
import { deployAndRun, measure, MUST_HOLD, report, settle } from './checks.js';
import type { Deployment } from './deployment.js';
import { patchTagged, type Write } from './load.js';
import { random, sleep } from './processes.js';

let d: Deployment | undefined;
afterAll(async () => d?.stop());

it('a burst of 30 quick edits leaves one set of proposals per beneficiary', async () => {
  const rng = random(14);
  const deployed = await deployAndRun({ volunteers: 300, beneficiaries: 400, seed: 14, workers: 1 });
  d = deployed.d;
  const mediator = await deployed.http.login(d.mediators[0]!.email);
  // Five beneficiaries with proposals, and a volunteer proposed to each: their recomputes overlap.
  const beneficiaries = [];
  const volunteers = [];
  for (const b of (await d.activePeople()).beneficiaries) {
    const proposed = await d.store.proposals.listForBeneficiary(d.org.id, b.id);
    if (proposed.length < 2) continue;
    beneficiaries.push(b);
    volunteers.push(await d.store.volunteers.get(d.org.id, proposed[0]!.volunteerId));
    if (beneficiaries.length === 5) break;
  }
  const writes: Write[] = [];
  for (let i = 0; i < 30; i++) {
    const kind = i % 2 === 0 ? 'beneficiary' : 'volunteer';
    const person = kind === 'beneficiary' ? rng.pick(beneficiaries) : rng.pick(volunteers);
    writes.push(
      await patchTagged(deployed.http, mediator, kind, person.id, `q${i}`, {
        ...(kind === 'volunteer' && { maxDistanceKm: rng.pick([3, 5, 8]) }),
        availability: [{ day: rng.pick(['mon', 'tue', 'wed']), start: '09:00', end: '18:00' }],
      }),
    );
    await sleep(rng.between(50, 500));
  }
  const settled = await settle(d);
  const metrics = { settledMs: settled.ms, ...(await measure(d, writes)) };
  report('quiet: 1 worker, 30 quick edits', metrics);
  expect(metrics).toMatchObject(MUST_HOLD);
});
