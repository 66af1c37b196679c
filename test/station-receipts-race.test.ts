// A receipt racing updates of its position (issue 10, defect 2): pagoPA retries a KO receipt for a
// while and then gives up, so a receipt must never fail because the back office replaced the
// position at the same moment. Every receipt is answered OK (applied, or held as an over-payment
// item when the update made it unsettleable), the money adds up, and a notice that survives an
// update keeps its instalment row (same id).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Entity } from '../src/modules/entities/entity.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';
import { fullOrInstalments } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

let ctx: TestContext;
let entity: Entity;
let call: ReturnType<typeof api>;
let org: string;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  let key: string;
  ({ entity, key } = await entityWithKey(ctx, ENTITY_A));
  call = api(ctx, key);
  org = `/api/gpd/v3/organizations/${entity.fiscalCode}`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;

/** Σ receipts = Σ paid instalments + Σ over-payment items; every paid instalment settled by one receipt. */
async function assertMoneyAddsUp(label: string) {
  const { rows } = await sql<{ received: string; paid: string; held: string; unsettled: string }>`
    SELECT
      (SELECT coalesce(sum(amount_cents), 0) FROM receipts WHERE entity_id = ${entity.id}) AS received,
      (SELECT coalesce(sum(amount_cents), 0) FROM installments WHERE entity_id = ${entity.id} AND status <> 'UNPAID') AS paid,
      (SELECT coalesce(sum(amount_cents), 0) FROM overpayments WHERE entity_id = ${entity.id}) AS held,
      (SELECT count(*) FROM installments i WHERE i.entity_id = ${entity.id} AND i.status <> 'UNPAID'
         AND (SELECT count(*) FROM receipts r LEFT JOIN overpayments o ON o.receipt_ref = r.id
              WHERE r.installment_id = i.id AND o.id IS NULL) <> 1) AS unsettled
  `.execute(db());
  const r = rows[0]!;
  assert.equal(Number(r.received), Number(r.paid) + Number(r.held), `${label}: ${JSON.stringify(r)}`);
  assert.equal(Number(r.unsettled), 0, `${label}: every paid instalment has exactly one receipt that settled it`);
}

const idsByNav = async (iupd: string) => {
  const rows = await db()
    .selectFrom('installments as i')
    .innerJoin('positions as p', 'p.id', 'i.position_id')
    .select(['i.id', 'i.nav'])
    .where('p.iupd', '=', iupd)
    .execute();
  return new Map(rows.map((r) => [r.nav, r.id]));
};

const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** The same position with other texts: an update that keeps every notice number. */
function edited(iupd: string, n: number) {
  const body = fullOrInstalments(iupd, 4, 40_000);
  body.companyName = `Comune di Prova (${n})`;
  for (const option of body.paymentOption) {
    for (const inst of option.installments) inst.description = `${inst.description} v${n}`;
  }
  return body;
}

describe('receipts racing updates of their position', () => {
  it('an update keeps the instalment row (same id) of every notice it keeps', async () => {
    const created = await call({
      method: 'POST',
      url: `${org}/debtpositions?toPublish=true`,
      payload: fullOrInstalments('KEEP-IDS', 4, 40_000),
    });
    assert.equal(created.statusCode, 201, created.body);
    const before = await idsByNav('KEEP-IDS');
    const put = await call({
      method: 'PUT',
      url: `${org}/debtpositions/KEEP-IDS?toPublish=true`,
      payload: edited('KEEP-IDS', 1),
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(await idsByNav('KEEP-IDS'), before);
    const stored = await ctx.services.positions.get(entity, 'KEEP-IDS');
    assert.equal(stored.options[1]!.installments[0]!.description, 'TARI 2026 - rata 1 v1');
    // Two notices trading places keep their rows too: the id follows the notice number.
    const swapped = edited('KEEP-IDS', 2);
    const plan = stored.options[1]!.installments;
    swapped.paymentOption[1]!.installments[0]!.nav = plan[1]!.nav;
    swapped.paymentOption[1]!.installments[1]!.nav = plan[0]!.nav;
    const swap = await call({ method: 'PUT', url: `${org}/debtpositions/KEEP-IDS`, payload: swapped });
    assert.equal(swap.statusCode, 200, swap.body);
    assert.deepEqual(await idsByNav('KEEP-IDS'), before);
    const after = await ctx.services.positions.get(entity, 'KEEP-IDS');
    assert.equal(after.options[1]!.installments[0]!.nav, plan[1]!.nav);
    assert.equal(after.options[1]!.installments[0]!.id, plan[1]!.id);
  });

  it('an update that drops a notice holding a receipt is refused (409) and changes nothing', async () => {
    const created = await call({
      method: 'POST',
      url: `${org}/debtpositions?toPublish=true`,
      payload: fullOrInstalments('DROP-HELD', 4, 40_000),
    });
    const full = created.json().paymentOption[0].installments[0] as { nav: string; iuv: string };
    // A wrong amount: the receipt is held as an over-payment item and names the notice's row.
    const held = await soapCall(
      ctx.app,
      'paSendRTV2',
      receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId: 'drop-held-1',
        nav: full.nav,
        iuv: full.iuv,
        fiscalCode: entity.fiscalCode,
        amount: '1.00',
      }),
    );
    assert.equal(held.outcome, 'OK');
    const before = await idsByNav('DROP-HELD');
    // The plan keeps its notice numbers; the pay-in-full option, with the held receipt, goes.
    const body = fullOrInstalments('DROP-HELD', 4, 40_000);
    body.paymentOption.shift();
    const plan = created.json().paymentOption[1].installments as { nav: string }[];
    body.paymentOption[0]!.installments.forEach((inst, i) => {
      inst.nav = plan[i]!.nav;
    });
    const put = await call({ method: 'PUT', url: `${org}/debtpositions/DROP-HELD`, payload: body });
    assert.equal(put.statusCode, 409, put.body);
    assert.equal(put.json().code, 'POSITION_NOT_UPDATABLE');
    assert.deepEqual(await idsByNav('DROP-HELD'), before);
    await assertMoneyAddsUp('drop');
  });

  it('25 concurrent updates and 5 receipts for its notices: every receipt OK, the money adds up (6 rounds)', async () => {
    for (let round = 0; round < 6; round++) {
      const iupd = `RACE-RT-${round}`;
      const created = await call({
        method: 'POST',
        url: `${org}/debtpositions?toPublish=true`,
        payload: fullOrInstalments(iupd, 4, 40_000),
      });
      assert.equal(created.statusCode, 201, created.body);
      const notices = (
        created.json().paymentOption as { installments: { nav: string; iuv: string; amount: number }[] }[]
      ).flatMap((o) => o.installments);
      const idsBefore = await idsByNav(iupd);
      const puts = Array.from({ length: 25 }, (_, n) =>
        call({ method: 'PUT', url: `${org}/debtpositions/${iupd}?toPublish=true`, payload: edited(iupd, n) }),
      );
      // Each receipt leaves while updates are still under way: after the (4i+1)th update is answered.
      const receipts = notices.map((n, i) =>
        puts[4 * i]!.then(() =>
          soapCall(
            ctx.app,
            'paSendRTV2',
            receiptRequest('paSendRTV2', addressOf(entity), {
              receiptId: `race-${round}-${i}`,
              nav: n.nav,
              iuv: n.iuv,
              fiscalCode: entity.fiscalCode,
              amount: euros(n.amount),
            }),
          ),
        ),
      );
      const [putAnswers, receiptAnswers] = await Promise.all([Promise.all(puts), Promise.all(receipts)]);
      for (const res of putAnswers) assert.ok([200, 409].includes(res.statusCode), `round ${round}: ${res.body}`);
      assert.deepEqual(
        receiptAnswers.map((a) => `${a.outcome} ${a.faultCode ?? ''}`.trim()),
        Array(5).fill('OK'),
        `round ${round}`,
      );
      assert.deepEqual(await idsByNav(iupd), idsBefore, `round ${round}: instalment ids kept`);
      await assertMoneyAddsUp(`round ${round}`);
      const { n } = await db()
        .selectFrom('receipts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('receipt_id', 'like', `race-${round}-%`)
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), 5, `round ${round}: every receipt stored`);
    }
  });
});
