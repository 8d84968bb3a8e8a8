/**
 * The place fields of the forms and places as pages show them: what someone typed (a name in any
 * of Belgium's languages, a postcode, both) read as a place, suggestions as they type, and a
 * stored place named in the reader's language. Names come from src/domain/places.ts.
 */
import type { Locale } from '../../scoring/index.js';
import type { Place } from '../domain/index.js';
import {
  fold,
  municipalityByNis,
  municipalityName,
  placeFields,
  placeLabel,
  resolvePlace,
  suggestPlaces,
} from '../domain/places.js';
import { isolate } from './people.js';

/** Suggestions for a text being typed, as the field takes them back. */
export function suggest(text: string, locale: Locale, limit = 8): string[] {
  return [...new Set(suggestPlaces(text, limit).map((m) => placeLabel(m, locale)))];
}

/**
 * The place fields of a form (`municipality`, `postcode`) as a stored place takes them, or the
 * problem (a message key) and the places to choose from. The postcode field, when filled, says
 * which of the places of that name is meant, and alone names the place.
 */
export function readPlace(
  municipality: string,
  postcode: string,
  locale: Locale,
): {
  place?: ReturnType<typeof placeFields> & { location: { lat: number; lon: number } };
  problem?: 'municipalityChoose' | 'municipalityUnknown';
  places: string[];
} {
  const text = [/^\d{4}$/.test(postcode.trim()) ? postcode.trim() : '', municipality].join(' ').trim();
  if (!municipality.trim() && text === '') return { places: [] };
  const r = resolvePlace(text);
  if (!r.found) {
    // A postcode that does not go with the name: the places of that name are the choice.
    const byName = postcode.trim() && municipality.trim() ? resolvePlace(municipality) : r;
    if (byName.found) return { problem: 'municipalityChoose', places: [placeLabel(byName.found, locale)] };
    const choices = byName.choices.map((c) => placeLabel(c, locale));
    return { problem: choices.length ? 'municipalityChoose' : 'municipalityUnknown', places: choices };
  }
  return { place: { ...placeFields(r.found), location: { lat: r.found.lat, lon: r.found.lon } }, places: [] };
}

/** A stored place as the reader reads it: "1030 Schaerbeek", "2430 Vorst (Laakdal)", "Luik". */
export function placeText(place: Place, locale: Locale): string {
  const m = place.nis ? municipalityByNis(place.nis) : undefined;
  const town = m ? municipalityName(m, locale) : place.municipality;
  const named =
    place.locality && town && fold(place.locality) !== fold(town)
      ? `${place.locality} (${town})`
      : (town ?? place.locality);
  const text = [place.postcode, named].filter(Boolean).join(' ');
  return text ? isolate(text) : '—';
}
