/**
 * The import page over HTTP, as a browser without JavaScript posts it (multipart, with the file):
 * a template per programme and language, a check telling every problem by line and column in the
 * reader's language with nothing written, then the good rows only when asked, then the corrected
 * file; the same through the API; on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, startApi, type Api, type OrgFixture } from '../api/harness.js';
import { csrfOf, staffBrowser, text } from './http-browser.js';

const HEADER = 'identifiant;prénom;commune;langues;disponibilités;date du consentement';
const WITH_ERRORS = [
  HEADER,
  'V-1;Anne;Liège;fr;lun 18-20;15/01/2026',
  'V-2;Bart;Mechln;nl;;15/01/2026',
  'V-3;Cem;1030 Schaerbeek;tr, fr;sam 10-12;31/12/2099',
  'V-4;Dina;Luik;nl, ar;mer 14-16;15/01/2026',
].join('\n');
const FIXED = WITH_ERRORS.replace('Mechln', 'Mechelen').replace('31/12/2099', '15/01/2026');

describe.each(ADAPTERS)('the import page on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;

  beforeAll(async () => {
    api = await startApi(adapter, 'web-import');
    org = await api.organisation('import-web');
  });
  afterAll(() => api?.close());

  const imported = async () =>
    (await api.store.volunteers.list(org.orgId, { programmeIds: org.programmeId }, { limit: 100 }))
      .map((v) => v.externalId)
      .filter(Boolean)
      .sort();

  it('offers each programme’s template in French, Dutch and English, as a file Excel reads', async () => {
    const b = await staffBrowser(api, org.emails.mediator, 'nl-BE');
    const page = await b.get('/app/import');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Mensen importeren uit een rekenblad</h1>');
    for (const lang of ['fr', 'nl', 'en'])
      expect(page.html).toContain(
        `/app/import/template?programme=${org.programmeId}&amp;kind=volunteers&amp;lang=${lang}`,
      );
    const nl = await b.get(`/app/import/template?programme=${org.programmeId}&kind=beneficiaries&lang=nl`);
    expect(nl.status).toBe(200);
    expect(nl.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(nl.headers.get('content-disposition')).toBe(
      `attachment; filename="${org.programmeSlug}-beneficiaries-nl.csv"`,
    );
    expect(nl.html.split('\n')[0]).toMatch(/^id;voornaam;achternaam;.*;noden;/);
    expect((await b.get(`/app/import/template?programme=${org.programmeId}&kind=people&lang=nl`)).status).toBe(404);
  });

  it('checks a file with problems, each told by line and column in French, writes nothing, then only the good rows when asked, then the corrected file', async () => {
    const b = await staffBrowser(api, org.emails.mediator, 'fr-BE');
    const form = await b.get('/app/import');
    const fields = { _csrf: csrfOf(form.html), programme: org.programmeId, kind: 'volunteers' };

    const checked = await b.upload(
      '/app/import',
      { ...fields, action: 'check' },
      { name: 'benevoles.csv', content: WITH_ERRORS },
    );
    expect(checked.status).toBe(200);
    const read = text(checked.html);
    expect(read).toContain('2 lignes sans problème, 2 problèmes.');
    expect(read).toMatch(/3 commune Aucune commune belge n’a ce nom ou ce code postal\./);
    expect(read).toMatch(/4 date du consentement « 31\/12\/2099 » n’est pas une date passée/);
    expect(read).toContain('N’importer que les 2 lignes correctes');
    expect(await imported()).toEqual([]);

    // The page carries the checked file along: importing its good rows needs no second upload.
    const csv = /name="csv" value="([^"]*)"/.exec(checked.html)![1]!;
    const good = await b.upload('/app/import', { ...fields, csv: csv.replace(/&#10;|\n/g, '\n'), action: 'good-rows' });
    expect(good.status).toBe(303);
    expect(good.location).toBe('/app/import?done=imported&added=2&updated=0&unchanged=0');
    expect(text((await b.get(good.location!)).html)).toContain('Import terminé : 2 ajoutée(s), 0 mise(s) à jour');
    expect(await imported()).toEqual(['V-1', 'V-4']);

    // Saved by Excel in its Belgian default, Windows-1252: "Liège" still reads.
    const latin1 = Uint8Array.from(FIXED, (c) => (c === '’' ? 0x92 : c.charCodeAt(0)));
    const again = await b.upload(
      '/app/import',
      { ...fields, action: 'check' },
      { name: 'benevoles.csv', content: latin1 },
    );
    expect(text(again.html)).toContain('L’import ajouterait 2 personne(s), en mettrait 0 à jour et en laisserait 2');
    const all = await b.upload('/app/import', { ...fields, csv: FIXED, action: 'import' });
    expect(all.status).toBe(303);
    expect(all.location).toBe('/app/import?done=imported&added=2&updated=0&unchanged=2');
    expect(await imported()).toEqual(['V-1', 'V-2', 'V-3', 'V-4']);
    const twice = await b.upload(
      '/app/import',
      { ...fields, action: 'check' },
      { name: 'benevoles.csv', content: FIXED },
    );
    expect(text(twice.html)).toContain('il n’y a rien à importer');
  });

  it('names the places an ambiguous town may mean in the reader’s language, in Dutch and in English', async () => {
    const csv = ['id,first name,municipality,languages,consent date', 'V-9,Eva,Forest,nl,2026-01-15'].join('\n');
    const check = async (acceptLanguage: string, content = csv) => {
      const b = await staffBrowser(api, org.emails.mediator, acceptLanguage);
      const form = await b.get('/app/import');
      const fields = { _csrf: csrfOf(form.html), programme: org.programmeId, kind: 'volunteers', action: 'check' };
      return text((await b.upload('/app/import', fields, { name: 'towns.csv', content })).html);
    };
    const nl = await check('nl-BE');
    expect(nl).toContain('1190 Vorst · 7910 Forest (Frasnes-lez-Anvaing)');
    expect(nl).not.toContain('1190 Forest');
    const en = await check('en-GB');
    expect(en).toContain('1190 Forest · 7910 Forest (Frasnes-lez-Anvaing)');
    // A value the schema refuses is quoted in the reader's words, not the schema's English.
    const email = await check(
      'nl-BE',
      csv.replace('consent date', 'consent date,email').replace('2026-01-15', '2026-01-15,not-an-email'),
    );
    expect(email).toContain('‘not-an-email’ is niet geldig in deze kolom.');
    expect(email).not.toMatch(/invalid|email address/i);
    const halle = csv.replace('Forest', 'Halle');
    const api_en = await api.call('POST', `/programmes/${org.programmeId}/import`, {
      as: await api.login(org.emails.coordinator),
      body: { kind: 'volunteers', csv: halle, mode: 'dry-run' },
      headers: { 'accept-language': 'en-GB' },
    });
    // In French the Brussels-side town is "Hal".
    expect(api_en.body.problems).toEqual([
      { line: 2, column: 'municipality', problem: 'placeChoose', detail: '1500 Halle · 2980 Halle (Zoersel)' },
    ]);
  });

  it('tells a missing file or programme next to its field, and refuses the page outside the role', async () => {
    const b = await staffBrowser(api, org.emails.mediator, 'en-GB');
    const form = await b.get('/app/import');
    const none = await b.upload('/app/import', {
      _csrf: csrfOf(form.html),
      programme: org.programmeId,
      kind: 'volunteers',
      action: 'check',
    });
    expect(none.status).toBe(400);
    expect(none.html).toContain('id="f-file-error">Choose the CSV file to check.');
    const elsewhere = await b.upload(
      '/app/import',
      { _csrf: csrfOf(form.html), programme: 'prg_elsewhere', kind: 'volunteers', action: 'check' },
      { name: 'x.csv', content: FIXED },
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.html).toContain('Choose the programme.');
    const forged = await b.upload(
      '/app/import',
      { programme: org.programmeId, kind: 'volunteers' },
      { name: 'x.csv', content: FIXED },
    );
    expect(forged.status).toBe(403);
    const admin = await staffBrowser(api, org.emails.admin, 'en-GB');
    expect((await admin.get('/app/import')).status).toBe(403);
  });

  it('answers the API’s clients the same report, and a re-import writes nothing', async () => {
    const session = await api.login(org.emails.coordinator);
    const dry = await api.call('POST', `/programmes/${org.programmeId}/import`, {
      as: session,
      body: { kind: 'volunteers', csv: WITH_ERRORS, mode: 'dry-run' },
    });
    expect(dry.status).toBe(200);
    expect(dry.body.problems).toEqual([
      { line: 3, column: 'commune', problem: 'placeUnknown', detail: '' },
      { line: 4, column: 'date du consentement', problem: 'date', detail: '31/12/2099' },
    ]);
    const again = await api.call('POST', `/programmes/${org.programmeId}/import`, {
      as: session,
      body: { kind: 'volunteers', csv: FIXED, mode: 'all' },
    });
    expect(again.body).toMatchObject({ added: 0, updated: 0, unchanged: 4, written: false });
    const template = await api.call('GET', `/programmes/${org.programmeId}/import-template?kind=volunteers&lang=en`, {
      as: session,
    });
    expect(template.body.csv.split('\n')[0]).toMatch(/^id,first name,last name,email/);
  });
});
