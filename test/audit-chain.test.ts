// The audit chain (battery H3): every kind of tampering done directly in SQL by someone with the
// table owner's rights — a field edited, a record removed, two records swapped, a forged record, the
// tail cut — is found by `verifyAuditChains` at the first broken record; a clean chain verifies, and
// so does one written by 20 concurrent transactions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../src/db/schema.ts';
import { recordAudit } from '../src/modules/audit/audit.ts';
import { auditHash, GENESIS_HASH } from '../src/modules/audit/audit-hash.ts';
import { chainAnchors, verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { isValidEntityFiscalCode } from '../src/shared/identifiers/fiscal-code.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
before(async () => {
  ctx = await testContext();
});
after(() => ctx.close());

let serial = 0;
/** A new entity whose chain has `records` records: its creation and API keys. */
async function entityWithHistory(records: number): Promise<Entity> {
  const base = String(9000000000 + ++serial * 7919).slice(0, 10);
  const fiscalCode = [...'0123456789'].map((d) => base + d).find(isValidEntityFiscalCode)!;
  const entity = await ctx.services.entities.create({ ...ENTITY_A, fiscalCode }, testActor);
  for (let i = 1; i < records; i++) await ctx.services.apiKeys.create(fiscalCode, `key ${i}`, testActor);
  return entity;
}

/** Runs statements as the table owner with the append-only triggers off, as an attacker would. */
async function tamper(statements: (db: Kysely<Schema>) => Promise<unknown>) {
  await ctx.db.asOwner((db) =>
    db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(trx);
      await sql`ALTER TABLE audit_chain_heads DISABLE TRIGGER USER`.execute(trx);
      await statements(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(trx);
      await sql`ALTER TABLE audit_chain_heads ENABLE TRIGGER USER`.execute(trx);
    }),
  );
}

async function firstBreak(entity: Entity) {
  const report = await verifyAuditChains(ctx.services.database.db, { entityId: entity.id, batch: 2 });
  assert.equal(report.ok, false, 'the tampering must be found');
  assert.equal(report.breaks.length, 1);
  return report.breaks[0]!;
}

describe('audit chain verification', () => {
  it('verifies a clean chain, record by record', async () => {
    const entity = await entityWithHistory(5);
    const report = await verifyAuditChains(ctx.services.database.db, { entityId: entity.id, batch: 2 });
    assert.deepEqual(report, { ok: true, chains: 1, records: 5, breaks: [] });
    const all = await verifyAuditChains(ctx.services.database.db);
    assert.equal(all.ok, true);
  });

  it('finds a field changed', async () => {
    const entity = await entityWithHistory(5);
    await tamper((db) =>
      sql`UPDATE audit_log SET after = '{"name":"other"}' WHERE entity_id = ${entity.id} AND seq = 3`.execute(db),
    );
    const found = await firstBreak(entity);
    assert.equal(found.kind, 'changed');
    assert.equal(found.seq, 3);
  });

  it('finds a record removed', async () => {
    const entity = await entityWithHistory(5);
    await tamper((db) => sql`DELETE FROM audit_log WHERE entity_id = ${entity.id} AND seq = 2`.execute(db));
    const found = await firstBreak(entity);
    assert.equal(found.kind, 'missing');
    assert.equal(found.seq, 2);
  });

  it('finds a record removed and the later ones renumbered', async () => {
    const entity = await entityWithHistory(5);
    await tamper(async (db) => {
      await sql`DELETE FROM audit_log WHERE entity_id = ${entity.id} AND seq = 2`.execute(db);
      await sql`UPDATE audit_log SET seq = seq - 1 WHERE entity_id = ${entity.id} AND seq > 2`.execute(db);
    });
    const found = await firstBreak(entity);
    assert.equal(found.kind, 'broken-link');
    assert.equal(found.seq, 2);
  });

  it('finds two records swapped', async () => {
    const entity = await entityWithHistory(5);
    await tamper(async (db) => {
      // Everything but the id and the place in the chain moves: hashes and all.
      await sql`
        UPDATE audit_log a SET at = b.at, actor = b.actor, action = b.action, subject_type = b.subject_type,
          subject_id = b.subject_id, before = b.before, after = b.after, request_id = b.request_id,
          address = b.address, prev_hash = b.prev_hash, hash = b.hash
        FROM audit_log b
        WHERE a.entity_id = ${entity.id} AND b.entity_id = ${entity.id}
          AND ((a.seq = 3 AND b.seq = 4) OR (a.seq = 4 AND b.seq = 3))`.execute(db);
    });
    const found = await firstBreak(entity);
    assert.equal(found.kind, 'broken-link');
    assert.equal(found.seq, 3);
  });

  it('finds a forged record even when its hash was computed the way Cassa does', async () => {
    const entity = await entityWithHistory(4);
    await tamper(async (db) => {
      const last = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', entity.id)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      const forged = {
        entityId: entity.id,
        seq: Number(last.seq) + 1,
        at: new Date(),
        actor: 'apikey:forged',
        address: null,
        action: 'api_key.create',
        subjectType: 'api_key',
        subjectId: 'forged',
        before: null,
        after: '{}',
        requestId: null,
      };
      await db
        .insertInto('audit_log')
        .values({
          entity_id: forged.entityId,
          seq: forged.seq,
          at: forged.at,
          actor: forged.actor,
          address: null,
          action: forged.action,
          subject_type: forged.subjectType,
          subject_id: forged.subjectId,
          before: null,
          after: forged.after,
          request_id: null,
          prev_hash: last.hash,
          hash: auditHash(last.hash, forged),
        })
        .execute();
    });
    const found = await firstBreak(entity);
    assert.equal(found.kind, 'beyond-head');
    assert.equal(found.seq, 5);
  });

  it('finds a forged record in the middle of the chain', async () => {
    const entity = await entityWithHistory(4);
    await tamper(async (db) => {
      // In two steps: the (entity, seq) index is unique.
      await sql`UPDATE audit_log SET seq = -seq WHERE entity_id = ${entity.id} AND seq >= 3`.execute(db);
      await sql`UPDATE audit_log SET seq = 1 - seq WHERE entity_id = ${entity.id} AND seq < 0`.execute(db);
      await sql`
        INSERT INTO audit_log (entity_id, seq, at, actor, action, subject_type, subject_id, prev_hash, hash)
        SELECT entity_id, 3, at, 'apikey:forged', action, subject_type, subject_id, hash, repeat('a', 64)
        FROM audit_log WHERE entity_id = ${entity.id} AND seq = 2`.execute(db);
    });
    const found = await firstBreak(entity);
    assert.equal(found.kind, 'changed');
    assert.equal(found.seq, 3);
  });

  it('finds the tail cut off', async () => {
    const entity = await entityWithHistory(5);
    await tamper((db) => sql`DELETE FROM audit_log WHERE entity_id = ${entity.id} AND seq >= 4`.execute(db));
    const found = await firstBreak(entity);
    assert.equal(found.kind, 'truncated');
    assert.equal(found.seq, 4);
  });

  it('finds a chain rewritten with recomputed hashes only against an anchor kept outside', async () => {
    const entity = await entityWithHistory(5);
    const clean = await entityWithHistory(2);
    const anchors = await chainAnchors(ctx.services.database.db);
    await ctx.services.apiKeys.create(entity.fiscalCode, 'after the anchor', testActor);
    // The attacker changes record 2 and recomputes every later hash and the head: the chain holds.
    await tamper(async (db) => {
      await sql`UPDATE audit_log SET actor = 'cli:nobody' WHERE entity_id = ${entity.id} AND seq = 2`.execute(db);
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', entity.id)
        .orderBy('seq')
        .execute();
      let previous = GENESIS_HASH;
      for (const r of rows) {
        const hash = auditHash(previous, {
          entityId: r.entity_id,
          seq: Number(r.seq),
          at: new Date(r.at),
          actor: r.actor,
          address: r.address,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          before: r.before,
          after: r.after,
          requestId: r.request_id,
        });
        await sql`UPDATE audit_log SET prev_hash = ${previous}, hash = ${hash} WHERE id = ${r.id}`.execute(db);
        previous = hash;
      }
      await sql`UPDATE audit_chain_heads SET hash = ${previous} WHERE chain = ${entity.id}`.execute(db);
    });
    const db = ctx.services.database.db;
    assert.equal((await verifyAuditChains(db, { entityId: entity.id })).ok, true, 'a rewrite is consistent');
    const report = await verifyAuditChains(db, { entityId: entity.id, anchors });
    assert.equal(report.ok, false);
    assert.equal(report.breaks[0]!.kind, 'anchor-mismatch');
    assert.equal(report.breaks[0]!.seq, 5);
    // An untouched chain that grew after the anchor still passes through it.
    await ctx.services.apiKeys.create(clean.fiscalCode, 'after the anchor', testActor);
    assert.equal((await verifyAuditChains(db, { entityId: clean.id, anchors })).ok, true);
  });

  it('verifies a chain while records are being appended to it', async () => {
    const entity = await entityWithHistory(6);
    const [report] = await Promise.all([
      verifyAuditChains(ctx.services.database.db, { entityId: entity.id, batch: 2 }),
      ...Array.from({ length: 10 }, (_, i) => ctx.services.apiKeys.create(entity.fiscalCode, `live ${i}`, testActor)),
    ]);
    assert.deepEqual(report.breaks, []);
    assert.equal((await verifyAuditChains(ctx.services.database.db, { entityId: entity.id })).records, 16);
  });

  it('keeps one valid chain under 20 concurrent audited changes of one entity', async () => {
    const entity = await entityWithHistory(1);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => ctx.services.apiKeys.create(entity.fiscalCode, `parallel ${i}`, testActor)),
    );
    // And records written outside any transaction take their place too.
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        recordAudit(ctx.services.database.db, testActor, {
          entityId: entity.id,
          action: 'api_key.revoke',
          subjectType: 'api_key',
          subjectId: `none-${i}`,
        }),
      ),
    );
    const report = await verifyAuditChains(ctx.services.database.db, { entityId: entity.id });
    assert.deepEqual(report, { ok: true, chains: 1, records: 26, breaks: [] });
  });
});
