import { describe, expect, it } from 'vitest';
import type { Programme } from '../../../../src/domain/index.js';
import { planImport, readPeopleCsv, template } from '../../../../src/services/import/people-csv.js';

const programme = {
  id: 'prg_liege',
  rules: { maxDistanceKm: 12, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 10 },
} as unknown as Programme;
const TODAY = '2026-11-22';

describe('reading a spreadsheet of people', () => {
  it('reads the template of each language back, headers in French, Dutch or English', () => {
    for (const kind of ['volunteers', 'beneficiaries'] as const)
      for (const locale of ['fr', 'nl', 'en'] as const) {
        const csv = template(kind, programme, locale);
        const { rows, problems } = readPeopleCsv(kind, csv, programme, TODAY);
        expect(problems).toEqual([]);
        expect(rows).toHaveLength(1);
        expect(rows[0]!.fields.place).toMatchObject({ municipality: 'Liège', nis: '62063', postcode: '4000' });
      }
    expect(template('volunteers', programme, 'nl').split('\n')[0]).toMatch(/^id;voornaam;achternaam/);
  });

  it('reads a volunteers file as people write it: semicolons, Belgian dates, day names and hours of their language', () => {
    const csv = [
      'identifiant;prénom;nom;e-mail;commune;code postal;langues;compétences;disponibilités;distance max (km);tandems à la fois;date du consentement',
      'V-1;Françoise;Lambotte;F.Lambotte@Mail.example;Schaerbeek;1030;fr, ar;job_search;lun 18h-20h, sam 9h30-12h;7,5;2;15/01/2026',
    ].join('\r\n');
    const { rows, problems } = readPeopleCsv('volunteers', csv, programme, TODAY);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({
      line: 2,
      externalId: 'V-1',
      fields: {
        externalId: 'V-1',
        contact: { firstName: 'Françoise', lastName: 'Lambotte', email: 'f.lambotte@mail.example' },
        languages: ['fr', 'ar'],
        skills: ['job_search'],
        availability: [
          { day: 'mon', start: '18:00', end: '20:00' },
          { day: 'sat', start: '09:30', end: '12:00' },
        ],
        place: { nis: '21015', postcode: '1030' },
        maxDistanceKm: 7.5,
        capacity: 2,
        consent: { textVersion: 'import', at: '2026-01-15T00:00:00.000Z' },
      },
    });
  });

  it('tells every bad row by its line and column, and keeps the good ones apart', () => {
    const csv = [
      'id,first name,municipality,languages,availability,consent date,email',
      'V-1,Ann,Luik,nl,mon 18-20,2026-01-15,ann@mail.example',
      'V-2,,Mechln,french,someday,2030-01-01,not-an-email',
      'V-1,Bob,Vorst,nl,,2026-01-15,',
      'V-4,"Quoted, name",Gent,nl,,2026-01-15,',
    ].join('\n');
    const { rows, problems } = readPeopleCsv('volunteers', csv, programme, TODAY);
    expect(rows.map((r) => r.externalId)).toEqual(['V-1', 'V-4']);
    expect(rows[1]!.fields.contact.firstName).toBe('Quoted, name');
    const at = (line: number) => problems.filter((p) => p.line === line).map((p) => [p.column, p.problem]);
    expect(at(3)).toEqual(
      expect.arrayContaining([
        ['first name', 'required'],
        ['municipality', 'placeUnknown'],
        ['languages', 'language'],
        ['availability', 'availability'],
        ['consent date', 'date'],
        ['email', 'invalid'],
      ]),
    );
    expect(at(4)).toEqual(
      expect.arrayContaining([
        ['id', 'duplicateId'],
        ['municipality', 'placeChoose'],
      ]),
    );
    expect(problems.find((p) => p.line === 4 && p.problem === 'placeChoose')!.detail).toContain('2430 Vorst (Laakdal)');
    // What the schema refuses quotes the cell, not the schema's English message.
    expect(problems.find((p) => p.line === 3 && p.problem === 'invalid')!.detail).toBe('not-an-email');
  });

  it('names the places an ambiguous town may mean in the reader’s language', () => {
    const csv = ['id,first name,municipality,languages,consent date', 'V-1,Ann,Saint-Nicolas,nl,2026-01-15'].join('\n');
    const detail = (locale: 'fr' | 'nl' | 'en') =>
      readPeopleCsv('volunteers', csv, programme, TODAY, locale).problems.find((p) => p.problem === 'placeChoose')!
        .detail;
    expect(detail('nl')).toBe('Sint-Niklaas · 4420 Saint-Nicolas');
    expect(detail('en')).toBe('Sint-Niklaas · 4420 Saint-Nicolas');
    expect(detail('fr')).toBe('9100 Saint-Nicolas · 4420 Saint-Nicolas');
  });

  it('refuses a file whose headers it cannot read, naming them, and one it cannot parse', () => {
    expect(readPeopleCsv('volunteers', 'id,voornaam,colour\n1,An,blue', programme, TODAY).problems).toEqual(
      expect.arrayContaining([
        { line: 1, column: 'colour', problem: 'unknownColumn' },
        { line: 1, column: 'municipality', problem: 'missingColumn' },
      ]),
    );
    const broken = readPeopleCsv('volunteers', 'id,first name\n1,"An', programme, TODAY);
    expect(broken.problems[0]).toMatchObject({ problem: 'unreadable' });
    expect(readPeopleCsv('volunteers', '', programme, TODAY).problems).toEqual([{ line: 1, problem: 'empty' }]);
  });

  it('reads beneficiaries with their needs, age, waiting date and who referred them', () => {
    const csv = [
      'id;voornaam;gemeente;talen;noden;leeftijd;wacht sinds;doorverwezen door;datum toestemming',
      'B-7;Amina;1080;ar, fr;job_search;19;03/02/2025;OCMW Molenbeek;01/02/2025',
    ].join('\n');
    const { rows, problems } = readPeopleCsv('beneficiaries', csv, programme, TODAY);
    expect(problems).toEqual([]);
    expect(rows[0]!.fields).toMatchObject({
      needs: ['job_search'],
      age: 19,
      waitingSince: '2025-02-03',
      referral: { partner: 'OCMW Molenbeek' },
      place: { nis: '21012' },
    });
  });

  it('tells a need the programme does not list, and offers one of its own in the template', () => {
    const listing = { ...programme, needs: ['admin_paperwork', 'job_search'] } as Programme;
    const csv = [
      'id;prénom;commune;langues;besoins;date du consentement',
      'B-1;Amina;Liège;fr;job_search, driving;01/02/2025',
    ].join('\n');
    const { rows, problems } = readPeopleCsv('beneficiaries', csv, listing, TODAY);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: 2, column: 'besoins', problem: 'needNotAnswered', detail: 'driving' }]);
    expect(readPeopleCsv('beneficiaries', template('beneficiaries', listing, 'fr'), listing, TODAY).problems).toEqual(
      [],
    );
  });
});

describe('planning an import', () => {
  const read = (csv: string) => readPeopleCsv('volunteers', csv, programme, TODAY).rows;
  const header = 'id,first name,municipality,languages,consent date';

  it('adds the new, updates the changed and leaves alone the same: a file imported twice writes once', () => {
    const first = read(`${header}\nV-1,Ann,Luik,nl,2026-01-15\nV-2,Bob,Gent,nl,2026-01-15`);
    expect(planImport(first, new Map())).toMatchObject({ add: first, update: [], unchanged: [] });
    const held = new Map(
      first.map((r, i) => [r.externalId, { id: `vol_${i}`, version: 3, ...structuredClone(r.fields) }]),
    );
    expect(planImport(first, held)).toMatchObject({ add: [], update: [], unchanged: first });
    const again = read(
      `${header}\nV-1,Ann,Luik,nl,2026-01-15\nV-2,Bob,Antwerpen,nl,2026-01-15\nV-3,Cem,Genk,tr,2026-01-15`,
    );
    const plan = planImport(again, held);
    expect(plan.add.map((r) => r.externalId)).toEqual(['V-3']);
    expect(plan.update).toEqual([{ row: again[1], id: 'vol_1', version: 3 }]);
    expect(plan.unchanged.map((r) => r.externalId)).toEqual(['V-1']);
  });
});
