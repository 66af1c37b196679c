// Receipts from pagoPA (paSendRT, paSendRTV2): stored, then applied, exactly once; replays change
// nothing; a receipt is never refused for the state of its notice — what cannot settle a debt is
// held as an over-payment item. After every test the money adds up: every cent received is either
// a paid instalment or an over-payment item (invariants I1, I2, I4 of the reliability battery).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { GpdPosition } from '../src/modules/positions/gpd-v3.mapper.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';
import { addressOf, type ReceiptFields, receiptRequest, soapCall } from './support/soap.ts';

let ctx: TestContext;
let entity: Entity;
let key: string;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  ({ entity, key } = await entityWithKey(ctx, ENTITY_A));
});
after(() => ctx.close());
afterEach(async () => assertMoneyAddsUp());

const db = () => ctx.services.database.db;

/** Σ receipts = Σ paid instalments + Σ over-payment items, and no instalment paid twice. */
async function assertMoneyAddsUp() {
  const { rows } = await sql<{ received: string; paid: string; held: string; unpaid_receipts: string }>`
    SELECT
      (SELECT coalesce(sum(amount_cents), 0) FROM receipts WHERE entity_id = ${entity.id}) AS received,
      (SELECT coalesce(sum(amount_cents), 0) FROM installments WHERE entity_id = ${entity.id} AND status <> 'UNPAID') AS paid,
      (SELECT coalesce(sum(amount_cents), 0) FROM overpayments WHERE entity_id = ${entity.id}) AS held,
      (SELECT count(*) FROM installments i WHERE i.entity_id = ${entity.id} AND i.status <> 'UNPAID'
         AND (SELECT count(*) FROM receipts r LEFT JOIN overpayments o ON o.receipt_ref = r.id
              WHERE r.installment_id = i.id AND o.id IS NULL) <> 1) AS unpaid_receipts
  `.execute(db());
  const r = rows[0]!;
  assert.equal(
    Number(r.received),
    Number(r.paid) + Number(r.held),
    `received ${r.received}, paid ${r.paid}, held ${r.held}`,
  );
  assert.equal(Number(r.unpaid_receipts), 0, 'every paid instalment has exactly one receipt that settled it');
}

type Notice = { nav: string; iuv: string; amountCents: number };

async function create(body: GpdPosition): Promise<Notice[][]> {
  const position = await ctx.services.positions.create(entity, body, { toPublish: true }, testActor);
  return position.options.map((o) =>
    o.installments.map((i) => ({ nav: i.nav, iuv: i.iuv, amountCents: i.amountCents })),
  );
}

const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

function receipt(
  n: { nav: string; iuv: string; amountCents: number },
  receiptId: string,
  extra: Partial<ReceiptFields> = {},
): ReceiptFields {
  return { receiptId, nav: n.nav, iuv: n.iuv, fiscalCode: entity.fiscalCode, amount: euros(n.amountCents), ...extra };
}

const send = (r: ReceiptFields, operation: 'paSendRT' | 'paSendRTV2' = 'paSendRTV2', address = addressOf(entity)) =>
  soapCall(ctx.app, operation, receiptRequest(operation, address, r));

const count = async (table: 'receipts' | 'overpayments', nav: string) =>
  Number(
    (
      await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('nav', '=', nav)
        .executeTakeFirstOrThrow()
    ).n,
  );

const payAudits = async (iupd: string) => {
  const { id } = await ctx.services.positions.get(entity, iupd);
  const { n } = await db()
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('subject_id', '=', id)
    .where('action', '=', 'installment.pay')
    .executeTakeFirstOrThrow();
  return Number(n);
};

const overpaymentsOf = (nav: string) =>
  db().selectFrom('overpayments').select(['reason', 'amount_cents', 'status']).where('nav', '=', nav).execute();

describe('a receipt pays its notice', () => {
  it('paSendRTV2: the instalment and the position become paid, with the receipt’s data in the GPD API', async () => {
    const [[notice]] = (await create(singlePayment('R-OK', 15_000))) as [
      [{ nav: string; iuv: string; amountCents: number }],
    ];
    const answer = await send(receipt(notice, 'c110729d258c4ab1b765fe902aae41d6', { fee: '1.50' }));
    assert.equal(answer.outcome, 'OK');
    const position = await ctx.services.positions.get(entity, 'R-OK');
    assert.equal(position.status, 'PAID');
    const gpd = await api(
      ctx,
      key,
    )({ method: 'GET', url: `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/R-OK` });
    const installment = gpd.json().paymentOption[0].installments[0];
    assert.equal(installment.status, 'PAID');
    assert.equal(installment.idReceipt, 'c110729d258c4ab1b765fe902aae41d6');
    assert.equal(installment.paymentMethod, 'creditCard');
    assert.equal(installment.paymentDate, '2026-06-15T09:47:47.000Z', 'paymentDateTime without offset is Italian time');
    const receipts = await api(
      ctx,
      key,
    )({ method: 'GET', url: `/api/v1/organizations/${entity.fiscalCode}/receipts?nav=${notice.nav}` });
    const [stored] = receipts.json().receipts;
    assert.equal(stored.source, 'paSendRTV2');
    assert.equal(stored.pspCompanyName, 'Banca di Esempio');
    assert.equal(stored.fee, 150);
    assert.equal(await payAudits('R-OK'), 1);
  });

  it('paSendRT (V1) is taken the same way', async () => {
    const [[notice]] = (await create(singlePayment('R-V1', 2_500))) as [
      [{ nav: string; iuv: string; amountCents: number }],
    ];
    assert.equal((await send(receipt(notice, 'v1-receipt'), 'paSendRT')).outcome, 'OK');
    assert.equal((await ctx.services.positions.get(entity, 'R-V1')).status, 'PAID');
  });

  it('a plan: instalments make it PARTIALLY_PAID then PAID; pay-in-full after an instalment is held', async () => {
    const [[full], plan] = (await create(fullOrInstalments('R-PLAN', 3, 30_000))) as [[Notice], Notice[]];
    assert.equal((await send(receipt(plan[0]!, 'plan-1'))).outcome, 'OK');
    assert.equal((await ctx.services.positions.get(entity, 'R-PLAN')).status, 'PARTIALLY_PAID');
    // The citizen also paid the old pay-in-full notice: kept, to refund.
    assert.equal((await send(receipt(full, 'plan-full'))).outcome, 'OK');
    assert.deepEqual(
      await overpaymentsOf(full.nav),
      [{ reason: 'OTHER_OPTION_PAID', amount_cents: 30_000, status: 'OPEN' }].map((o) => ({
        ...o,
        amount_cents: o.amount_cents as never,
      })),
    );
    await send(receipt(plan[1]!, 'plan-2'));
    await send(receipt(plan[2]!, 'plan-3'));
    assert.equal((await ctx.services.positions.get(entity, 'R-PLAN')).status, 'PAID');
  });

  it('an expired notice is still settled by its receipt: the money came in', async () => {
    const body = singlePayment('R-EXP', 1_000, '2026-06-20');
    body.paymentOption[0]!.switchToExpired = true;
    const notice = (await create(body))[0]![0]!;
    ctx.clock.set('2026-06-25T10:00:00Z');
    try {
      await ctx.services.lifecycle.advanceByTime(testActor);
      assert.equal((await ctx.services.positions.get(entity, 'R-EXP')).status, 'EXPIRED');
      assert.equal((await send(receipt(notice, 'late-1'))).outcome, 'OK');
      assert.equal((await ctx.services.positions.get(entity, 'R-EXP')).status, 'PAID');
      assert.equal(await count('overpayments', notice.nav), 0);
    } finally {
      ctx.clock.set('2026-06-15T10:00:00Z');
    }
  });
});

describe('exactly once', () => {
  it('the same receipt 10 times in a row: one receipt, one state change, every answer OK', async () => {
    const notice = (await create(singlePayment('R-SEQ', 4_000)))[0]![0]!;
    for (let i = 0; i < 10; i++) assert.equal((await send(receipt(notice, 'seq-1'))).outcome, 'OK');
    assert.equal(await count('receipts', notice.nav), 1);
    assert.equal(await payAudits('R-SEQ'), 1);
  });

  it('20 identical receipts at once: one receipt, one state change, every answer OK', async () => {
    const notice = (await create(singlePayment('R-PAR', 4_000)))[0]![0]!;
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(receipt(notice, 'par-1'))));
    assert.deepEqual(new Set(answers.map((a) => a.outcome)), new Set(['OK']));
    assert.equal(await count('receipts', notice.nav), 1);
    assert.equal(await count('overpayments', notice.nav), 0);
    assert.equal(await payAudits('R-PAR'), 1);
    assert.equal((await ctx.services.positions.get(entity, 'R-PAR')).status, 'PAID');
  });

  it('5 receipts with different ids for one notice at once: one payment and four over-payment items', async () => {
    const notice = (await create(singlePayment('R-DOUBLE', 7_000)))[0]![0]!;
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => send(receipt(notice, `double-${i}`, { standIn: i > 0 }))),
    );
    assert.deepEqual(new Set(answers.map((a) => a.outcome)), new Set(['OK']));
    assert.equal(await count('receipts', notice.nav), 5);
    const items = await overpaymentsOf(notice.nav);
    assert.equal(items.length, 4);
    assert.ok(
      items.every((o) => o.reason === 'ALREADY_PAID' && Number(o.amount_cents) === 7_000 && o.status === 'OPEN'),
    );
    assert.equal(await payAudits('R-DOUBLE'), 1);
  });

  it('the same receiptId for another amount is PAA_RECEIPT_DUPLICATA and changes nothing', async () => {
    const notice = (await create(singlePayment('R-CLASH', 4_000)))[0]![0]!;
    await send(receipt(notice, 'clash-1'));
    const clash = await send(receipt(notice, 'clash-1', { amount: '41.00' }));
    assert.equal(clash.faultCode, 'PAA_RECEIPT_DUPLICATA');
    assert.equal(await count('receipts', notice.nav), 1);
  });

  it('a notice paid at the counter (paids) and then through pagoPA: the second payment is held', async () => {
    const notice = (await create(singlePayment('R-COUNTER', 4_000)))[0]![0]!;
    await ctx.services.receipts.recordPayment(entity, notice.nav, { source: 'paids', channel: 'COUNTER' }, testActor);
    assert.equal((await send(receipt(notice, 'after-counter'))).outcome, 'OK');
    assert.deepEqual(
      (await overpaymentsOf(notice.nav)).map((o) => o.reason),
      ['ALREADY_PAID'],
    );
  });
});

describe('never refused for the state of its notice', () => {
  it('a cancelled notice: stored, held as CANCELLED, the position stays INVALID', async () => {
    const notice = (await create(singlePayment('R-INV', 3_000)))[0]![0]!;
    await ctx.services.lifecycle.invalidate(entity, 'R-INV', testActor);
    assert.equal((await send(receipt(notice, 'inv-1'))).outcome, 'OK');
    assert.equal((await ctx.services.positions.get(entity, 'R-INV')).status, 'INVALID');
    assert.deepEqual(
      (await overpaymentsOf(notice.nav)).map((o) => o.reason),
      ['CANCELLED'],
    );
  });

  it('an unknown notice and a wrong amount are stored and held', async () => {
    const unknown = { nav: '302000000000999970', iuv: '02000000000999970', amountCents: 1_234 };
    assert.equal((await send(receipt(unknown, 'unknown-1'))).outcome, 'OK');
    assert.deepEqual(
      (await overpaymentsOf(unknown.nav)).map((o) => o.reason),
      ['UNKNOWN_NOTICE'],
    );
    const notice = (await create(singlePayment('R-AMOUNT', 5_000)))[0]![0]!;
    assert.equal((await send(receipt(notice, 'amount-1', { amount: '49.99' }))).outcome, 'OK');
    assert.deepEqual(
      (await overpaymentsOf(notice.nav)).map((o) => o.reason),
      ['AMOUNT_MISMATCH'],
    );
    assert.equal((await ctx.services.positions.get(entity, 'R-AMOUNT')).status, 'VALID');
  });

  it('a receipt for a station, broker or creditor this Cassa does not serve is refused and stores nothing', async () => {
    const notice = (await create(singlePayment('R-ADDR', 5_000)))[0]![0]!;
    const a = addressOf(entity);
    assert.equal(
      (await send(receipt(notice, 'addr-1'), 'paSendRTV2', { ...a, idStation: 'other_01' })).faultCode,
      'PAA_STAZIONE_INT_ERRATA',
    );
    assert.equal(
      (await send(receipt(notice, 'addr-1'), 'paSendRTV2', { ...a, idBrokerPA: '99999999999' })).faultCode,
      'PAA_ID_INTERMEDIARIO_ERRATO',
    );
    assert.equal(
      (await send(receipt(notice, 'addr-1', { fiscalCode: '77777777777' }))).faultCode,
      'PAA_ID_DOMINIO_ERRATO',
    );
    assert.equal(await count('receipts', notice.nav), 0);
  });
});

describe('over-payment items through the API', () => {
  it('lists the open items, closes one as refunded (once) and needs a note to resolve another', async () => {
    const notice = (await create(singlePayment('R-REFUND', 6_000)))[0]![0]!;
    await send(receipt(notice, 'refund-1'));
    await send(receipt(notice, 'refund-2'));
    await send(receipt(notice, 'refund-3'));
    const call = api(ctx, key);
    const base = `/api/v1/organizations/${entity.fiscalCode}/overpayments`;
    const list = await call({ method: 'GET', url: `${base}?nav=${notice.nav}&status=OPEN` });
    assert.equal(list.statusCode, 200);
    const items = list.json().items as { id: string; amount: number; reason: string }[];
    assert.equal(items.length, 2);
    assert.equal(items[0]!.amount, 6_000);
    const refunded = await call({
      method: 'POST',
      url: `${base}/${items[0]!.id}/close`,
      payload: { status: 'REFUNDED', note: 'SCT 2026-06-20' },
    });
    assert.equal(refunded.statusCode, 200, refunded.body);
    assert.equal(refunded.json().status, 'REFUNDED');
    const again = await call({ method: 'POST', url: `${base}/${items[0]!.id}/close`, payload: { status: 'REFUNDED' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'OVERPAYMENT_CLOSED');
    const noNote = await call({
      method: 'POST',
      url: `${base}/${items[1]!.id}/close`,
      payload: { status: 'RESOLVED' },
    });
    assert.equal(noNote.statusCode, 400);
    const read = await call({ method: 'GET', url: `${base}/${items[0]!.id}` });
    assert.equal(read.json().note, 'SCT 2026-06-20');
    const audits = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', items[0]!.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audits.map((a) => a.action),
      ['overpayment.raise', 'overpayment.close'],
    );
    assert.equal((await call({ method: 'GET', url: `${base}/not-a-uuid` })).statusCode, 404);
  });
});
