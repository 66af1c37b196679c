// Append-only that the application cannot undo (battery H4, PostgreSQL): as the application role
// (DATABASE_URL, not the owner) every way to change or remove audit records is refused — UPDATE,
// DELETE, TRUNCATE, disabling or dropping the trigger, removing a chain head — while Cassa itself
// works: a position created and paid through the API, with its records chained.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../src/db/schema.ts';
import { verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import { ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
let ctx: TestContext;
before(async () => {
  if (onPostgres) ctx = await testContext();
});
after(async () => {
  if (onPostgres) await ctx.close();
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

describe('the application role and the audit log', { skip: !onPostgres && 'PostgreSQL roles: PGlite has none' }, () => {
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

  it('refuses removing a chain head, which only moves forward', async () => {
    assert.equal(await refusal((db) => sql`DELETE FROM audit_chain_heads`.execute(db)), INSUFFICIENT_PRIVILEGE);
    assert.equal(await refusal((db) => sql`TRUNCATE audit_chain_heads`.execute(db)), INSUFFICIENT_PRIVILEGE);
  });
});
