/** `npm run seed` and `npm run gdpr` as built, on each kind of store the configuration can name. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongodbUri } from '../services.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SEED = join(ROOT, 'dist/seeds/load.js');
const GDPR = join(ROOT, 'dist/src/cli/gdpr.js');

let dataDir: string;
const database = `commands_${process.pid}`;

beforeAll(async () => {
  for (const file of [SEED, GDPR])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-commands-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  const client = await new MongoClient(mongodbUri()).connect();
  await client.db(database).dropDatabase();
  await client.close();
});

const stores = [
  { name: 'embedded', env: () => ({ TANDEM_DATA_DIR: dataDir }) },
  { name: 'mongodb', env: () => ({ MONGODB_URI: `${mongodbUri().replace(/\/?$/, '/')}${database}` }) },
];

function run(file: string, args: string[], env: Record<string, string>) {
  const { MONGODB_URI: _, TANDEM_DATA_DIR: __, TANDEM_DEMO_PASSWORD: ___, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [file, ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return r;
}

describe.each(stores)('commands on the $name store', ({ env }) => {
  it('npm run seed loads the demo once, with the password given, and says so', () => {
    const first = run(SEED, [], { ...env(), TANDEM_DEMO_PASSWORD: 'a-demo-password-for-tests' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^seeded .*: .*voisins-solidaires; (\d+) records created, 0 already there\n$/);
    expect(first.stdout).not.toContain('password');
    const again = run(SEED, [], env());
    expect(again.stdout).toMatch(/ 0 records created, \d+ already there\n$/);
  });

  it('npm run gdpr exports a person, erases them, then knows them no more', () => {
    const id = 'ben_voisins-solidaires_b001';
    const exported = run(GDPR, ['export', id], env());
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({
      personId: id,
      kind: 'beneficiary',
      record: { id, kind: 'household' },
    });
    const { contact } = JSON.parse(exported.stdout).record;
    const erased = run(GDPR, ['erase', id], env());
    expect(erased.status, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({
      kind: 'beneficiary',
      pseudonym: expect.stringMatching(/^erased_/),
    });
    // Logs are about counts and ids, never a person's details.
    expect(erased.stderr).not.toContain(contact.firstName);
    const gone = run(GDPR, ['export', id], env());
    expect(gone.status).toBe(3);
    expect(gone.stderr).toContain(`person ${id} not found`);
  });

  it('npm run gdpr refuses bad arguments with exit status 2, naming the argument', () => {
    expect(run(GDPR, ['export'], env())).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('personId: required'),
      stdout: '',
    });
    expect(run(GDPR, ['forget', 'x'], env())).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('command: unknown command "forget"'),
    });
    expect(run(GDPR, ['erase', 'a', 'b'], env())).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('arguments: unexpected "b"'),
    });
  });
});

it('npm run seed refuses a bad configuration with exit status 2, naming the variable', () => {
  const r = run(SEED, [], { MONGODB_URI: 'postgres://nowhere' });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('MONGODB_URI: must be a mongodb');
});
