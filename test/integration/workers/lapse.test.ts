/**
 * The nightly jobs with a fixed clock, through BullMQ on a real Redis and e-mails over a real
 * SMTP server: a tandem without contact past its window is lapsed once, a rematch proposal is
 * waiting, the mediator got one e-mail; reminders go once per step; each open programme has its
 * schedules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullWorkers } from '../../../src/jobs/bullmq-workers.js';
import { createProcessors } from '../../../src/jobs/processors.js';
import { syncSchedules } from '../../../src/jobs/schedules.js';
import { SmtpMailer } from '../../../src/mail/smtp-mailer.js';
import { MatchingService } from '../../../src/services/matching.js';
import { TandemService } from '../../../src/services/tandems.js';
import { fixedClock } from '../../../src/store/clock.js';
import { silentLogger } from '../../../src/store/logger.js';
import { redisUrl } from '../services.js';
import { beneficiary, organisation, programme, staff, volunteer } from '../store/fixtures.js';
import { drained, smtpServer, testDatabase, testQueue, type TestDatabase } from './harness.js';

const LIEGE = { lat: 50.645, lon: 5.573 };

describe('lapse check, reminders and schedules', () => {
  const clock = fixedClock('2026-09-01T09:00:00.000Z');
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  const queue = testQueue();
  let workers: BullWorkers;
  let mailer: SmtpMailer;

  beforeAll(async () => {
    db = await testDatabase('workers_lapse');
    smtp = await smtpServer();
    mailer = new SmtpMailer({ url: smtp.url, from: 'tandem <no-reply@tandem.test>', domain: 'tandem.test' });
    const processors = createProcessors({
      store: db.store,
      clock,
      logger: silentLogger,
      matching: new MatchingService({ store: db.store, clock }),
      mailer,
      publicUrl: 'https://tandem.test',
    });
    workers = new BullWorkers(processors, {
      redisUrl: redisUrl(),
      prefix: queue.prefix,
      queues: ['maintenance', 'recompute', 'notify'],
      concurrency: 2,
      queue,
      logger: silentLogger,
    });
    await workers.ready();
  });
  afterAll(async () => {
    await workers.close(5000);
    await queue.close();
    mailer.close();
    await smtp.close();
    await db.drop();
  });

  /** An organisation with a mediator and a coordinator, a programme, two volunteers near a beneficiary the mediator follows. */
  async function setting() {
    const { store } = db;
    const org = await store.organisations.insert(organisation());
    const mediator = await store.staff.insert(staff(org.id, { role: 'mediator', name: 'Anne' }));
    await store.staff.insert(staff(org.id, { role: 'coordinator', name: 'Bram' }));
    const prg = await store.programmes.insert(
      programme(org.id, {
        lapseWindowDays: 30,
        rules: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 3 },
      }),
    );
    const partner = await store.volunteers.insert(
      volunteer(org.id, { programmeIds: [prg.id], place: { location: LIEGE }, maxDistanceKm: 10 }),
    );
    const other = await store.volunteers.insert(
      volunteer(org.id, { programmeIds: [prg.id], place: { location: { lat: 50.66, lon: 5.58 } }, maxDistanceKm: 10 }),
    );
    const b = await store.beneficiaries.insert(
      beneficiary(org.id, { programmeIds: [prg.id], place: { location: LIEGE }, mediatorId: mediator.id }),
    );
    return { org, mediator, prg, partner, other, b };
  }

  it('lapses a tandem without contact past its window once, excludes the volunteer, proposes a rematch and tells the mediator once', async () => {
    const { store } = db;
    const { org, mediator, prg, partner, other, b } = await setting();
    // Pairs outside any proposal, as an import of existing pairs records them.
    const actor = { orgId: org.id, userId: mediator.id, role: 'system' as const };
    const tandems = new TandemService({ store, clock, logger: silentLogger });
    clock.set('2026-07-01T09:00:00.000Z');
    const proposed = await tandems.confirm(actor, {
      programmeId: prg.id,
      volunteerId: partner.id,
      beneficiaryId: b.id,
    });
    clock.set('2026-07-10T09:00:00.000Z');
    const active = await tandems.start(actor, proposed.id, proposed.version, {
      date: '2026-07-10',
      charterSigned: true,
    });
    expect(active.lastContactOn).toBe('2026-07-10');
    clock.set('2026-09-01T09:00:00.000Z'); // 53 days later; the window is 30

    const check = { name: 'lapse-check' as const, data: { orgId: org.id, programmeId: prg.id } };
    await queue.enqueue(check, { jobId: 'nightly-1' });
    await drained(queue);
    await queue.enqueue(check, { jobId: 'nightly-2' });
    await drained(queue);

    const maintenance = queue.queues.get('maintenance')!;
    expect((await maintenance.getJob('nightly-1'))!.returnvalue).toEqual({ lapsed: 1, followedUp: 1 });
    expect((await maintenance.getJob('nightly-2'))!.returnvalue).toEqual({ lapsed: 0, followedUp: 0 });
    expect(await store.tandems.get(org.id, active.id)).toMatchObject({
      status: 'lapsed',
      lapsedAt: '2026-09-01T09:00:00.000Z',
    });
    expect(
      (await store.audit.list(org.id, { targetId: active.id })).filter((e) => e.action === 'tandem.lapse'),
    ).toHaveLength(1);
    expect((await store.beneficiaries.get(org.id, b.id)).excludedVolunteerIds).toEqual([partner.id]);
    // The rematch: the beneficiary waits again, with the other volunteer proposed and the former one not.
    expect((await store.proposals.listForBeneficiary(org.id, b.id)).map((p) => p.volunteerId)).toEqual([other.id]);
    // One e-mail, to the mediator who follows the beneficiary, in the three languages.
    const mails = smtp.mails.filter((m) => m.text.includes(active.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([mediator.email]);
    expect(mails[0]!.text).toMatch(/Tandem sans nouvelles/);
    expect(mails[0]!.text).toMatch(/Tandem zonder nieuws/);
    expect(mails[0]!.text).toMatch(/Tandem lapsed/);
  });

  it('reminds the mediator of a proposed tandem without first meeting once at 7 days and once at 14', async () => {
    const { store } = db;
    const { org, mediator, prg, partner, b } = await setting();
    const tandems = new TandemService({ store, clock, logger: silentLogger });
    clock.set('2026-08-01T09:00:00.000Z');
    const proposed = await tandems.confirm(
      { orgId: org.id, userId: mediator.id, role: 'system' },
      { programmeId: prg.id, volunteerId: partner.id, beneficiaryId: b.id },
    );
    const sent = () => smtp.mails.filter((m) => m.text.includes(proposed.id)).length;
    const remind = async (day: string, jobId: string) => {
      clock.set(`2026-08-${day}T08:00:00.000Z`);
      await queue.enqueue({ name: 'reminders', data: { orgId: org.id, programmeId: prg.id } }, { jobId });
      await drained(queue);
      return sent();
    };

    expect(await remind('05', 'r-day-4')).toBe(0);
    expect(await remind('09', 'r-day-8')).toBe(1);
    expect(await remind('10', 'r-day-9')).toBe(1);
    expect(await remind('16', 'r-day-15')).toBe(2);
    expect(
      smtp.mails.filter((m) => m.text.includes(proposed.id)).map((m) => /il y a (\d+) jours/.exec(m.text)?.[1]),
    ).toEqual(['7', '14']);
  });

  it('keeps a lapse check and reminders scheduled per open programme, and drops those of closed ones', async () => {
    const { store } = db;
    const org = await store.organisations.insert(organisation());
    const open = await store.programmes.insert(programme(org.id, { slug: 'open-one', lapseCheckCron: '15 2 * * 1' }));
    const closed = await store.programmes.insert(programme(org.id, { slug: 'closed-one' }));

    await syncSchedules(store, queue);
    expect(await queue.schedules()).toEqual(
      expect.arrayContaining([
        `lapse-check:${org.id}:${open.id}`,
        `lapse-check:${org.id}:${closed.id}`,
        'retention',
        'schedules',
      ]),
    );
    await store.programmes.update(org.id, closed.id, closed.version, { status: 'closed' }, clock.now());
    await syncSchedules(store, queue);

    const ids = await queue.schedules();
    expect(ids).toContain(`lapse-check:${org.id}:${open.id}`);
    expect(ids).toContain(`reminders:${org.id}:${open.id}`);
    expect(ids).not.toContain(`lapse-check:${org.id}:${closed.id}`);
    const scheduler = (await queue.queues.get('maintenance')!.getJobSchedulers(0, -1)).find(
      (s) => s.key.endsWith(open.id) && s.name === 'lapse-check',
    );
    expect(scheduler).toMatchObject({ pattern: '15 2 * * 1', tz: 'Europe/Brussels' });
  });
});
