/**
 * What must hold once a fault is over and the deployment has settled: queues drained, no run left
 * queued or running, no duplicated current proposal, proposals equal to a fresh full run's,
 * schedules present, every 2xx write stored and every 5xx one absent, each e-mail sent exactly
 * once (one digest per done run). Each is measured as a count, so a scenario reports its numbers
 * (the issue's table) before asserting they are all zero.
 */
import type { Tandem } from '../../src/domain/index.js';
import { messageId } from '../../src/services/notices.js';
import { MatchingService } from '../../src/services/matching.js';
import { listAll } from '../../src/store/paging.js';
import { systemClock } from '../../src/store/clock.js';
import { Deployment, type DeploymentOptions } from './deployment.js';
import { Http, type Answer, type Session, type Write } from './load.js';
import { progress, sleep } from './processes.js';
import { record, type Metrics } from './table.js';

export type { Metrics };

/** Jobs waiting, running or delayed (a retry), over every queue; a schedule's next run does not count. */
/** Jobs not finished, in all and as `queue: state n` for those queues that have some. */
async function unfinished(d: Deployment): Promise<{ n: number; where: string }> {
  let n = 0;
  const where: string[] = [];
  for (const [name, q] of d.queue.queues) {
    const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    counts.delayed = (await q.getDelayed()).filter((job) => !job.repeatJobKey).length;
    for (const [state, count] of Object.entries(counts)) {
      n += count;
      if (count > 0) where.push(`${name}: ${state} ${count}`);
    }
  }
  return { n, where: where.join(', ') };
}

async function failedJobs(d: Deployment): Promise<number> {
  let n = 0;
  for (const q of d.queue.queues.values()) n += await q.getFailedCount();
  return n;
}

/** The schedules every deployment keeps: retention, this sync, and a lapse check and reminders per open programme. */
export function expectedSchedules(d: Deployment): string[] {
  const p = `${d.org.id}:${d.programme.id}`;
  return ['retention', 'schedules', `lapse-check:${p}`, `reminders:${p}`].sort();
}

export async function schedulesPresent(d: Deployment): Promise<number> {
  const present = new Set(await d.queue.schedules());
  return expectedSchedules(d).filter((s) => present.has(s)).length;
}

/**
 * How long any scenario may take to settle. It is a liveness bound, not a speed target: settling
 * is working off the recomputes the load queued, about a second each on FerretDB over SQLite, and
 * on a loaded 2-core machine the same backlog took from 29 s to 76 s (and a SIGKILL one 142 s).
 */
const SETTLE_MS = 200_000;

/**
 * Waits (at most SETTLE_MS) until nothing is left to do: no job unfinished, no run queued or
 * running, no e-mail pending, proposals those of a fresh full run, nothing the sweep would still
 * recompute. Returns how long it took, or -1 when it never settled (and then what was left, in
 * `left`).
 */
export async function settle(d: Deployment): Promise<{ ms: number; left: string }> {
  const t0 = Date.now();
  let quiet = 0;
  let left = '';
  let told = t0;
  while (Date.now() - t0 < SETTLE_MS) {
    // A slow settle says what it waits for, so that a log shows where the time went.
    if (left && Date.now() - told >= 15_000) {
      progress(`settling: ${left}`);
      told = Date.now();
    }
    try {
      const [jobs, runs, pending] = await Promise.all([
        unfinished(d),
        d.store.matchRuns.count(d.org.id, { status: { in: ['queued', 'running'] } }),
        d.store.outbox.listPending(1000).then((l) => l.length),
      ]);
      const idle = jobs.n + runs + pending === 0;
      const stale = idle ? (await proposals(d)).staleBeneficiaries : '?';
      // What the sweep would still recompute (a change its recompute may have missed): until it is
      // none, the sweep has work to start, maybe a whole match run, after this returns.
      const toSweep = idle ? await sweepable(d) : '?';
      left = `jobs ${jobs.n}${jobs.where && ` (${jobs.where})`}, runs ${runs}, e-mails ${pending}, stale proposals ${stale}, left to the sweep ${toSweep}`;
      // Twice in a row: a job finishing may lead to another.
      quiet = stale === 0 && toSweep === 0 ? quiet + 1 : 0;
      if (quiet >= 2) return { ms: Date.now() - t0, left: '' };
    } catch (err) {
      left = `unreadable: ${(err as Error).message}`;
      quiet = 0;
    }
    await sleep(500);
  }
  return { ms: -1, left };
}

/** How many beneficiaries the sweep finds stale (see services/matching/reconcile.ts), counting changes up to now. */
async function sweepable(d: Deployment): Promise<number> {
  const matching = new MatchingService({ store: d.store, clock: systemClock });
  return (await matching.staleBeneficiaries(d.org.id, d.programme.id, new Date())).length;
}

/** Current proposals: duplicated pairs or ranks, and beneficiaries whose proposals differ from a fresh full run's. */
async function proposals(d: Deployment): Promise<Metrics> {
  const { store, org, programme } = d;
  const current = await store.proposals.listCurrent(org.id, { programmeId: programme.id });
  const pairs = new Set<string>();
  const ranks = new Set<string>();
  let duplicated = 0;
  const actual = new Map<string, string[]>();
  for (const p of current) {
    const pair = `${p.beneficiaryId}/${p.volunteerId}`;
    const rank = `${p.beneficiaryId}#${p.rank}`;
    if (pairs.has(pair) || ranks.has(rank)) duplicated++;
    pairs.add(pair);
    ranks.add(rank);
    actual.set(p.beneficiaryId, [...(actual.get(p.beneficiaryId) ?? []), `${p.rank}:${p.volunteerId}`]);
  }
  const fresh = await new MatchingService({ store, clock: systemClock }).rankRegion(org.id, programme.id);
  const expected = new Map<string, string[]>();
  for (const p of fresh.drafts)
    expected.set(p.beneficiaryId, [...(expected.get(p.beneficiaryId) ?? []), `${p.rank}:${p.volunteerId}`]);
  let stale = 0;
  for (const id of new Set([...actual.keys(), ...expected.keys()])) {
    const a = (actual.get(id) ?? []).sort().join();
    const e = (expected.get(id) ?? []).sort().join();
    if (a !== e) stale++;
  }
  // Replaced sets an interrupted write left among the current ones (the hot queries read them).
  const replacedInHot = await store.proposals.pruneSuperseded(new Date());
  return {
    currentProposals: current.length,
    duplicatedProposals: duplicated,
    staleBeneficiaries: stale,
    replacedInHot,
  };
}

/** Match runs: stuck (queued or running), failed, done, and done runs without their digest. */
async function runs(d: Deployment): Promise<Metrics> {
  const { store, org } = d;
  const all = await listAll(store.matchRuns, org.id, {});
  const done = all.filter((r) => r.status === 'done');
  let digestMissing = 0;
  for (const run of done) {
    if (!run.counts?.proposals) continue;
    const ids = d.mediators.map((m) => messageId(org.id, 'digest', run.id, m.id));
    const found = await Promise.all(ids.map((id) => store.outbox.find(org.id, id)));
    if (!found.some((m) => m !== null)) digestMissing++;
  }
  return {
    runs: all.length,
    runsStuck: all.filter((r) => r.status === 'queued' || r.status === 'running').length,
    runsFailed: all.filter((r) => r.status === 'failed').length,
    digestMissing,
  };
}

/** E-mails: each outbox message received once (by its Message-ID); none left pending. */
async function mails(d: Deployment): Promise<Metrics> {
  const received = new Map<string, number>();
  for (const m of d.smtp.mails) {
    const id = /^Message-ID:\s*<([^@>]+)@/im.exec(m.raw)?.[1] ?? '?';
    received.set(id, (received.get(id) ?? 0) + 1);
  }
  const pending = await d.store.outbox.listPending(1000);
  return {
    mailsReceived: d.smtp.mails.length,
    mailsDuplicated: [...received.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
    mailsPending: pending.length,
  };
}

const is2xx = (w: Write) => typeof w.answer === 'number' && w.answer >= 200 && w.answer < 300;
const is5xx = (w: Write) => typeof w.answer === 'number' && w.answer >= 500;

/** Every write against the store: 2xx stored, 5xx absent. */
async function writes(d: Deployment, all: Write[]): Promise<Metrics> {
  const { store, org } = d;
  let lost = 0;
  let stored5xx = 0;
  const beneficiaries = await listAll(store.beneficiaries, org.id, {});
  const volunteers = await listAll(store.volunteers, org.id, {});
  const tandems = await listAll(store.tandems, org.id, {});
  const names = new Map<string, number>();
  for (const p of [...beneficiaries, ...volunteers])
    names.set(p.contact.firstName, (names.get(p.contact.firstName) ?? 0) + 1);
  const byId = new Map<string, { contact: { firstName: string } }>(
    [...beneficiaries, ...volunteers].map((p) => [p.id, p]),
  );

  // Edits: the name a record holds is that of its last 2xx edit, never that of a 5xx one.
  const edits = all.filter((w) => w.kind === 'beneficiary.patch' || w.kind === 'volunteer.patch');
  const byTarget = new Map<string, Write[]>();
  for (const w of edits) byTarget.set(w.target!, [...(byTarget.get(w.target!) ?? []), w]);
  for (const [target, list] of byTarget) {
    const name = byId.get(target)?.contact.firstName;
    const failed = new Set(list.filter(is5xx).map((w) => w.tag));
    const unknown = new Set(list.filter((w) => typeof w.answer !== 'number').map((w) => w.tag));
    const lastOk = list.filter(is2xx).at(-1)?.tag;
    if (name !== undefined && failed.has(name)) stored5xx++;
    else if (lastOk !== undefined && name !== lastOk && !unknown.has(name!)) lost++;
  }
  // Writes sent with an Idempotency-Key, and retried under it: a write (all its tries) stored
  // once when one try was answered 2xx, never twice, and not at all when every try answered 5xx.
  let duplicated = 0;
  const tries = new Map<string, Write[]>();
  for (const w of all.filter((x) => ['intake', 'signup', 'check-in', 'close'].includes(x.kind)))
    tries.set(w.tag, [...(tries.get(w.tag) ?? []), w]);
  const tandemById = new Map<string, Tandem>(tandems.map((t) => [t.id, t]));
  for (const [tag, list] of tries) {
    const { kind, target } = list[0]!;
    const t = target ? tandemById.get(target) : undefined;
    if ((kind === 'check-in' || kind === 'close') && !t) continue;
    const n =
      kind === 'check-in'
        ? t!.checkIns.filter((c) => c.note === tag).length
        : kind === 'close'
          ? Number(t!.closed?.note === tag)
          : (names.get(tag) ?? 0);
    if (list.some(is2xx) && n === 0) lost++;
    duplicated += Math.max(0, n - 1);
    if (list.every(is5xx) && n > 0) stored5xx++;
  }
  // Tandems: a 2xx confirm's tandem exists; a 5xx one left none for its pair.
  const confirmed = new Set(all.filter((w) => w.kind === 'confirm' && is2xx(w)).map((w) => w.id));
  for (const w of all.filter((x) => x.kind === 'confirm')) {
    if (is2xx(w) && !tandemById.has(w.id!)) lost++;
    if (is5xx(w)) {
      const [volunteerId, beneficiaryId] = w.target!.split('/');
      if (
        tandems.some((t) => t.volunteerId === volunteerId && t.beneficiaryId === beneficiaryId && !confirmed.has(t.id))
      )
        stored5xx++;
    }
  }
  for (const w of all.filter((x) => x.kind === 'first-meeting')) {
    const t = tandemById.get(w.target!);
    if (!t) continue;
    const has = t.status !== 'proposed';
    if (is2xx(w) && !has) lost++;
    if (is5xx(w) && has) {
      // A later 2xx step on the same tandem would mean it was started by one that was answered.
      const later = all.some((x) => x.target === w.target && x.kind !== 'first-meeting' && is2xx(x));
      if (!later) stored5xx++;
    }
  }
  const answers = (pred: (w: Write) => boolean) => all.filter(pred).length;
  const histogram = new Map<string, number>();
  for (const w of all) histogram.set(`${w.kind}:${w.answer}`, (histogram.get(`${w.kind}:${w.answer}`) ?? 0) + 1);
  return {
    answers: [...histogram].map(([k, n]) => `${k}x${n}`).join(','),
    writes: all.length,
    writes2xx: answers(is2xx),
    writes500: answers((w) => w.answer === 500),
    writes503: answers((w) => w.answer === 503),
    writes503NoRetryAfter: answers((w) => w.answer === 503 && !w.retryAfter),
    writesOther5xx: answers((w) => is5xx(w) && w.answer !== 500 && w.answer !== 503),
    writesUnanswered: answers((w) => typeof w.answer !== 'number'),
    retries: answers((w) => (w.attempt ?? 1) > 1),
    lost2xx: lost,
    stored5xx,
    storedTwice: duplicated,
  };
}

/** Everything the issue asks to hold after a fault, as counts. */
export async function measure(d: Deployment, all: Write[]): Promise<Metrics> {
  return {
    jobsUnfinished: (await unfinished(d)).n,
    jobsFailed: await failedJobs(d),
    ...(await runs(d)),
    ...(await proposals(d)),
    schedules: `${await schedulesPresent(d)}/${expectedSchedules(d).length}`,
    ...(await writes(d, all)),
    ...(await mails(d)),
  };
}

/** The counts that must be zero (or full) once a fault is over. */
export const MUST_HOLD = {
  jobsUnfinished: 0,
  runsStuck: 0,
  duplicatedProposals: 0,
  staleBeneficiaries: 0,
  replacedInHot: 0,
  digestMissing: 0,
  lost2xx: 0,
  stored5xx: 0,
  storedTwice: 0,
  writes500: 0,
  writes503NoRetryAfter: 0,
  mailsDuplicated: 0,
  mailsPending: 0,
};

/** Prints a scenario's numbers as one line (the suite's table), before the assertions. */
export function report(scenario: string, metrics: Metrics): void {
  const line = `faults | ${scenario} | ${Object.entries(metrics)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
  console.info(line);
  record(scenario, metrics);
}

/** Starts a match run of the programme as its coordinator; returns the run's id, or the answer when refused. */
export async function requestRun(http: Http, as: Session, d: Deployment): Promise<{ id?: string; answer: Answer }> {
  const res = await http.call('POST', `/programmes/${d.programme.id}/match-runs`, { as });
  return { answer: res.answer, ...(res.answer === 202 && { id: res.body.id as string }) };
}

/**
 * Every scenario's opening: a deployment, a coordinator signed in, and the programme's first match
 * run settled (else the deployment is stopped and the scenario fails, with the logs).
 */
export async function deployAndRun(
  options: DeploymentOptions,
): Promise<{ d: Deployment; http: Http; coordinator: Session }> {
  const d = await Deployment.start(options);
  try {
    const http = new Http(d.url);
    const coordinator = await http.login(d.coordinator.email);
    await requestRun(http, coordinator, d);
    const first = await settle(d);
    if (first.ms < 0) throw new Error(`the first run did not settle: ${first.left}\n${d.logs()}`);
    progress(`first run settled in ${first.ms} ms`);
    return { d, http, coordinator };
  } catch (err) {
    await d.stop();
    throw err;
  }
}
