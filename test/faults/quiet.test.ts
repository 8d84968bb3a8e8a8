/**
 * No fault at all: one worker and a burst of quick edits. Two recomputes of the same people close
 * together must still leave one computation's proposals per beneficiary.
 */
import { afterAll, expect, it } from 'vitest';
import { measure, MUST_HOLD, report, requestRun, settle } from './checks.js';
import { Deployment } from './deployment.js';
import { Http, type Write } from './load.js';
import { random, sleep } from './processes.js';
import { listAll } from '../../src/store/paging.js';

let d: Deployment | undefined;
afterAll(async () => d?.stop());

it('a burst of 30 quick edits leaves one set of proposals per beneficiary', async () => {
  const rng = random(14);
  d = await Deployment.start({ volunteers: 300, beneficiaries: 400, seed: 14, workers: 1 });
  const http = new Http(d.url);
  const coordinator = await http.login(d.coordinator.email);
  await requestRun(http, coordinator, d);
  const first = await settle(d, 60_000);
  expect(first.ms, `${first.left}\n${d.logs()}`).toBeGreaterThanOrEqual(0);

  const mediator = await http.login(d.mediators[0]!.email);
  const where = { programmeIds: d.programme.id, status: 'active' } as const;
  // Five beneficiaries with proposals, and a volunteer proposed to each: their recomputes overlap.
  const beneficiaries = [];
  const volunteers = [];
  for (const b of await listAll(d.store.beneficiaries, d.org.id, where)) {
    const proposed = await d.store.proposals.listForBeneficiary(d.org.id, b.id);
    if (proposed.length < 2) continue;
    beneficiaries.push(b);
    volunteers.push(await d.store.volunteers.get(d.org.id, proposed[0]!.volunteerId));
    if (beneficiaries.length === 5) break;
  }
  const writes: Write[] = [];
  for (let i = 0; i < 30; i++) {
    const beneficiary = i % 2 === 0;
    const person = beneficiary ? rng.pick(beneficiaries) : rng.pick(volunteers);
    const tag = `q${i}`;
    const t0 = Date.now();
    const res = await http.call('PATCH', `/${beneficiary ? 'beneficiaries' : 'volunteers'}/${person.id}`, {
      as: mediator,
      body: {
        contact: { firstName: tag },
        ...(beneficiary ? {} : { maxDistanceKm: rng.pick([3, 5, 8]) }),
        availability: [{ day: rng.pick(['mon', 'tue', 'wed']), start: '09:00', end: '18:00' }],
      },
    });
    writes.push({
      client: 0,
      kind: beneficiary ? 'beneficiary.patch' : 'volunteer.patch',
      tag,
      target: person.id,
      answer: res.answer,
      ms: Date.now() - t0,
    });
    await sleep(rng.between(50, 500));
  }
  const settled = await settle(d, 90_000);
  const metrics = { settledMs: settled.ms, ...(await measure(d, writes)) };
  report('quiet: 1 worker, 30 quick edits', metrics);
  expect(metrics).toMatchObject(MUST_HOLD);
});
