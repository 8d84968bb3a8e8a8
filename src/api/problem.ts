/**
 * Errors as `application/problem+json` (RFC 9457). Every error tandem raises on purpose maps to
 * a 4xx (or 503 when the store is down); anything else is a 500 whose details stay in the logs.
 * Titles are in the caller's language; `errors` names each failing field.
 */
import { z } from 'zod';
import type { Locale } from '../../scoring/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import { HttpError } from './http-error.js';

const TITLES = {
  validation: { status: 400, fr: 'Données invalides', nl: 'Ongeldige gegevens', en: 'Invalid input' },
  unauthenticated: { status: 401, fr: 'Connexion requise', nl: 'Aanmelden vereist', en: 'Sign-in required' },
  bad_credentials: {
    status: 401,
    fr: 'E-mail ou mot de passe incorrect',
    nl: 'E-mail of wachtwoord onjuist',
    en: 'Wrong e-mail or password',
  },
  forbidden: { status: 403, fr: 'Accès refusé', nl: 'Toegang geweigerd', en: 'Access denied' },
  csrf: {
    status: 403,
    fr: 'Jeton CSRF manquant ou invalide',
    nl: 'CSRF-token ontbreekt of is ongeldig',
    en: 'Missing or invalid CSRF token',
  },
  not_found: { status: 404, fr: 'Introuvable', nl: 'Niet gevonden', en: 'Not found' },
  conflict: { status: 409, fr: 'Conflit avec une règle', nl: 'Conflict met een regel', en: 'Conflicts with a rule' },
  version_conflict: {
    status: 409,
    fr: 'Modifié entre-temps : rechargez',
    nl: 'Intussen gewijzigd: herlaad',
    en: 'Changed meanwhile: reload',
  },
  precondition_failed: { status: 412, fr: 'Version périmée', nl: 'Verouderde versie', en: 'Stale version' },
  payload_too_large: { status: 413, fr: 'Requête trop volumineuse', nl: 'Verzoek te groot', en: 'Request too large' },
  unsupported_media_type: { status: 415, fr: 'Envoyez du JSON', nl: 'Stuur JSON', en: 'Send JSON' },
  locked: {
    status: 429,
    fr: 'Trop de tentatives : réessayez plus tard',
    nl: 'Te veel pogingen: probeer later opnieuw',
    en: 'Too many attempts: try again later',
  },
  rate_limited: { status: 429, fr: 'Trop de requêtes', nl: 'Te veel verzoeken', en: 'Too many requests' },
  unavailable: {
    status: 503,
    fr: 'Service momentanément indisponible',
    nl: 'Dienst tijdelijk onbeschikbaar',
    en: 'Service temporarily unavailable',
  },
  internal: { status: 500, fr: 'Erreur interne', nl: 'Interne fout', en: 'Internal error' },
} as const satisfies Record<string, { status: number } & Record<Locale, string>>;

export type ProblemCode = keyof typeof TITLES;
export const PROBLEM_CODES = Object.keys(TITLES) as ProblemCode[];

export const FieldIssueSchema = z.strictObject({ field: z.string(), message: z.string() });

export const Problem = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  code: z.enum(PROBLEM_CODES as [ProblemCode, ...ProblemCode[]]),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** The rule a 409 refers to, e.g. `volunteer_capacity`. */
  rule: z.string().optional(),
  errors: z.array(FieldIssueSchema).optional(),
});
export type Problem = z.infer<typeof Problem>;

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
  /** Whether the error was not one raised on purpose (to be logged as a fault). */
  unexpected: boolean;
}

export function problemFrom(err: unknown, locale: Locale, instance: string): ProblemResponse {
  const make = (
    code: ProblemCode,
    extra: Partial<Problem> = {},
    headers: Record<string, string> = {},
    unexpected = false,
  ): ProblemResponse => ({
    problem: {
      type: `urn:tandem:problem:${code}`,
      title: TITLES[code][locale],
      status: TITLES[code].status,
      code,
      instance,
      ...extra,
    },
    headers,
    unexpected,
  });
  if (err instanceof HttpError)
    return make(err.code, { status: err.status, ...(err.detail ? { detail: err.detail } : {}) }, err.headers);
  if (err instanceof ValidationError)
    return make('validation', {
      errors: err.issues,
      detail: err.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
    });
  if (err instanceof NotFoundError) return make('not_found', { detail: `${err.kind} ${err.id} not found` });
  if (err instanceof VersionConflictError) return make('version_conflict', { rule: err.rule, detail: err.message });
  if (err instanceof ConflictError) return make('conflict', { rule: err.rule, detail: err.message });
  if (err instanceof ForbiddenError) return make('forbidden', { detail: err.reason });
  if (err instanceof StoreUnavailableError) return make('unavailable', {}, { 'Retry-After': '5' }, true);
  const status = httpStatusOf(err);
  // Errors body-parser raises on unreadable input (malformed JSON, wrong charset, too large).
  if (status === 413) return make('payload_too_large');
  if (status === 415) return make('unsupported_media_type');
  // The parser's own message may quote the input: it is not repeated.
  if (status !== undefined && status >= 400 && status < 500)
    return make('validation', { errors: [{ field: 'body', message: 'must be a JSON document' }] });
  return make('internal', {}, {}, true);
}

function httpStatusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  if (!e || e.expose !== true) return undefined;
  const s = e.status ?? e.statusCode;
  return typeof s === 'number' ? s : undefined;
}
