// A bulk import's audit records join the entity's chain only at the end of its transaction: until
// then the chain head stays free, so the entity's other audited writes (a receipt from pagoPA, an API
// call) do not wait for a long import — nor deadlock with it over a position's row lock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { auditCopyRow, copyStagedAudit, flushStagedAudit, stageAudit } from '../src/modules/audit/audit.ts';
import { verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { runImport } from '../src/modules/positions/import/import-run.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  await ctx.services.positions.create(entity, singlePayment('LOCK-1', 10_000), { toPublish: true }, testActor);
});
after(async () => {
  await ctx.close();
});

/** Whether another connection can take the entity's chain head right now. */
async function headIsFree(): Promise<boolean> {
  try {
    await ctx.services.database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL lock_timeout = '200ms'`.execute(trx);
      await sql`SELECT 1 FROM audit_chain_heads WHERE chain = ${entity.id} FOR UPDATE`.execute(trx);
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false;
    throw error;
  }
}

describe('audit records of a bulk import', () => {
  it('lock the chain head only at the end, and chain the updates and creations', async () => {
    const lines = [singlePayment('LOCK-1', 12_000), singlePayment('LOCK-2'), singlePayment('LOCK-3')];
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    let freeBeforeEnd: boolean | undefined;
    const result = await runImport(
      { db: ctx.services.database.db, database: ctx.services.database, entities: ctx.services.entities },
      {
        importId: '00000000-0000-7000-8000-000000000001',
        entity,
        format: 'jsonl',
        bytes: (async function* () {
          yield Buffer.from(text);
        })(),
        mode: 'upsert',
        toPublish: true,
        actor: testActor,
        now: ctx.clock.now(),
        maxBytes: 1 << 20,
        maxRows: 100,
        onCommit: async () => {
          freeBeforeEnd = await headIsFree();
        },
      },
    );
    assert.deepEqual([result.ok, result.created, result.updated], [true, 2, 1], JSON.stringify(result.errors));
    assert.equal(freeBeforeEnd, true, 'the chain head was locked before the end of the import');
    const actions = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', entity.id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      [
        ...['entity.create', 'position.create', 'position.publish'], // before the import
        ...['position.update', 'position.publish', 'import.create'],
      ],
    );
    assert.equal((await verifyAuditChains(ctx.services.database.db, { entityId: entity.id })).ok, true);
  });
});

describe('chaining staged records', () => {
  it('chains them in the order written across several flush batches, none lost or repeated', async () => {
    const staged = 450; // batches of 200, 200 and 50
    await ctx.services.database.bulk(async (session) => {
      await stageAudit(session);
      const rows = Array.from({ length: staged }, (_, i) =>
        auditCopyRow(testActor, {
          entityId: entity.id,
          action: 'import.create',
          subjectType: 'import',
          subjectId: 'staged-flush',
          after: { n: i },
        }),
      );
      await copyStagedAudit(session, rows.slice(0, 300));
      await copyStagedAudit(session, rows.slice(300));
      await flushStagedAudit(session, 200);
    });
    const written = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['seq', 'after'])
      .where('entity_id', '=', entity.id)
      .where('subject_id', '=', 'staged-flush')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      written.map((r) => JSON.parse(String(r.after)).n),
      Array.from({ length: staged }, (_, i) => i),
    );
    const seqs = written.map((r) => Number(r.seq));
    assert.equal(seqs.at(-1)! - seqs[0]!, staged - 1, 'consecutive places in the chain');
    assert.equal((await verifyAuditChains(ctx.services.database.db, { entityId: entity.id })).ok, true);
  });
});
