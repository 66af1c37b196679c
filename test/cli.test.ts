// The `cassa` command line, run as a real process against the embedded PostgreSQL in DATA_DIR (each
// command starts it and stops it again) or, when DATABASE_URL is set, a fresh database there:
// --json output, human output, errors on stderr with non-zero exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/database.ts';
import { createServices } from '../src/services.ts';
import { openDataDir, runCassa } from './support/cli.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';

const root = join(import.meta.dirname, '..');
let dataDir: string;
let pg: TestDatabase | undefined;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cassa-cli-'));
  if (process.env.DATABASE_URL) pg = await freshDatabase();
});
after(async () => {
  await pg?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const cassa = (...args: string[]) => runCassa({ dataDir, databaseUrl: pg?.url }, args);
const json = (...args: string[]) => {
  const r = cassa(...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};

const CREATE = [
  'entity',
  'create',
  '--fiscal-code',
  '80016350821',
  '--name',
  'Comune di Esempio',
  '--segregation-code',
  '02',
];
const IBAN = ['--iban', 'IT60X0542811101000000123456'];

describe('cassa entity', () => {
  it('creates an entity with pagoPA defaults and prints it as JSON', () => {
    const entity = json(...CREATE, ...IBAN, '--cbill', 'a0edt', '--postal-account', '001234567890');
    assert.equal(entity.fiscalCode, '80016350821');
    assert.equal(entity.brokerId, '80016350821');
    assert.equal(entity.stationId, '80016350821_01');
    assert.equal(entity.cbill, 'A0EDT');
    assert.deepEqual(entity.ibans, ['IT60X0542811101000000123456']);
  });

  it('refuses a duplicate, an invalid fiscal code and a bad IBAN with a message on stderr', () => {
    const duplicate = cassa(...CREATE, ...IBAN);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already exists/);
    const invalid = cassa(
      'entity',
      'create',
      '--fiscal-code',
      '80016350822',
      '--name',
      'X',
      '--segregation-code',
      '02',
      ...IBAN,
    );
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /fiscalCode/);
    const iban = cassa(
      'entity',
      'create',
      '--fiscal-code',
      '01199250158',
      '--name',
      'X',
      '--segregation-code',
      '03',
      '--iban',
      'IT60X0542811101000000123457',
    );
    assert.equal(iban.code, 1);
    assert.match(iban.stderr, /ibans\[0\]/);
    const asJson = cassa(...CREATE, ...IBAN, '--json');
    assert.equal(JSON.parse(asJson.stderr).error, 'ENTITY_EXISTS');
    assert.equal(asJson.stdout, '');
  });

  it('lists and shows entities', () => {
    assert.deepEqual(
      json('entity', 'list').map((e: { fiscalCode: string }) => e.fiscalCode),
      ['80016350821'],
    );
    const human = cassa('entity', 'show', '80016350821');
    assert.equal(human.code, 0);
    assert.match(human.stdout, /Comune di Esempio \(80016350821\)/);
    assert.equal(cassa('entity', 'show', '01199250158').code, 1);
  });

  it('answers usage errors with exit code 2', () => {
    const unknown = cassa('entity', 'create', '--fiscal', '1');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /usage: cassa entity create/);
    assert.equal(cassa('nonsense').code, 2);
  });
});

describe('cassa apikey', () => {
  it('prints a new key once, lists keys without secrets, and the key works on the API until revoked', async () => {
    const created = json('apikey', 'create', '--entity', '80016350821', '--name', 'gestionale');
    assert.match(created.key, /^cassa_[A-Za-z0-9_-]{43}$/);
    const listed = json('apikey', 'list', '--entity', '80016350821');
    assert.equal(listed.length, 1);
    assert.equal(JSON.stringify(listed).includes(created.key), false, 'the secret is never listed');

    const url = '/api/gpd/v3/organizations/80016350821/debtpositions';
    const status = async () => {
      const database = pg ? await openDatabase({ databaseUrl: pg.url }) : await openDataDir(dataDir);
      const app = await buildApp({ services: createServices(database), logLevel: 'silent' });
      const res = await app.inject({ url, headers: { 'ocp-apim-subscription-key': created.key } });
      await app.close();
      await database.close();
      return res.statusCode;
    };
    assert.equal(await status(), 200);
    const revoked = json('apikey', 'revoke', created.id);
    assert.ok(revoked.revokedAt);
    assert.equal(await status(), 401);
  });

  it('makes a key with --grant that holds only those grants, and refuses an unknown one', () => {
    const reader = json(
      'apikey',
      'create',
      '--entity',
      '80016350821',
      '--grant',
      'positions:read',
      '--grant',
      'payments:read',
    );
    assert.deepEqual(reader.grants, ['positions:read', 'payments:read']);
    const bad = cassa('apikey', 'create', '--entity', '80016350821', '--grant', 'positions:admin');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /positions:admin/);
  });
});

describe('cassa positions import and db migrate', () => {
  it('imports the example file, then reports every problem of a bad one with exit code 1', () => {
    const ok = json(
      'positions',
      'import',
      join(root, 'docs/examples/positions.csv'),
      '--entity',
      '80016350821',
      '--publish',
    );
    assert.equal(ok.created, 3);
    const bad = cassa('positions', 'import', join(root, 'package.json'), '--entity', '80016350821', '--format', 'csv');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Nothing was imported/);
  });

  it('migrates an up-to-date database without changes', () => {
    assert.deepEqual(json('db', 'migrate').applied, []);
  });
});

describe('configuration', () => {
  it('a bad environment variable stops the CLI and the server with a message naming it', () => {
    const env = { ...process.env, DATA_DIR: dataDir, PORT: 'eighty', CASSA_DEMO: 'maybe' };
    for (const entry of ['src/cli.ts', 'src/main.ts']) {
      const args = entry === 'src/cli.ts' ? ['entity', 'list'] : [];
      const result = spawnSync(process.execPath, [join(root, entry), ...args], { env, encoding: 'utf8' });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /PORT must be an integer/);
      assert.match(result.stderr, /CASSA_DEMO must be true or false/);
    }
  });
});
