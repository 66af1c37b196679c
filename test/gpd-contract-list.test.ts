// The GPD v3 position list as a back office uses it: paging, ordering, due-date windows, debtor and
// v3 status filters (UNPAYABLE stands for both invalidated and expired positions).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';

const BASE = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}/debtpositions`;
const MARIO = 'RSSMRA85T10A562S';
const ANNA = 'VRDNNA90A41F205M';

/** One instalment per due date, €10.00 each, to the entity's IBAN. */
function position(iupd: string, fiscalCode: string, dueDates: string[], switchToExpired = false) {
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        switchToExpired,
        debtor: { type: 'F', fiscalCode, fullName: 'Debitore' },
        installments: dueDates.map((dueDate, i) => ({
          amount: 1000,
          description: `Rata ${i + 1}`,
          dueDate,
          transfer: [
            {
              idTransfer: '1',
              amount: 1000,
              remittanceInformation: 'TARI',
              category: '9/0101101IM/',
              iban: ENTITY_A.ibans[0]!,
            },
          ],
        })),
      },
    ],
  };
}

// Inserted out of IUPD order, so that ordering by IUPD is not just insertion order.
const POSITIONS = [
  position('L-03', ANNA, ['2026-09-30']),
  position('L-01', MARIO, ['2026-07-31'], true),
  position('L-05', ANNA, ['2026-12-31T23:59:59Z']),
  position('L-02', MARIO, ['2026-08-31']),
  position('L-04', ANNA, ['2026-06-30', '2026-10-31']),
];

describe('GPD v3 list: paging, ordering and filters', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;
  const list = async (query: string) => {
    const res = await call({ method: 'GET', url: `${BASE}?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      payment_position_list: { iupd: string; status: string }[];
      page_info: { page: number; limit: number; items_found: number; total_pages: number };
    };
    return { iupds: body.payment_position_list.map((p) => p.iupd), info: body.page_info, body };
  };
  const sorted = async (query: string) => (await list(`limit=50&${query}`)).iupds.sort();

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
    for (const p of POSITIONS) {
      const res = await call({ method: 'POST', url: BASE, payload: p });
      assert.equal(res.statusCode, 201, res.body);
    }
    // Another entity's positions never show up in this entity's list.
    const other = await entityWithKey(ctx, ENTITY_B);
    const foreign = position('L-00', MARIO, ['2026-08-31']);
    foreign.paymentOption[0]!.installments[0]!.transfer[0]!.iban = ENTITY_B.ibans[0]!;
    const res = await api(
      ctx,
      other.key,
    )({
      method: 'POST',
      url: `/api/gpd/v3/organizations/${ENTITY_B.fiscalCode}/debtpositions`,
      payload: foreign,
    });
    assert.equal(res.statusCode, 201, res.body);
  });
  after(() => ctx.close());

  it('pages with page, limit, items_found and total_pages', async () => {
    const pages = [];
    for (const page of [0, 1, 2, 3]) pages.push(await list(`orderby=IUPD&ordering=ASC&limit=2&page=${page}`));
    assert.deepEqual(
      pages.map((p) => p.iupds),
      [['L-01', 'L-02'], ['L-03', 'L-04'], ['L-05'], []],
    );
    assert.deepEqual(
      pages.map((p) => p.info),
      [
        { page: 0, limit: 2, items_found: 2, total_pages: 3 },
        { page: 1, limit: 2, items_found: 2, total_pages: 3 },
        { page: 2, limit: 2, items_found: 1, total_pages: 3 },
        { page: 3, limit: 2, items_found: 0, total_pages: 3 },
      ],
    );
  });

  it('defaults to page 0 of 10 and refuses a limit over 50', async () => {
    const { info, iupds } = await list('');
    assert.deepEqual(info, { page: 0, limit: 10, items_found: 5, total_pages: 1 });
    assert.equal(iupds.length, 5);
    const res = await call({ method: 'GET', url: `${BASE}?limit=51` });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'VALIDATION_FAILED');
  });

  it('orders by IUPD ascending and descending', async () => {
    assert.deepEqual((await list('orderby=IUPD&ordering=ASC')).iupds, ['L-01', 'L-02', 'L-03', 'L-04', 'L-05']);
    assert.deepEqual((await list('orderby=IUPD&ordering=DESC')).iupds, ['L-05', 'L-04', 'L-03', 'L-02', 'L-01']);
  });

  it('filters by due date, inclusive, matching any instalment of the position', async () => {
    assert.deepEqual(await sorted('due_date_from=2026-08-01&due_date_to=2026-09-30'), ['L-02', 'L-03']);
    assert.deepEqual(await sorted('due_date_from=2026-07-31&due_date_to=2026-07-31'), ['L-01']);
    assert.deepEqual(await sorted('due_date_from=2026-10-01&due_date_to=2026-10-31'), ['L-04']);
    // The calendar date written in 2026-12-31T23:59:59Z, not the instant (already 1 January in Rome).
    assert.deepEqual(await sorted('due_date_from=2026-12-31&due_date_to=2026-12-31'), ['L-05']);
    assert.deepEqual(await sorted('due_date_from=2027-01-01&due_date_to=2027-01-31'), []);
  });

  it('closes a due-date window missing one end 30 days from the other, as GPD does', async () => {
    assert.deepEqual(await sorted('due_date_from=2026-08-01'), ['L-02']);
    assert.deepEqual(await sorted('due_date_to=2026-08-30'), ['L-01']);
  });

  it('filters by debtor fiscal code, whatever its case', async () => {
    assert.deepEqual(await sorted(`debtor_fiscal_code=${MARIO}`), ['L-01', 'L-02']);
    assert.deepEqual(await sorted(`debtor_fiscal_code=${ANNA.toLowerCase()}`), ['L-03', 'L-04', 'L-05']);
    assert.deepEqual(await sorted('debtor_fiscal_code=BNCLRA70A01H501X'), []);
  });

  it('filters by v3 status; UNPAYABLE finds invalidated and expired positions', async () => {
    for (const iupd of ['L-01', 'L-03', 'L-04']) {
      const res = await call({ method: 'POST', url: `${BASE}/${iupd}/publish` });
      assert.equal(res.statusCode, 200, res.body);
    }
    assert.equal((await call({ method: 'POST', url: `${BASE}/L-03/invalidate` })).statusCode, 200);
    assert.deepEqual(await sorted('status=UNPAYABLE'), ['L-03']);
    assert.deepEqual(await sorted('status=VALID'), ['L-01', 'L-04']);
    assert.deepEqual(await sorted('status=DRAFT'), ['L-02', 'L-05']);

    // L-01 switches to expired after its due date (31/07/2026): a day later it is EXPIRED inside.
    ctx.clock.set('2026-08-01T10:00:00Z');
    assert.deepEqual(await ctx.services.lifecycle.advanceByTime(testActor), { validated: 0, expired: 1 });
    const unpayable = await list('status=UNPAYABLE&orderby=IUPD&ordering=ASC');
    assert.deepEqual(unpayable.iupds, ['L-01', 'L-03']);
    assert.deepEqual(
      unpayable.body.payment_position_list.map((p) => p.status),
      ['UNPAYABLE', 'UNPAYABLE'],
    );
    assert.deepEqual(await sorted('status=VALID'), ['L-04']);
    assert.deepEqual(await sorted('status=PAID'), []);
  });

  it('refuses an unknown status or combining due-date and payment-date filters', async () => {
    for (const query of ['status=INVALID', 'due_date_from=2026-08-01&payment_date_from=2026-08-01']) {
      const res = await call({ method: 'GET', url: `${BASE}?${query}` });
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.json().code, 'VALIDATION_FAILED');
    }
  });
});
