// Every state change writes one audit record, in the same transaction: entities, API keys, imports.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { DEBTOR, IBAN_A } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
});
after(() => ctx.close());

const actions = async (subjectType: string, subjectId?: string) => {
  let query = ctx.services.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor'])
    .where('subject_type', '=', subjectType)
    .orderBy('id');
  if (subjectId) query = query.where('subject_id', '=', subjectId);
  return (await query.execute()).map((r) => r.action);
};

describe('audit records', () => {
  it('records the creation of an entity and the life of an API key', async () => {
    assert.deepEqual(await actions('entity', entity.id), ['entity.create']);
    const key = await ctx.services.apiKeys.create(entity.fiscalCode, 'k', testActor);
    await ctx.services.apiKeys.revoke(key.id, testActor);
    await ctx.services.apiKeys.revoke(key.id, testActor); // revoking twice changes nothing
    assert.deepEqual(await actions('api_key', key.id), ['api_key.create', 'api_key.revoke']);
  });

  it('records an import, the positions it creates, and nothing for an identical re-import', async () => {
    const file = join(tmpdir(), `audit-${process.pid}.jsonl`);
    const position = (iupd: string, keysReversed: boolean) => {
      const debtor = keysReversed
        ? { fullName: DEBTOR.fullName, fiscalCode: DEBTOR.fiscalCode, type: DEBTOR.type }
        : DEBTOR;
      return {
        iupd,
        companyName: 'Comune di Prova',
        paymentOption: [
          {
            debtor,
            installments: [
              {
                amount: 500,
                description: 'Diritti',
                dueDate: '2026-12-31',
                transfer: [
                  {
                    idTransfer: '1',
                    amount: 500,
                    remittanceInformation: 'Diritti',
                    category: '9/0201101TS/',
                    iban: IBAN_A,
                  },
                ],
              },
            ],
          },
        ],
      };
    };
    const request = { format: 'jsonl' as const, mode: 'create' as const, toPublish: true, fileName: 'a.jsonl' };
    writeFileSync(file, `${JSON.stringify(position('AU-1', false))}\n${JSON.stringify(position('AU-2', false))}\n`);
    const first = await ctx.services.imports.importFile(entity, file, request, testActor);
    assert.equal(first.result.created, 2);
    // One record for the batch's creations names each position it created (ADR 0028).
    assert.deepEqual(await actions('import', first.importId), ['import.start', 'import.create', 'import.complete']);
    const created = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'import.create')
      .where('subject_id', '=', first.importId)
      .execute();
    assert.equal(created.length, 1);
    type Entry = { id: string; iupd: string; status: string; navs: string[]; contentHash: string };
    const entries = (JSON.parse(created[0]!.after!) as { positions: Entry[] }).positions;
    const stored = await ctx.services.database.db
      .selectFrom('positions')
      .select(['id', 'iupd', 'status', 'content_hash'])
      .where('entity_id', '=', entity.id)
      .orderBy('iupd')
      .execute();
    assert.deepEqual(
      entries.map((e) => [e.id, e.iupd, e.status, e.contentHash]),
      stored.map((p) => [p.id, p.iupd, p.status, p.content_hash]),
    );
    assert.ok(entries.every((e) => e.navs.length === 1 && /^3\d{17}$/.test(e.navs[0]!)));

    // The same positions with their debtor's keys in another order are the same positions.
    writeFileSync(file, `${JSON.stringify(position('AU-1', true))}\n${JSON.stringify(position('AU-2', true))}\n`);
    const again = await ctx.services.imports.importFile(entity, file, request, testActor);
    assert.equal(again.result.unchanged, 2);
    assert.equal(again.result.created, 0);
    assert.deepEqual(await actions('import', again.importId), ['import.start', 'import.complete']);

    writeFileSync(file, '{"iupd": "AU-3"}\n');
    const refused = await ctx.services.imports.importFile(entity, file, request, testActor);
    assert.equal(refused.result.ok, false);
    assert.deepEqual(await actions('import', refused.importId), ['import.start', 'import.reject']);

    // The records the import wrote with COPY took their places in the entity's chain.
    const report = await verifyAuditChains(ctx.services.database.db, { entityId: entity.id });
    assert.equal(report.ok, true, JSON.stringify(report.breaks));
    const records = await ctx.services.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity_id', '=', entity.id)
      .executeTakeFirstOrThrow();
    assert.equal(report.records, Number(records.n));
  });
});
