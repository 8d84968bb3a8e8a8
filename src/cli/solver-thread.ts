import { Worker } from 'node:worker_threads';
import type { AssignColumns } from '../../scoring/schema/checked.js';

/**
 * `chosenEdges(columns)` on a worker thread, so that `tandem plan` solves its assignment while
 * the main thread explains and writes the candidates (they come first in its output). Started
 * once the ranking is done: earlier, the thread's start-up would slow the ranking down.
 */
export function chosenEdgesOnThread(columns: AssignColumns): Promise<Int32Array> {
  const worker = new Worker(new URL('./solve-worker.js', import.meta.url), { workerData: columns });
  return new Promise<Int32Array>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the solver thread stopped (exit code ${code})`)));
  }).finally(() => void worker.terminate());
}
