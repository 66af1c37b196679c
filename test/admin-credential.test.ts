// The admin credential's life (ADR 0029) on real Cassa processes: the first start creates it and
// prints it once, a second start prints nothing; processes starting at once on one PostgreSQL make
// one between them; CASSA_CREATE_ADMIN_KEY=false makes none; `cassa admin-key rotate` replaces it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { adminCredentialService } from '../src/modules/admin/admin-credential.ts';
import { adminKeyAtStart } from '../src/modules/admin/admin-start.ts';
import { DEMO_FISCAL_CODE } from '../src/modules/demo/demo.ts';
import { createServices } from '../src/services.ts';
import { cliData, runCassa } from './support/cli.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { type MainProcess, startMain } from './support/main-process.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const SECRET_LINE = /^ {2}(cassa_admin_[A-Za-z0-9_-]{43})$/m;

/**
 * Starts `src/main.ts` on the data directory or PostgreSQL database, until it says it runs. With the
 * demo on the embedded server in the data directory; not on PostgreSQL (its default), where two
 * processes start at once and the demo's seeding is not made for that.
 */
async function startCassa(store: { dataDir: string; databaseUrl: string | undefined }): Promise<MainProcess> {
  const cassa = await startMain({
    env: {
      DATABASE_URL: store.databaseUrl,
      DATA_DIR: store.dataDir,
      CASSA_DEMO: String(!onPostgres),
      CASSA_JOBS: 'false',
      LOG_LEVEL: 'info',
    },
    timeoutMs: 90_000,
  });
  cleanups.unshift(async () => cassa.kill());
  return cassa;
}

const listEntities = (port: number, secret: string) =>
  fetch(`http://127.0.0.1:${port}/admin/v1/entities`, { headers: { authorization: `Bearer ${secret}` } });

async function store(): Promise<{ dataDir: string; databaseUrl: string | undefined; db?: TestDatabase }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cassa-admin-'));
  const db = onPostgres ? await freshDatabase() : undefined;
  cleanups.push(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { dataDir, databaseUrl: db?.url, ...(db && { db }) };
}

describe('the first start', () => {
  it('creates the credential and prints it once, in the demo too; a second start prints none and it still works', async () => {
    const data = await store();
    // On PostgreSQL, two processes start at once on the same database: only one of them may create it.
    const first = onPostgres ? await Promise.all([startCassa(data), startCassa(data)]) : [await startCassa(data)];
    const printed = first.map((c) => SECRET_LINE.exec(c.output())?.[1]).filter((s) => s !== undefined);
    assert.equal(printed.length, 1, first.map((c) => c.output()).join('\n----\n'));
    const secret = printed[0]!;
    assert.equal(
      first
        .map((c) => c.output())
        .join('')
        .split(secret).length,
      2,
      'the secret is printed once, anywhere',
    );
    for (const cassa of first) {
      const res = await listEntities(cassa.port, secret);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { entities: { fiscalCode: string }[] };
      assert.equal(
        body.entities.some((e) => e.fiscalCode === DEMO_FISCAL_CODE),
        !onPostgres,
      );
    }
    for (const cassa of first) assert.equal(await cassa.stop(), 0);

    const second = await startCassa(data);
    assert.doesNotMatch(second.output(), /cassa_admin_/);
    assert.equal((await listEntities(second.port, secret)).status, 200);
    assert.equal(await second.stop(), 0);
  });
});

describe('creation at start', () => {
  it('makes exactly one credential when several processes start at once on one database', async () => {
    const db = await freshDatabase();
    cleanups.push(() => db.drop());
    // Each "process" has connections of its own.
    const pools = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ databaseUrl: db.url, poolSize: 2 })));
    try {
      const secrets = await Promise.all(pools.map((p) => adminCredentialService({ db: p.db }).createIfNone()));
      assert.equal(secrets.filter((s) => s !== undefined).length, 1, JSON.stringify(secrets));
      const rows = await db.database.db.selectFrom('admin_credential').selectAll().execute();
      assert.equal(rows.length, 1);
      const records = await db.database.db
        .selectFrom('audit_log')
        .select(['actor', 'after'])
        .where('action', '=', 'admin_credential.create')
        .execute();
      assert.deepEqual(
        records.map((r) => r.actor),
        ['system:first-start'],
      );
      assert.ok(!records[0]!.after!.includes(secrets.find((s) => s)!.slice(20)), 'no secret in the audit record');
    } finally {
      for (const p of pools) await p.close();
    }
  });

  it('creates none and prints nothing when disabled (CASSA_CREATE_ADMIN_KEY=false); prints the secret once, never to the log', async () => {
    const db = await freshDatabase();
    cleanups.push(() => db.drop());
    const services = createServices(db.database);
    const logged: string[] = [];
    const options = { base: 'http://localhost:3000', log: (m: string) => logged.push(m) };
    assert.deepEqual(await adminKeyAtStart(services.admin, { ...options, enabled: false }), []);
    assert.equal(await services.admin.info(), undefined);
    const lines = await adminKeyAtStart(services.admin, { ...options, enabled: true });
    assert.match(lines.join('\n'), SECRET_LINE);
    assert.ok(!logged.join('\n').includes('cassa_admin_'), 'the secret is not in the log');
    assert.deepEqual(await adminKeyAtStart(services.admin, { ...options, enabled: true }), []);
  });
});

describe('cassa admin-key', () => {
  it('rotate replaces the secret (the old one is refused) and show never prints it', async () => {
    let old = '';
    const data = await cliData('cassa-admin-cli-', async (services) => {
      old = (await services.admin.createIfNone())!;
    });
    cleanups.push(() => data.close());
    const rotated = runCassa(data, ['admin-key', 'rotate', '--json']);
    assert.equal(rotated.code, 0, rotated.stderr);
    const { key, prefix } = JSON.parse(rotated.stdout);
    assert.match(key, /^cassa_admin_/);
    const human = runCassa(data, ['admin-key', 'show']);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, new RegExp(`${prefix}…`));
    assert.ok(!human.stdout.includes(key));
    const database = await openDatabase({ databaseUrl: data.databaseUrl, poolSize: 1 });
    try {
      const admin = adminCredentialService({ db: database.db });
      assert.equal(await admin.authenticate(old), undefined);
      assert.equal(await admin.authenticate(key), prefix);
      const [record] = await database.db
        .selectFrom('audit_log')
        .select(['actor', 'before', 'after'])
        .where('action', '=', 'admin_credential.rotate')
        .execute();
      assert.match(record!.actor, /^cli:/);
      assert.deepEqual(JSON.parse(record!.after!), { prefix });
    } finally {
      await database.close();
    }
  });
});
