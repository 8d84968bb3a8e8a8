/**
 * The suite's table, in the issue's form (`fault | measured`): each scenario's counts, written by
 * `report` to FAULTS_RESULTS (one file per scenario, as each file runs in a process of its own)
 * and printed as one Markdown table once every file has run (see table.setup.ts).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Metrics = Record<string, number | string>;

/** Keeps a scenario's counts for the table. */
export function record(scenario: string, metrics: Metrics): void {
  const dir = process.env.FAULTS_RESULTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${Date.now()}-${process.pid}.json`), JSON.stringify({ scenario, metrics }));
}

/** One scenario's counts, in words. */
export function measured(m: Metrics): string {
  const has = (...keys: string[]) => keys.every((k) => m[k] !== undefined);
  const parts: string[] = [];
  if (has('kills', 'midJob')) parts.push(`${m.kills} SIGKILLs (${m.midJob} mid-job)`);
  if (has('exitMs3s', 'exitMs20s'))
    parts.push(
      `exits ${m.exitMs3s} ms after SIGTERM 3 s into the outage, ${m.exitMs20s} ms 20 s in; ` +
        `${Number(m.serverLines) + Number(m.workerLines)} log lines, ${m.stackLines} stack lines`,
    );
  if (has('schedules'))
    parts.push(`schedules ${has('schedulesBefore') ? `${m.schedulesBefore} before, ` : ''}${m.schedules} after`);
  if (has('readyDuring', 'readyAfterMs'))
    parts.push(`/readyz \`${m.readyDuring}\` during, 200 ${m.readyAfterMs} ms after`);
  if (has('writes') && Number(m.writes) > 0)
    parts.push(
      `${m.writes} writes: ${m.writes2xx} 2xx (${m.lost2xx} lost), ${m.writes500} x 500, ` +
        `${m.writes503} x 503 (${m.writes503NoRetryAfter} without Retry-After), ${m.stored5xx} 5xx stored` +
        (has('retries') ? `, ${m.retries} retried under their Idempotency-Key (${m.storedTwice} stored twice)` : ''),
    );
  if (has('jobsFailed', 'jobsUnfinished')) parts.push(`${m.jobsFailed} jobs failed for good, ${m.jobsUnfinished} left`);
  if (has('runs', 'runsStuck'))
    parts.push(`${m.runs} runs: ${m.runsStuck} stuck, ${m.runsFailed} failed, ${m.digestMissing} done without digest`);
  if (has('duplicatedProposals', 'staleBeneficiaries'))
    parts.push(
      `${m.duplicatedProposals} duplicated current proposals, ${m.staleBeneficiaries} beneficiaries stale` +
        (has('replacedInHot') ? `, ${m.replacedInHot} replaced sets among the current` : ''),
    );
  if (has('mailsReceived'))
    parts.push(`${m.mailsReceived} e-mails, ${m.mailsDuplicated} twice, ${m.mailsPending} pending`);
  if (has('settledMs'))
    parts.push(Number(m.settledMs) < 0 ? 'never settled' : `settled in ${(Number(m.settledMs) / 1000).toFixed(1)} s`);
  return parts.join('; ');
}

/** The table of every scenario recorded in `dir`, in the order they ran. */
export function table(dir: string): string {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return '';
  }
  const rows = files
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { scenario: string; metrics: Metrics })
    .map(({ scenario, metrics }) => `| ${scenario} | ${measured(metrics)} |`);
  return rows.length ? ['| fault | measured |', '| --- | --- |', ...rows].join('\n') : '';
}
