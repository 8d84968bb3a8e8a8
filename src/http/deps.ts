import type { Logger as Pino } from 'pino';
import type { JobQueue } from '../jobs/queue.js';
import type { MatchingService } from '../services/matching.js';
import type { PeopleService } from '../services/people.js';
import type { SignupService } from '../services/signup.js';
import type { TandemService } from '../services/tandems.js';
import type { Clock, Store } from '../store/ports.js';

export interface ApiConfig {
  /** Base URL people reach the service at, for links in e-mails (`https://tandem.example.org`). */
  publicUrl: string;
  /** Express `trust proxy`: set behind a TLS-terminating proxy, so cookies get `Secure`. */
  trustProxy: boolean | number | string;
  /** Requests per minute and per client address on the sign-in and public sign-up routes. */
  rateLimits: { login: number; public: number };
  /** How long a staff session lasts. */
  sessionTtlMs: number;
  /** Slug of the organisation whose admins operate the platform (Bull Board); none: the board is closed. */
  operatorOrg?: string;
}

export const DEFAULT_API_CONFIG: ApiConfig = {
  publicUrl: 'http://localhost:3000',
  trustProxy: false,
  rateLimits: { login: 10, public: 20 },
  sessionTtlMs: 12 * 3_600_000,
};

export interface ApiServices {
  matching: Pick<MatchingService, 'plan' | 'whyUnmatched' | 'preview' | 'nearMisses'>;
  tandems: TandemService;
  people: PeopleService;
  signup: SignupService;
}

/** Everything the API uses, given by whoever builds it (the server, a test): no globals. */
export interface ApiDeps {
  store: Store;
  clock: Clock;
  config: ApiConfig;
  services: ApiServices;
  queue: JobQueue;
  logger: Pino;
}
