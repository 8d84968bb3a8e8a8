/** `tandem admin`: the first organisation and accounts of a real deployment, on both stores. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/services/password.js';
import { openStore } from '../../../src/store/index.js';
import { silentLogger } from '../../../src/store/logger.js';
import { assertBuilt, MAIN, ROOT } from '../cli/run.js';
import { mongodbUri } from '../services.js';
import { programme } from '../store/fixtures.js';
import { ADAPTERS } from './harness.js';

beforeAll(assertBuilt);

describe.each(ADAPTERS)('tandem admin on the %s store', (adapter) => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-admin-'));
  const dbName = `api_admin_cli_${process.pid}`;
  const env = () => ({
    PATH: process.env.PATH,
    ...(adapter === 'mongodb' ? { MONGODB_URI: mongodbUri(), MONGODB_DB: dbName } : { TANDEM_DATA_DIR: dir }),
  });
  const storeConfig = () =>
    adapter === 'mongodb'
      ? { kind: 'mongodb' as const, uri: mongodbUri(), dbName }
      : { kind: 'embedded' as const, dataDir: dir };
  const admin = (args: string[], input = '') =>
    spawnSync(process.execPath, [MAIN, 'admin', ...args], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      env: env(),
      timeout: 60_000,
    });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (adapter === 'mongodb') {
      const client = await new MongoClient(mongodbUri()).connect();
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });

  it('creates an organisation and its accounts, with a piped or a generated password', async () => {
    const org = admin(['create-org', '--slug', 'buren-vzw', '--name', 'Buren vzw']);
    expect(org.stderr).toBe('');
    expect(org.status).toBe(0);
    const named = admin([
      'create-org',
      '--slug',
      'voisins-liege',
      '--name-fr',
      'Voisins Liège',
      '--name-nl',
      'Buren Luik',
    ]);
    expect(named.status).toBe(0);
    const piped = admin(
      ['create-user', '--org', 'buren-vzw', '--email', 'Anna@Buren.test', '--role', 'admin'],
      'a long chosen password\n',
    );
    expect(piped.status).toBe(0);
    expect(piped.stdout).not.toMatch(/password/);
    const generated = admin([
      'create-user',
      '--org',
      'buren-vzw',
      '--email',
      'jan@buren.test',
      '--role',
      'coordinator',
      '--name',
      'Jan',
    ]);
    expect(generated.status).toBe(0);
    const password = /password, shown this once: (\S+)/.exec(generated.stdout)![1]!;

    const store = await openStore(storeConfig(), silentLogger);
    try {
      const anna = (await store.staff.findByEmail('anna@buren.test'))!;
      const jan = (await store.staff.findByEmail('jan@buren.test'))!;
      expect(anna).toMatchObject({ role: 'admin', status: 'active' });
      expect(await verifyPassword(anna.passwordHash, 'a long chosen password')).toBe(true);
      expect(await verifyPassword(jan.passwordHash, password)).toBe(true);
      expect((await store.organisations.findBySlug('buren-vzw'))!.id).toBe(anna.orgId);
      expect((await store.organisations.findBySlug('voisins-liege'))!.name).toEqual({
        fr: 'Voisins Liège',
        nl: 'Buren Luik',
      });
    } finally {
      await store.close();
    }
  });

  it('imports volunteers from a CSV: a dry run tells each bad row, nothing written with errors unless --good-rows, a re-import changes nothing', async () => {
    expect(admin(['create-org', '--slug', 'import-org', '--name', 'Import']).status).toBe(0);
    let store = await openStore(storeConfig(), silentLogger);
    const orgId = (await store.organisations.findBySlug('import-org'))!.id;
    await store.programmes.insert(programme(orgId, { slug: 'buren' }));
    await store.close();
    const nl = admin([
      'template',
      '--org',
      'import-org',
      '--programme',
      'buren',
      '--kind',
      'volunteers',
      '--lang',
      'nl',
    ]);
    expect(nl.status).toBe(0);
    expect(nl.stdout.split('\n')[0]).toMatch(/^id;voornaam;achternaam;e-mail;telefoon;gemeente;postcode;talen/);

    const header = 'id;voornaam;gemeente;talen;beschikbaarheid;datum toestemming';
    const withErrors = join(dir, 'with-errors.csv');
    writeFileSync(
      withErrors,
      [
        header,
        'V-1;An;Luik;nl;ma 18-20;15/01/2026',
        'V-2;Bart;Mechln;nl;;15/01/2026',
        'V-3;Cem;1030 Schaerbeek;tr, fr;za 10-12;15/01/2026',
      ].join('\n'),
    );
    const args = ['import', '--org', 'import-org', '--programme', 'buren', '--kind', 'volunteers', '--file'];
    const dry = admin([...args, withErrors, '--dry-run']);
    expect(dry.status).toBe(1);
    expect(dry.stdout).toContain('line 3, column "gemeente": placeUnknown');
    expect(dry.stdout).toContain('dry run: 1 problem(s); 2 to add, 0 to update, 0 unchanged; nothing written');
    // An ambiguous town's places in the reader's language: English by default, Dutch when asked.
    const towns = join(dir, 'towns.csv');
    writeFileSync(towns, [header, 'V-9;Eva;Forest;nl;;15/01/2026'].join('\n'));
    const english = admin([...args, towns, '--dry-run']).stdout;
    expect(english).toContain(
      'line 2, column "gemeente": placeChoose (1190 Forest · 7910 Forest (Frasnes-lez-Anvaing))',
    );
    const dutch = admin([...args, towns, '--dry-run', '--lang', 'nl']).stdout;
    expect(dutch).toContain('placeChoose (1190 Vorst · 7910 Forest (Frasnes-lez-Anvaing))');
    const refused = admin([...args, withErrors]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/nothing written/);
    store = await openStore(storeConfig(), silentLogger);
    expect(await store.volunteers.count(orgId, {})).toBe(0);
    await store.close();

    const good = admin([...args, withErrors, '--good-rows']);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('imported: 2 to add, 0 to update, 0 unchanged');
    const fixed = join(dir, 'fixed.csv');
    writeFileSync(
      fixed,
      [
        header,
        'V-1;An;Luik;nl;ma 18-20;15/01/2026',
        'V-2;Bart;Mechelen;nl;;15/01/2026',
        'V-3;Cem;1030 Schaerbeek;tr, fr;za 10-12;15/01/2026',
      ].join('\n'),
    );
    expect(admin([...args, fixed]).stdout).toContain('imported: 1 to add, 0 to update, 2 unchanged');
    const again = admin([...args, fixed]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('imported: 0 to add, 0 to update, 3 unchanged');

    store = await openStore(storeConfig(), silentLogger);
    try {
      const people = await store.volunteers.list(orgId, {}, { limit: 10 });
      expect(people.map((v) => v.externalId).sort()).toEqual(['V-1', 'V-2', 'V-3']);
      expect(people.find((v) => v.externalId === 'V-3')).toMatchObject({
        status: 'pending_screening',
        place: { nis: '21015', postcode: '1030' },
        languages: ['tr', 'fr'],
      });
    } finally {
      await store.close();
    }
  });

  it('refuses a taken e-mail, an unknown organisation, a short password and bad arguments', () => {
    expect(
      admin(['create-user', '--org', 'buren-vzw', '--email', 'jan@buren.test', '--role', 'mediator']).stderr,
    ).toMatch(/unique:staff.email/);
    expect(admin(['create-user', '--org', 'nowhere', '--email', 'x@buren.test', '--role', 'mediator']).status).toBe(1);
    const short = admin(
      ['create-user', '--org', 'buren-vzw', '--email', 'y@buren.test', '--role', 'mediator'],
      'short\n',
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/password: must be 12/);
    const role = admin(['create-user', '--org', 'buren-vzw', '--email', 'z@buren.test', '--role', 'boss']);
    expect(role.status).toBe(2);
    expect(role.stderr).toMatch(/role/);
    expect(admin(['create-org', '--slug', 'buren-vzw', '--name', 'Again']).status).toBe(1);
  });
});
