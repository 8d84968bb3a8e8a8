/**
 * Configuration from the environment, validated once at start-up: a bad value stops the
 * process with the variable named, rather than failing later.
 */
import { z } from 'zod';
import { ValidationError } from './errors/validation-error.js';

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
  TRUST_PROXY: optional(z.string()).transform((v) => (v === undefined || v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).transform((v) => v ?? 'info'),
});

export type StoreConfig = { kind: 'mongodb'; uri: string; dbName?: string } | { kind: 'embedded'; dataDir: string };

export interface ServerConfig {
  port: number;
  publicUrl: string;
  trustProxy: boolean | number | string;
  logLevel: string;
}

export interface Config {
  store: StoreConfig;
  demoPassword?: string;
  redisUrl?: string;
  server: ServerConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = Env.safeParse(env);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const e = result.data;
  return {
    store: e.MONGODB_URI ? { kind: 'mongodb', uri: e.MONGODB_URI, ...(e.MONGODB_DB && { dbName: e.MONGODB_DB }) } : { kind: 'embedded', dataDir: e.TANDEM_DATA_DIR },
    ...(e.TANDEM_DEMO_PASSWORD && { demoPassword: e.TANDEM_DEMO_PASSWORD }),
    ...(e.REDIS_URL && { redisUrl: e.REDIS_URL }),
    server: { port: e.PORT, publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`, trustProxy: e.TRUST_PROXY, logLevel: e.LOG_LEVEL },
  };
}

let loaded: Config | undefined;

/** The process's configuration, read from process.env on first use. */
export function config(): Config {
  return (loaded ??= loadConfig());
}
