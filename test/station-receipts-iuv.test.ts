// A receipt names its notice twice: noticeNumber and creditorReferenceId (the IUV, for aux digit 3
// the notice number without its first digit). When they disagree it is unknown which notice was
// paid: the station answers PAA_SEMANTICA and changes nothing (issue 10, defect 3).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

let ctx: TestContext;
let entity: Entity;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  ({ entity } = await entityWithKey(ctx, ENTITY_A));
});
after(() => ctx.close());

const db = () => ctx.services.database.db;

const rows = async (table: 'receipts' | 'audit_log' | 'domain_events' | 'overpayments') =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** What a receipt may change, counted once the consumers of earlier events have run. */
async function counts() {
  await ctx.services.webhooks.settled();
  return {
    receipts: await rows('receipts'),
    audit: await rows('audit_log'),
    events: await rows('domain_events'),
    overpayments: await rows('overpayments'),
  };
}

async function notice(iupd: string) {
  const position = await ctx.services.positions.create(
    entity,
    singlePayment(iupd, 2_000),
    { toPublish: true },
    testActor,
  );
  return position.options[0]!.installments[0]!;
}

describe('a receipt whose IUV is not its notice’s', () => {
  for (const operation of ['paSendRTV2', 'paSendRT'] as const) {
    it(`${operation}: refused with PAA_SEMANTICA; nothing stored, audited or announced`, async () => {
      const paid = await notice(`IUV-A-${operation}`);
      const other = await notice(`IUV-B-${operation}`);
      const before = await counts();
      const fields = { receiptId: `mix-${operation}`, fiscalCode: entity.fiscalCode, amount: '20.00' };
      const answer = await soapCall(
        ctx.app,
        operation,
        receiptRequest(operation, addressOf(entity), { ...fields, nav: paid.nav, iuv: other.iuv }),
      );
      assert.equal(answer.outcome, 'KO');
      assert.equal(answer.faultCode, 'PAA_SEMANTICA');
      assert.match(answer.description ?? '', /is not the IUV of notice/);
      assert.deepEqual(await counts(), before);
      for (const iupd of [`IUV-A-${operation}`, `IUV-B-${operation}`]) {
        assert.equal((await ctx.services.positions.get(entity, iupd)).status, 'VALID');
      }
      // The same receipt with its own IUV is taken.
      const right = await soapCall(
        ctx.app,
        operation,
        receiptRequest(operation, addressOf(entity), { ...fields, nav: paid.nav, iuv: paid.iuv }),
      );
      assert.equal(right.outcome, 'OK');
      assert.equal((await ctx.services.positions.get(entity, `IUV-A-${operation}`)).status, 'PAID');
    });
  }

  it('an unknown notice is judged the same way: a mismatch is refused, not held', async () => {
    const before = await counts();
    const answer = await soapCall(
      ctx.app,
      'paSendRTV2',
      receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId: 'mix-unknown',
        fiscalCode: entity.fiscalCode,
        amount: '20.00',
        nav: '302000000000999970',
        iuv: '02000000000999971',
      }),
    );
    assert.equal(answer.faultCode, 'PAA_SEMANTICA');
    assert.deepEqual(await counts(), before);
  });
});
