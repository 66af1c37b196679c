// Receipts written when an instalment is paid: through GPD's `paids` route (the back office) and
// through the service as pagoPA's paSendRT will call it. Fields, the made-up receipt id, one
// transaction with the instalment and the audit record, nothing stored on a refused payment,
// exactly one receipt under a race, and immutability.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { systemActor } from '../src/modules/audit/audit.ts';
import { seedDemo } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Cents } from '../src/shared/money.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { DEBTOR, fullOrInstalments, IBAN_A, singlePayment } from './support/positions.ts';

let ctx: TestContext;
let call: ReturnType<typeof api>;
let entityA: Entity;
let org: string;
let seq = 0;

before(async () => {
  ctx = await testContext();
  const a = await entityWithKey(ctx, ENTITY_A);
  await entityWithKey(ctx, ENTITY_B);
  entityA = a.entity;
  call = api(ctx, a.key);
  org = `/api/gpd/v3/organizations/${entityA.fiscalCode}`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;

async function published(body = singlePayment(`RC-${++seq}`)): Promise<{ iupd: string; navs: string[] }> {
  const res = await call({ method: 'POST', url: `${org}/debtpositions?toPublish=true`, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  const navs = res
    .json()
    .paymentOption.flatMap((o: { installments: { nav: string }[] }) => o.installments.map((i) => i.nav));
  return { iupd: body.iupd, navs };
}

const paids = (nav: string, payload: object = {}) =>
  call({ method: 'POST', url: `${org}/paymentoptions/paids/${nav}`, payload });

const receiptsOf = (nav: string) => db().selectFrom('receipts').selectAll().where('nav', '=', nav).execute();

describe('paids writes a receipt', () => {
  it('with every field of the payment, the notice and the position, matching the paid instalment', async () => {
    const { iupd, navs } = await published();
    const nav = navs[0]!;
    const res = await paids(nav, {
      paymentDate: '2026-06-14T09:30:00Z',
      paymentChannel: 'POST_OFFICE',
      paymentMethod: 'bollettino',
      pspCompany: 'Poste Italiane',
      idReceipt: 'PT-42',
    });
    assert.equal(res.statusCode, 200, res.body);
    const paid = res.json();
    const [row, ...more] = await receiptsOf(nav);
    assert.equal(more.length, 0);
    assert.ok(row);
    assert.equal(row.receipt_id, 'PT-42');
    assert.equal(row.entity_id, entityA.id);
    assert.equal(row.nav, nav);
    assert.equal(row.iuv, nav.slice(1));
    assert.equal(row.iupd, iupd);
    assert.equal(row.description, 'TARI 2026');
    assert.equal(row.company_name, 'Comune di Prova');
    assert.equal(row.debtor_fiscal_code, DEBTOR.fiscalCode);
    assert.deepEqual(JSON.parse(row.debtor), DEBTOR);
    assert.equal(row.payer, null);
    assert.equal(row.amount_cents, 15_000);
    assert.equal(row.fee_cents, null);
    assert.equal(row.paid_at.toISOString(), '2026-06-14T09:30:00.000Z');
    assert.equal(row.channel, 'POST_OFFICE');
    assert.equal(row.payment_method, 'bollettino');
    assert.equal(row.psp_company, 'Poste Italiane');
    assert.equal(row.psp_id, null);
    assert.equal(row.source, 'paids');
    assert.match(row.recorded_by, /^apikey:/);
    assert.deepEqual(JSON.parse(row.transfers), [
      {
        idTransfer: '1',
        amountCents: 15_000,
        fiscalCodePA: entityA.fiscalCode,
        iban: IBAN_A,
        remittanceInformation: 'TARI 2026',
        category: '9/0101101IM/',
      },
    ]);
    // The GPD answer and the stored instalment show the receipt's id, date and method.
    assert.equal(paid.idReceipt, row.receipt_id);
    assert.equal(paid.paymentDate, row.paid_at.toISOString());
    assert.equal(paid.paymentMethod, row.payment_method);
    const position = (await call({ method: 'GET', url: `${org}/debtpositions/${iupd}` })).json();
    const inst = position.paymentOption[0].installments[0];
    assert.equal(inst.status, 'PAID');
    assert.equal(inst.idReceipt, 'PT-42');
    assert.equal(inst.paymentDate, '2026-06-14T09:30:00.000Z');
    assert.equal(inst.paymentMethod, 'bollettino');
    const installment = await db()
      .selectFrom('installments')
      .select(['id', 'position_id'])
      .where('nav', '=', nav)
      .executeTakeFirstOrThrow();
    assert.equal(row.installment_id, installment.id);
    assert.equal(row.position_id, installment.position_id);
  });

  it('makes up a receipt id when the back office gives none: CASSA- and 26 base32 characters, unique', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { navs } = await published();
      const res = await paids(navs[0]!);
      assert.equal(res.statusCode, 200);
      const [row] = await receiptsOf(navs[0]!);
      assert.match(row!.receipt_id, /^CASSA-[0-9A-HJKMNP-TV-Z]{26}$/);
      assert.ok(row!.receipt_id.length <= 35);
      assert.equal(res.json().idReceipt, row!.receipt_id);
      assert.equal(row!.channel, 'OTHER');
      ids.add(row!.receipt_id);
    }
    assert.equal(ids.size, 3);
  });

  it('keeps the transfers as they were when paid, beneficiaries and postal accounts included', async () => {
    const body = singlePayment(`RC-${++seq}`, 10_000);
    body.paymentOption[0]!.installments[0]!.transfer = [
      { idTransfer: '1', amount: 7_000, remittanceInformation: 'Quota comune', category: '9/0101101IM/', iban: IBAN_A },
      {
        idTransfer: '2',
        amount: 3_000,
        remittanceInformation: 'Quota provincia',
        category: '9/0101101IM/',
        organizationFiscalCode: ENTITY_B.fiscalCode,
        companyName: 'Comune di Altrove',
        iban: ENTITY_B.ibans[0]!,
      },
    ];
    const { navs } = await published(body);
    assert.equal((await paids(navs[0]!)).statusCode, 200);
    const [row] = await receiptsOf(navs[0]!);
    const transfers = JSON.parse(row!.transfers);
    assert.equal(transfers.length, 2);
    assert.deepEqual(transfers[1], {
      idTransfer: '2',
      amountCents: 3_000,
      fiscalCodePA: ENTITY_B.fiscalCode,
      companyName: 'Comune di Altrove',
      iban: ENTITY_B.ibans[0],
      remittanceInformation: 'Quota provincia',
      category: '9/0101101IM/',
    });
  });

  it('names the receipt in the installment.pay audit record, written in the same transaction', async () => {
    const { navs } = await published();
    await paids(navs[0]!);
    const [row] = await receiptsOf(navs[0]!);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'installment.pay')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const after = JSON.parse(audit.after!);
    assert.equal(after.nav, navs[0]);
    assert.deepEqual(after.receipt, { id: row!.id, receiptId: row!.receipt_id, source: 'paids' });
  });
});

describe('a refused payment stores nothing', () => {
  it('a second paids of the same notice is ALREADY_PAID and leaves one receipt', async () => {
    const { navs } = await published();
    assert.equal((await paids(navs[0]!, { idReceipt: 'FIRST' })).statusCode, 200);
    const again = await paids(navs[0]!, { idReceipt: 'SECOND' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ALREADY_PAID');
    const same = await paids(navs[0]!, { idReceipt: 'FIRST' });
    assert.equal(same.json().code, 'ALREADY_PAID');
    assert.deepEqual(
      (await receiptsOf(navs[0]!)).map((r) => r.receipt_id),
      ['FIRST'],
    );
  });

  it('paying the other option of a settled position, a draft, a future date or a bad id: no receipt', async () => {
    const plan = await published(fullOrInstalments(`RC-${++seq}`));
    assert.equal((await paids(plan.navs[1]!)).statusCode, 200);
    assert.equal((await paids(plan.navs[0]!)).json().code, 'ALREADY_PAID');
    assert.equal((await receiptsOf(plan.navs[0]!)).length, 0);

    const draft = await call({ method: 'POST', url: `${org}/debtpositions`, payload: singlePayment(`RC-${++seq}`) });
    const draftNav = draft.json().paymentOption[0].installments[0].nav;
    assert.equal((await paids(draftNav)).json().code, 'NOT_PAYABLE');
    assert.equal((await receiptsOf(draftNav)).length, 0);

    const { navs } = await published();
    assert.equal((await paids(navs[0]!, { paymentDate: '2027-01-01T00:00:00Z' })).statusCode, 400);
    assert.equal((await paids(navs[0]!, { idReceipt: 'X'.repeat(36) })).statusCode, 400);
    assert.equal((await paids(navs[0]!, { idReceipt: '   ' })).statusCode, 400);
    assert.equal((await receiptsOf(navs[0]!)).length, 0);
    const inst = await db().selectFrom('installments').select('status').where('nav', '=', navs[0]!).executeTakeFirst();
    assert.equal(inst!.status, 'UNPAID');
  });

  it('another entity cannot pay the notice: 404 and no receipt', async () => {
    const { navs } = await published();
    const b = await ctx.services.entities.byFiscalCode(ENTITY_B.fiscalCode);
    await assert.rejects(
      ctx.services.receipts.recordPayment(b!, navs[0]!, { source: 'paids', channel: 'BANK' }, testActor),
      { code: 'NOT_FOUND' },
    );
    assert.equal((await receiptsOf(navs[0]!)).length, 0);
  });
});

describe('concurrency', () => {
  it('20 concurrent paids of one notice: one 200, nineteen 409, exactly one receipt', async () => {
    const { navs } = await published();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => paids(navs[0]!, { idReceipt: `RACE-${i}` })),
    );
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, ...Array(19).fill(409)]);
    const rows = await receiptsOf(navs[0]!);
    assert.equal(rows.length, 1);
    const winner = responses.find((r) => r.statusCode === 200)!.json();
    assert.equal(rows[0]!.receipt_id, winner.idReceipt);
  });

  it('racing the full payment against the instalments: receipts only for the option that settled', async () => {
    const { navs } = await published(fullOrInstalments(`RC-${++seq}`));
    const codes = (await Promise.all([...navs, ...navs].map((nav) => paids(nav)))).map((r) => r.statusCode);
    const paidNavs = await db()
      .selectFrom('installments')
      .select('nav')
      .where('nav', 'in', navs)
      .where('status', '=', 'PAID')
      .execute();
    const receipts = await db().selectFrom('receipts').select('nav').where('nav', 'in', navs).execute();
    assert.equal(codes.filter((c) => c === 200).length, paidNavs.length);
    assert.deepEqual(receipts.map((r) => r.nav).sort(), paidNavs.map((r) => r.nav).sort());
  });
});

describe('a receipt from pagoPA (paSendRTV2), through the service', () => {
  it('keeps the PSP, payer, fee and transfers of the message', async () => {
    const { navs } = await published();
    const payer = { type: 'F' as const, fiscalCode: 'BNCLRA85M41F205X', fullName: 'Laura Bianchi' };
    const transfers = [
      {
        idTransfer: '1',
        amountCents: 15_000 as Cents,
        fiscalCodePA: entityA.fiscalCode,
        iban: IBAN_A,
        remittanceInformation: '/RFB/02000000000000123/150.00/TXT/TARI 2026',
        category: '9/0101101IM/',
      },
    ];
    const { receipt, installment } = await ctx.services.receipts.recordPayment(
      entityA,
      navs[0]!,
      {
        source: 'paSendRTV2',
        receiptId: 'c110729279a44b5b9e54f8c2a8a8b0e1',
        paidAt: new Date('2026-06-15T08:00:00.250Z'),
        channel: '88888888888_01',
        method: 'CP',
        pspId: 'BCITITMM',
        pspCompany: 'Intesa Sanpaolo',
        payer,
        feeCents: 150 as Cents,
        amountCents: 15_000 as Cents,
        transfers,
      },
      systemActor('system:pagopa'),
    );
    assert.equal(receipt.source, 'paSendRTV2');
    assert.equal(installment.payment?.feeCents, 150);
    assert.equal(installment.payment?.receiptId, 'c110729279a44b5b9e54f8c2a8a8b0e1');
    const [row] = await receiptsOf(navs[0]!);
    assert.equal(row!.psp_id, 'BCITITMM');
    assert.equal(row!.psp_company, 'Intesa Sanpaolo');
    assert.equal(row!.fee_cents, 150);
    assert.equal(row!.channel, '88888888888_01');
    assert.equal(row!.paid_at.toISOString(), '2026-06-15T08:00:00.250Z');
    assert.deepEqual(JSON.parse(row!.payer!), payer);
    assert.deepEqual(JSON.parse(row!.transfers), transfers);
    assert.equal(row!.recorded_by, 'system:pagopa');
  });

  it('refuses an amount that is not the notice amount, and stores nothing', async () => {
    const { navs } = await published();
    await assert.rejects(
      ctx.services.receipts.recordPayment(
        entityA,
        navs[0]!,
        { source: 'paSendRT', channel: 'X_01', amountCents: 14_999 as Cents, receiptId: 'R1' },
        testActor,
      ),
      { code: 'VALIDATION_FAILED' },
    );
    assert.equal((await receiptsOf(navs[0]!)).length, 0);
  });
});

describe('immutability', () => {
  it('a stored receipt cannot be changed or deleted', async () => {
    const { navs } = await published();
    await paids(navs[0]!);
    await assert.rejects(
      sql`UPDATE receipts SET amount_cents = 1 WHERE nav = ${navs[0]}`.execute(db()),
      /cannot be changed/,
    );
    await assert.rejects(sql`DELETE FROM receipts WHERE nav = ${navs[0]}`.execute(db()), /cannot be changed/);
    assert.equal((await receiptsOf(navs[0]!))[0]!.amount_cents, 15_000);
  });
});

describe('demo seed', () => {
  it('every paid demo instalment has its receipt, with the same id', async () => {
    const { entity } = await seedDemo(ctx.services);
    const paidRows = await db()
      .selectFrom('installments')
      .select(['nav', 'receipt_id'])
      .where('entity_id', '=', entity.id)
      .where('status', '=', 'PAID')
      .orderBy('nav')
      .execute();
    const receipts = await db()
      .selectFrom('receipts')
      .select(['nav', 'receipt_id'])
      .where('entity_id', '=', entity.id)
      .orderBy('nav')
      .execute();
    assert.ok(paidRows.length >= 5, `${paidRows.length} paid instalments`);
    assert.deepEqual(receipts, paidRows);
  });
});
