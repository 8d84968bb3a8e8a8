import type { Locale } from './locale.js';

/**
 * Labels of the services the seeded programmes use. Programmes may add their own identifiers;
 * those are shown as written, with underscores as spaces.
 */
const LABELS: Record<string, Record<Locale, string>> = {
  job_search: { en: 'job search', fr: 'recherche d’emploi', nl: 'werk zoeken' },
  cv_writing: { en: 'CV writing', fr: 'rédaction de CV', nl: 'cv schrijven' },
  admin_paperwork: { en: 'paperwork', fr: 'démarches administratives', nl: 'administratie' },
  training_orientation: { en: 'finding a training', fr: 'orientation vers une formation', nl: 'een opleiding vinden' },
  interview_practice: {
    en: 'interview practice',
    fr: 'préparation aux entretiens',
    nl: 'sollicitatiegesprekken oefenen',
  },
  homework_help: { en: 'homework help', fr: 'aide aux devoirs', nl: 'huiswerkbegeleiding' },
  transport: { en: 'transport', fr: 'transport', nl: 'vervoer' },
  city_discovery: { en: 'discovering the neighbourhood', fr: 'découverte du quartier', nl: 'de buurt leren kennen' },
  reading_mail: { en: 'reading mail', fr: 'lecture du courrier', nl: 'brieven lezen' },
  french_conversation: { en: 'French conversation', fr: 'conversation en français', nl: 'Frans praten' },
  dutch_conversation: { en: 'Dutch conversation', fr: 'conversation en néerlandais', nl: 'Nederlands praten' },
  shared_meals: { en: 'shared meals', fr: 'repas partagés', nl: 'samen eten' },
  digital_skills: { en: 'digital skills', fr: 'compétences numériques', nl: 'digitale vaardigheden' },
  housing_search: { en: 'housing search', fr: 'recherche de logement', nl: 'woning zoeken' },
  sport: { en: 'sport', fr: 'sport', nl: 'sport' },
  youth_movement: { en: 'youth movement', fr: 'mouvement de jeunesse', nl: 'jeugdbeweging' },
  outdoor_activities: { en: 'outdoor activities', fr: 'activités en plein air', nl: 'buitenactiviteiten' },
  summer_camp: { en: 'summer camp', fr: 'camp d’été', nl: 'zomerkamp' },
  mobility_abroad: { en: 'going abroad', fr: 'mobilité à l’étranger', nl: 'naar het buitenland' },
  exchange_preparation: {
    en: 'preparing an exchange',
    fr: 'préparation d’un échange',
    nl: 'een uitwisseling voorbereiden',
  },
  language_coaching: { en: 'language coaching', fr: 'coaching linguistique', nl: 'taalcoaching' },
  funding_applications: { en: 'funding applications', fr: 'demandes de bourse', nl: 'beursaanvragen' },
  volunteering_projects: { en: 'volunteering projects', fr: 'projets de volontariat', nl: 'vrijwilligersprojecten' },
};

export const KNOWN_SKILLS = Object.keys(LABELS);

export function skillLabel(id: string, locale: Locale): string {
  return LABELS[id]?.[locale] ?? id.replaceAll('_', ' ');
}
