/**
 * Structured logs with pino. Requests are logged by method, masked path, status and time, with
 * a request id; never bodies, cookies, addresses or query strings. Personal fields are redacted
 * wherever an object that carries them gets logged by mistake.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Logger } from './store/ports.js';

const PERSONAL = [
  'contact',
  'email',
  'firstName',
  'lastName',
  'phone',
  'note',
  'address',
  'password',
  'to',
  'text',
  'members',
];

export const REDACT_PATHS = [
  ...PERSONAL,
  ...PERSONAL.map((f) => `*.${f}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function createLogger(options: { level?: string } = {}, destination?: DestinationStream): Pino {
  return pino({ level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

/** The services' and jobs' event logger over pino. */
export function eventLogger(logger: Pino): Logger {
  return {
    info: (event, fields) => logger.info({ event, ...fields }, event),
    warn: (event, fields) => logger.warn({ event, ...fields }, event),
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Path segments that are secrets, replaced before logging. */
export function maskPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/(\/volunteers\/confirm\/)[^/]+/, '$1[token]');
}

export function requestLogger(logger: Pino) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: maskPath(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}
