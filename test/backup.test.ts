// Backup and restore: a copy taken while Cassa keeps writing is one consistent instant; restored into
// an empty database it is exactly that instant (every table, row for row), receipts' QR codes and the
// audit chains still verify, and a damaged file or a database with data is refused, changing nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { systemActor } from '../src/modules/audit/audit.ts';
import { type ChainAnchor, chainAnchors, verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import { tablesInDependencyOrder } from '../src/modules/backup/backup.db.ts';
import { backupTo, checkBackup, restoreFrom } from '../src/modules/backup/backup.service.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices } from '../src/services.ts';
import { cliData, runCassa } from './support/cli.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let call: ReturnType<typeof api>;
let entity: Entity;
let dir: string;
let seq = 0;
const org = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}`;

before(async () => {
  ctx = await testContext();
  const a = await entityWithKey(ctx, ENTITY_A);
  entity = a.entity;
  call = api(ctx, a.key);
  dir = mkdtempSync(join(tmpdir(), 'cassa-backup-'));
});
after(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A published position, paid through the back office when `paid`; its notice number. */
async function position(paid: boolean): Promise<string> {
  const body = singlePayment(`BK-${++seq}`, 12_345, '2026-12-31', entity.ibans[0]);
  const created = await call({ method: 'POST', url: `${org}/debtpositions?toPublish=true`, payload: body });
  assert.equal(created.statusCode, 201, created.body);
  const nav: string = created.json().paymentOption[0].installments[0].nav;
  if (paid) {
    const res = await call({
      method: 'POST',
      url: `${org}/paymentoptions/paids/${nav}`,
      payload: { paymentDate: '2026-06-14T09:30:00Z', paymentChannel: 'BANK', idReceipt: `R-${seq}` },
    });
    assert.equal(res.statusCode, 200, res.body);
  }
  return nav;
}

/** Restores as the owner of the tables, as `cassa restore` does with two roles (ADR 25). */
async function restoreAsOwner(target: TestDatabase, file: string) {
  if (!target.ownerUrl) return restoreFrom(target.database, file);
  const owner = await openDatabase({ databaseUrl: target.ownerUrl, poolSize: 1 });
  try {
    return await restoreFrom(owner, file);
  } finally {
    await owner.close();
  }
}

/** Every table's rows, each as its text, sorted: two databases with equal fingerprints hold the same data. */
async function fingerprint(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await tablesInDependencyOrder(database.db)) {
    const rows = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table.name)} t`.execute(database.db);
    out[table.name] = rows.rows.map((r) => r.row).sort();
  }
  return out;
}

describe('cassa backup and restore', () => {
  let file: string;
  let atBackup: Record<string, string[]>;
  let headsAtBackup: ChainAnchor[];
  let verificationUrl: string;

  before(async () => {
    await position(true);
    await position(false);
    const nav = await position(true);
    const receipt = await call({
      method: 'GET',
      url: `/api/v1/organizations/${ENTITY_A.fiscalCode}/receipts/R-${seq}`,
    });
    assert.equal(receipt.statusCode, 200, receipt.body);
    assert.ok(nav);
    verificationUrl = receipt.json().verificationUrl;
    file = join(dir, 'cassa.backup.gz');
    atBackup = await fingerprint(ctx.services.database);
    headsAtBackup = await chainAnchors(ctx.services.database.db);
    const summary = await backupTo(ctx.services.database, file, ctx.clock.now());
    assert.ok(summary.tables.some((t) => t.name === 'receipts' && t.rows === 2));
    // More changes after the backup: none of them may come back with the restore.
    await position(true);
    await position(false);
  });

  it('restores into an empty database exactly the state at the backup, and QR codes still verify', async () => {
    const target = await freshDatabase();
    try {
      const result = await restoreAsOwner(target, file);
      assert.ok(result.tables.length > 10);
      assert.deepEqual(await fingerprint(target.database), atBackup);
      // The audit chains verify, and pass through the heads exported at the backup.
      const report = await verifyAuditChains(target.database.db, { anchors: headsAtBackup });
      assert.equal(report.ok, true, JSON.stringify(report.breaks));
      assert.ok(report.records > 5);
      const services = createServices(target.database, { clock: ctx.clock });
      const app = await buildApp({ services, logLevel: 'silent' });
      try {
        const page = await app.inject({ url: new URL(verificationUrl).pathname });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /12,35|123,45/);
        // Sequences moved past the restored rows: Cassa goes on writing where it left off.
        const restoredCtx = { ...ctx, app, services } as TestContext;
        const key = await services.apiKeys.create(ENTITY_A.fiscalCode, 'after restore', systemActor('test:runner'));
        const res = await api(
          restoredCtx,
          key.key,
        )({
          method: 'POST',
          url: `${org}/debtpositions?toPublish=true`,
          payload: singlePayment('AFTER-RESTORE', 500, '2026-12-31', entity.ibans[0]),
        });
        assert.equal(res.statusCode, 201, res.body);
      } finally {
        await app.close();
      }
    } finally {
      await target.drop();
    }
  });

  it('refuses a database that already holds data, and changes nothing', async () => {
    const before = await fingerprint(ctx.services.database);
    await assert.rejects(restoreFrom(ctx.services.database, file), /not empty/);
    assert.deepEqual(await fingerprint(ctx.services.database), before);
  });

  it('refuses a damaged file before writing anything', async () => {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    const damaged = join(dir, 'damaged.backup.gz');
    // One amount changed in the receipts' rows: the counts still match, the checksum does not.
    writeFileSync(damaged, gzipSync(text.replace('12345', '99345')));
    await assert.rejects(checkBackup(damaged), /checksum/);
    const truncated = join(dir, 'truncated.backup.gz');
    writeFileSync(truncated, gzipSync(text.slice(0, Math.floor(text.length / 2))));
    // Where the cut falls (in a row, in a table's line) depends on the data: each is refused.
    await assert.rejects(checkBackup(truncated), /ends early|checksum|not valid|unexpected line/);
    const notGzip = join(dir, 'plain.backup');
    writeFileSync(notGzip, text);
    await assert.rejects(checkBackup(notGzip), /gzip/);
    const target = await freshDatabase();
    try {
      const empty = await fingerprint(target.database);
      await assert.rejects(restoreAsOwner(target, damaged), /checksum/);
      assert.deepEqual(await fingerprint(target.database), empty);
    } finally {
      await target.drop();
    }
  });

  it('takes one consistent instant while Cassa keeps writing', async () => {
    // Positions created (with their audit records) during the backup: in the copy, each position
    // has its audit record and each audit record its position — never half of a transaction.
    let writing = true;
    const writer = (async () => {
      while (writing) await position(false);
    })();
    const during = join(dir, 'during.backup.gz');
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await backupTo(ctx.services.database, during, ctx.clock.now());
    } finally {
      writing = false;
      await writer;
    }
    const target = await freshDatabase();
    try {
      await restoreAsOwner(target, during);
      const positions = await sql<{ n: number }>`SELECT count(*)::int AS n FROM positions`.execute(target.database.db);
      const created = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM audit_log WHERE action = 'position.create'`.execute(target.database.db);
      assert.equal(positions.rows[0]!.n, created.rows[0]!.n);
    } finally {
      await target.drop();
    }
  });
});

describe('pg_dump and pg_restore (the PostgreSQL way, documented in the README)', () => {
  const hasTools = process.env.DATABASE_URL !== undefined && spawnSync('pg_dump', ['--version']).status === 0;
  it('round-trips the database exactly', {
    skip: !hasTools && 'needs DATABASE_URL and its pg_dump (the machine’s may be older than the embedded server)',
  }, async () => {
    const dump = join(dir, 'cassa.dump');
    const dumped = spawnSync('pg_dump', ['--format=custom', '--file', dump, ctx.db.ownerUrl!], { encoding: 'utf8' });
    assert.equal(dumped.status, 0, dumped.stderr);
    const target = await freshDatabase({ prefix: 'cassa_pgrestore' });
    try {
      // pg_restore into an empty database: the dump brings its own schema, so drop the migrated one.
      await target.asOwner(async (db) => {
        await sql`DROP SCHEMA public CASCADE`.execute(db);
        await sql`DROP SCHEMA IF EXISTS pgboss CASCADE`.execute(db);
        await sql`CREATE SCHEMA public`.execute(db);
      });
      const restored = spawnSync('pg_restore', ['--no-owner', '--dbname', target.ownerUrl!, dump], {
        encoding: 'utf8',
      });
      assert.equal(restored.status, 0, restored.stderr);
      assert.deepEqual(await fingerprint(target.database), await fingerprint(ctx.services.database));
    } finally {
      await target.drop();
    }
  });
});

describe('the CLI: cassa backup --out FILE, cassa restore FILE', () => {
  it('backs up one data folder and restores it into another, refusing a second restore', async () => {
    const source = await cliData('cassa-cli-backup-', async (services) => {
      await services.entities.create(ENTITY_A, systemActor('test:runner'));
    });
    const target = await cliData('cassa-cli-restore-', async () => {});
    try {
      const out = join(source.dataDir, 'copy.backup.gz');
      const made = runCassa(source, ['backup', '--out', out, '--json']);
      assert.equal(made.code, 0, made.stderr);
      assert.match(JSON.parse(made.stdout).sha256, /^[0-9a-f]{64}$/);
      assert.equal(runCassa(source, ['backup', '--out', out]).code, 1, 'an existing file is never overwritten');
      const asOwner: Record<string, string> = target.ownerUrl ? { MIGRATION_DATABASE_URL: target.ownerUrl } : {};
      const restored = runCassa(target, ['restore', out], asOwner);
      assert.equal(restored.code, 0, restored.stderr);
      const listed = runCassa(target, ['entity', 'list', '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(
        JSON.parse(listed.stdout).map((e: { fiscalCode: string }) => e.fiscalCode),
        [ENTITY_A.fiscalCode],
      );
      const again = runCassa(target, ['restore', out], asOwner);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /not empty/);
    } finally {
      await source.close();
      await target.close();
    }
  });
});
