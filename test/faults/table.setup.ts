/** The fault suite's global setup: a fresh folder for the scenarios' counts, and their table at the end. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from './table.js';

export default function setup(): () => void {
  // Set here, before the test processes start: they inherit it.
  const dir = mkdtempSync(join(tmpdir(), 'tandem-faults-'));
  process.env.FAULTS_RESULTS = dir;
  return () => {
    const text = table(dir);
    if (text) console.info(`\nfault suite (issue 14):\n\n${text}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
