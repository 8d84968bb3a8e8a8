/**
 * A BullMQ worker whose jobs do nothing: BullMQ's own cost per job on a Redis, the baseline the
 * recompute throughput is compared with. Prints `ready` once it waits for jobs; stops on SIGTERM.
 * Usage: node dist/bench/empty-worker.js REDIS_URL PREFIX CONCURRENCY
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const [url, prefix, concurrency] = process.argv.slice(2);
if (!url || !prefix || !Number(concurrency)) {
  process.stderr.write('usage: empty-worker REDIS_URL PREFIX CONCURRENCY\n');
  process.exit(2);
}
const worker = new Worker('empty', async () => {}, {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  prefix,
  concurrency: Number(concurrency),
});
await worker.waitUntilReady();
process.stdout.write('ready\n');
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
