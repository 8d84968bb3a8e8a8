/**
 * Configuration from the environment, validated once at start-up: a bad value stops the
 * process with the variable named, rather than failing later.
 */
import { z } from 'zod';
import { ValidationError } from './errors/validation-error.js';
import { QUEUE_NAMES, type QueueName } from './jobs/queue.js';

/** An unset variable and an empty one (as `.env` files often leave them) mean the same. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const Env = z.object({
  /** Set: the MongoDB adapter on this server. Unset: the embedded store in TANDEM_DATA_DIR. */
  MONGODB_URI: optional(z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URI')),
  /** Database name; default: the one in MONGODB_URI, else `tandem`. */
  MONGODB_DB: optional(z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -')),
  TANDEM_DATA_DIR: optional(z.string()).transform((v) => v ?? './data'),
  /** Password of the demo staff accounts `npm run seed` creates; generated when unset. */
  TANDEM_DEMO_PASSWORD: optional(z.string().min(12, 'must be at least 12 characters')),
  /** The job queue's Redis (the workers); unset: jobs run in the server's process. */
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')),
  PORT: optional(z.coerce.number().int().min(0).max(65535)).transform((v) => v ?? 3000),
  /** Where people reach the service, for links in e-mails; default http://localhost:PORT. */
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
  /** Behind a TLS-terminating proxy: `true`, a hop count, or the proxy's addresses (Express `trust proxy`). */
  TRUST_PROXY: optional(z.string()).transform((v) =>
    v === undefined || v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v,
  ),
  /**
   * The organisation whose admins operate the platform: only they see Bull Board (its queues hold
   * every organisation's jobs). Unset: nobody does.
   */
  TANDEM_OPERATOR_ORG: optional(
    z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/, 'must be an organisation slug'),
  ),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).transform(
    (v) => v ?? 'info',
  ),
  /** Prefix of the job queues' Redis keys: deployments (or tests) sharing a Redis keep apart. */
  QUEUE_PREFIX: optional(z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be 1-60 letters, digits, _ or -')).transform(
    (v) => v ?? 'tandem',
  ),
  /** `npm run workers`: jobs run at once per queue, and the queues served (comma-separated; default all). */
  WORKER_CONCURRENCY: optional(z.coerce.number().int().min(1).max(64)).transform((v) => v ?? 2),
  WORKER_QUEUES: optional(z.string()).transform((v, ctx) => {
    const names = v === undefined ? [...QUEUE_NAMES] : v.split(',').map((s) => s.trim());
    const unknown = names.filter((n) => !(QUEUE_NAMES as readonly string[]).includes(n));
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        message: `unknown queue ${unknown.join(', ')}; the queues are ${QUEUE_NAMES.join(', ')}`,
      });
    return names as QueueName[];
  }),
  /** How long a worker's hold on a job lasts unrenewed: a dead worker's job goes elsewhere after this. */
  WORKER_LOCK_MS: optional(z.coerce.number().int().min(1000).max(600_000)).transform((v) => v ?? 30_000),
  /** Between two sweeps for lost work (runs to queue again, e-mails to send, stale proposals); see src/jobs/sweeper.ts. */
  SWEEP_MS: optional(z.coerce.number().int().min(500).max(600_000)).transform((v) => v ?? 15_000),
  /** On SIGTERM, how long running jobs may take to finish before they are handed back (keep it under the orchestrator's own grace). */
  WORKER_GRACE_MS: optional(z.coerce.number().int().min(0).max(600_000)).transform((v) => v ?? 25_000),
  /** A match run over at least this many waiting beneficiaries is split into MATCH_REGIONS regions across workers. */
  MATCH_SPLIT_FROM: optional(z.coerce.number().int().min(1)).transform((v) => v ?? 20_000),
  MATCH_REGIONS: optional(z.coerce.number().int().min(1).max(64)).transform((v) => v ?? 4),
  /** Default time of every programme's lapse check (5-field cron, Brussels time). */
  LAPSE_CHECK_CRON: optional(
    z.string().regex(/^[0-9*,/-]+( [0-9*,/-]+){4}$/, 'must be a 5-field cron pattern'),
  ).transform((v) => v ?? '0 3 * * *'),
  /** Set: e-mails go out over this SMTP server (smtp:// or smtps://). Unset: they stay in the outbox. */
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')),
  /** The From: of e-mails. */
  MAIL_FROM: optional(z.string().min(3).max(200)).transform((v) => v ?? 'tandem <no-reply@localhost>'),
});

export type StoreConfig = { kind: 'mongodb'; uri: string; dbName?: string } | { kind: 'embedded'; dataDir: string };

export interface ServerConfig {
  port: number;
  publicUrl: string;
  trustProxy: boolean | number | string;
  operatorOrg?: string;
  logLevel: string;
}

export interface WorkersConfig {
  queuePrefix: string;
  concurrency: number;
  queues: QueueName[];
  lockMs: number;
  graceMs: number;
  sweepMs: number;
  split: { regions: number; fromBeneficiaries: number };
  lapseCheckCron: string;
  smtpUrl?: string;
  mailFrom: string;
}

export interface Config {
  store: StoreConfig;
  demoPassword?: string;
  redisUrl?: string;
  server: ServerConfig;
  workers: WorkersConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = Env.safeParse(env);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const e = result.data;
  return {
    store: e.MONGODB_URI
      ? { kind: 'mongodb', uri: e.MONGODB_URI, ...(e.MONGODB_DB && { dbName: e.MONGODB_DB }) }
      : { kind: 'embedded', dataDir: e.TANDEM_DATA_DIR },
    ...(e.TANDEM_DEMO_PASSWORD && { demoPassword: e.TANDEM_DEMO_PASSWORD }),
    ...(e.REDIS_URL && { redisUrl: e.REDIS_URL }),
    server: {
      port: e.PORT,
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
      trustProxy: e.TRUST_PROXY,
      ...(e.TANDEM_OPERATOR_ORG && { operatorOrg: e.TANDEM_OPERATOR_ORG }),
      logLevel: e.LOG_LEVEL,
    },
    workers: {
      queuePrefix: e.QUEUE_PREFIX,
      concurrency: e.WORKER_CONCURRENCY,
      queues: e.WORKER_QUEUES,
      lockMs: e.WORKER_LOCK_MS,
      graceMs: e.WORKER_GRACE_MS,
      sweepMs: e.SWEEP_MS,
      split: { regions: e.MATCH_REGIONS, fromBeneficiaries: e.MATCH_SPLIT_FROM },
      lapseCheckCron: e.LAPSE_CHECK_CRON,
      ...(e.SMTP_URL && { smtpUrl: e.SMTP_URL }),
      mailFrom: e.MAIL_FROM,
    },
  };
}

let loaded: Config | undefined;

/** The process's configuration, read from process.env on first use. */
export function config(): Config {
  return (loaded ??= loadConfig());
}
