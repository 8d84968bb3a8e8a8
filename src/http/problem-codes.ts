/** What tandem calls each kind of refusal, with its HTTP status and its title in each language. */
import type { Locale } from '../../scoring/index.js';

export const TITLES = {
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
