// Append-only that the application cannot undo (battery H4, PostgreSQL): as the application role
// (DATABASE_URL, not the owner) every way to change or remove audit records is refused — UPDATE,
// DELETE, TRUNCATE, disabling or dropping the trigger, removing a chain head — while Cassa itself
// works: a position created and paid through the API, with its records chained.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Schema } from '../src/db/schema.ts';
import { recordAudit, systemActor } from '../src/modules/audit/audit.ts';
import { verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import { runCassa } from './support/cli.ts';
import { ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';
import { freshDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
before(async () => {
  ctx = await testContext();
});
after(async () => {
  await ctx.close();
});

/** The PostgreSQL error code of a statement run as the application role. */
async function refusal(statement: (db: Kysely<Schema>) => Promise<unknown>): Promise<string | undefined> {
  try {
    await ctx.services.database.db.transaction().execute(statement);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

describe('the application role and the audit log', () => {
  it('works for Cassa: a position is created and paid through the API, its records chained', async () => {
    const { entity, key } = await entityWithKey(ctx, ENTITY_A);
    const org = `/api/gpd/v3/organizations/${entity.fiscalCode}`;
    const headers = { authorization: `Bearer ${key}` };
    const created = await ctx.app.inject({
      method: 'POST',
      url: `${org}/debtpositions?toPublish=true`,
      headers,
      payload: singlePayment('ROLE-1'),
    });
    assert.equal(created.statusCode, 201, created.body);
    const nav = created.json().paymentOption[0].installments[0].nav as string;
    const paid = await ctx.app.inject({
      method: 'POST',
      url: `${org}/paymentoptions/paids/${nav}`,
      headers,
      payload: {},
    });
    assert.equal(paid.statusCode, 200, paid.body);
    const report = await verifyAuditChains(ctx.services.database.db, { entityId: entity.id });
    assert.equal(report.ok, true);
    assert.ok(report.records >= 4, `records: ${report.records}`);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit records', async () => {
    assert.equal(await refusal((db) => sql`UPDATE audit_log SET actor = 'x'`.execute(db)), INSUFFICIENT_PRIVILEGE);
    assert.equal(await refusal((db) => sql`DELETE FROM audit_log`.execute(db)), INSUFFICIENT_PRIVILEGE);
    assert.equal(await refusal((db) => sql`TRUNCATE audit_log`.execute(db)), INSUFFICIENT_PRIVILEGE);
  });

  it('refuses disabling or dropping the append-only trigger', async () => {
    const notOwner = INSUFFICIENT_PRIVILEGE; // "must be owner of table audit_log"
    assert.equal(await refusal((db) => sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db)), notOwner);
    assert.equal(
      await refusal((db) => sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db)),
      notOwner,
    );
    assert.equal(await refusal((db) => sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(db)), notOwner);
    assert.equal(await refusal((db) => sql`DROP TABLE audit_log`.execute(db)), notOwner);
    assert.equal(await refusal((db) => sql`SET session_replication_role = replica`.execute(db)), notOwner);
  });

  it('cassa db migrate migrates as MIGRATION_DATABASE_URL and grants DATABASE_URL its rights', async () => {
    const empty = await freshDatabase({ migrated: false, prefix: 'cassa_roles' });
    const dataDir = mkdtempSync(join(tmpdir(), 'cassa-roles-'));
    try {
      const alone = runCassa({ dataDir, databaseUrl: empty.url }, ['db', 'migrate']);
      assert.notEqual(alone.code, 0, 'the application role alone cannot create the tables');
      assert.match(alone.stderr, /permission denied for schema public/);
      // The failed migration closed its pool: no connection of the application role is left open
      // (pg closes sockets shortly after the pool ends, hence the wait; a leak stays until the pool's
      // idle time-out, which only the process's exit would cut short).
      const appConnections = () =>
        empty.asOwner(async (db) => {
          const { rows } = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND usename = 'cassa_app'`.execute(db);
          return rows[0]!.n;
        });
      const before = await appConnections();
      await assert.rejects(
        connectDatabase(loadConfig({ DATABASE_URL: empty.url, DATA_DIR: dataDir }), { poolSize: 2 }),
        /permission denied for schema public/,
      );
      let left = await appConnections();
      for (let i = 0; i < 40 && left > before; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = await appConnections();
      }
      assert.equal(left, before, 'the failed connection closed its pool');
      const run = runCassa({ dataDir, databaseUrl: empty.url }, ['db', 'migrate', '--json'], {
        MIGRATION_DATABASE_URL: empty.ownerUrl!,
      });
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.database, 'postgres');
      assert.ok(report.applied.includes('001-foundation'), `applied: ${JSON.stringify(report.applied)}`);
      const app = empty.database.db;
      await recordAudit(app, systemActor('cli:test'), {
        entityId: null,
        action: 'entity.create',
        subjectType: 'entity',
        subjectId: 'x',
      });
      const denied = await app
        .deleteFrom('audit_log')
        .execute()
        .then(
          () => undefined,
          (error: { code?: string }) => error.code,
        );
      assert.equal(denied, INSUFFICIENT_PRIVILEGE);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await empty.drop();
    }
  });

  it('cassa db grant --role gives a role the application rights, run as the owner', async () => {
    const empty = await freshDatabase({ migrated: false, prefix: 'cassa_grant' });
    const dataDir = mkdtempSync(join(tmpdir(), 'cassa-grant-'));
    try {
      await empty.asOwner((db) => migrateToLatest(db));
      const app = empty.database.db;
      const before = await app
        .selectFrom('entities')
        .select('id')
        .execute()
        .then(
          () => undefined,
          (error: { code?: string }) => error.code,
        );
      assert.equal(before, INSUFFICIENT_PRIVILEGE, 'no rights before the grant');
      const run = runCassa({ dataDir, databaseUrl: empty.ownerUrl }, ['db', 'grant', '--role', 'cassa_app', '--json']);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), { role: 'cassa_app', granted: true });
      assert.deepEqual(await app.selectFrom('entities').select('id').execute(), []);
      const bad = runCassa({ dataDir, databaseUrl: empty.ownerUrl }, ['db', 'grant', '--role', 'x; DROP TABLE y']);
      assert.notEqual(bad.code, 0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await empty.drop();
    }
  });

  it('refuses removing a chain head, which only moves forward', async () => {
    assert.equal(await refusal((db) => sql`DELETE FROM audit_chain_heads`.execute(db)), INSUFFICIENT_PRIVILEGE);
    assert.equal(await refusal((db) => sql`TRUNCATE audit_chain_heads`.execute(db)), INSUFFICIENT_PRIVILEGE);
  });
});
