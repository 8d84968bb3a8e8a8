import type { Logger } from './ports.js';

/** One JSON line per event on standard error (standard output is for command results). */
export const stderrLogger: Logger = {
  info: (event, fields) => write('info', event, fields),
  warn: (event, fields) => write('warn', event, fields),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };

function write(level: string, event: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
}
