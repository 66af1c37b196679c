// Date-times without an offset, as Java back offices written for pagoPA's GPD send them (a
// LocalDateTime: `2028-12-31T23:59:59`, maybe with fractions of a second): accepted wherever GPD
// accepts a date-time, read as Europe/Rome wall-clock time; offsets and `Z` keep working; garbage is
// still a 400 naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { parseJsonElement } from '../src/modules/positions/import/json-positions.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';

const ORG = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}`;
const URL = `${ORG}/debtpositions`;

/** A €15.00 single-payment position; `option` adds fields to its payment option. */
function body(iupd: string, option: Record<string, unknown> = {}) {
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        ...option,
        debtor: { type: 'F', fiscalCode: 'RSSMRA85T10A562S', fullName: 'Mario Rossi' },
        installments: [
          {
            amount: 1500,
            description: 'TARI 2026',
            dueDate: '2026-12-31T23:59:59',
            transfer: [
              {
                idTransfer: '1',
                amount: 1500,
                remittanceInformation: 'TARI 2026',
                category: '9/0101101IM/',
                iban: ENTITY_A.ibans[0]!,
              },
            ],
          },
        ],
      },
    ],
  };
}

function ok(res: LightMyRequestResponse, status = 200) {
  assert.equal(res.statusCode, status, res.body);
  return res.json();
}

function problems(res: LightMyRequestResponse): Record<string, string> {
  assert.equal(res.statusCode, 400, res.body);
  const problem = res.json() as { code: string; errors: { path: string; message: string }[] };
  assert.equal(problem.code, 'VALIDATION_FAILED');
  return Object.fromEntries(problem.errors.map((e) => [e.path, e.message]));
}

const dates = (position: { paymentOption: { validityDate?: string; retentionDate?: string }[] }) => {
  const { validityDate, retentionDate } = position.paymentOption[0]!;
  return { validityDate, retentionDate };
};

describe('GPD v3 API: date-times without an offset are Rome wall-clock time', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;

  // The test clock stands at 2026-06-15T10:00:00Z (12:00 in Rome).
  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
  });
  after(() => ctx.close());

  it('create: validityDate and retentionDate as a Java LocalDateTime, summer and winter', async () => {
    const payload = body('DATES-1', {
      validityDate: '2026-07-01T10:00:00',
      retentionDate: '2028-12-31T23:59:59.123',
    });
    const created = ok(await call({ method: 'POST', url: URL, payload }), 201);
    const expected = { validityDate: '2026-07-01T08:00:00.000Z', retentionDate: '2028-12-31T22:59:59.123Z' };
    assert.deepEqual(dates(created), expected);
    assert.deepEqual(dates(ok(await call({ method: 'GET', url: `${URL}/DATES-1` }))), expected, 'as stored');
  });

  it('update: the new offset-less values replace the old ones; offsets and Z are kept', async () => {
    const payload = body('DATES-1', {
      validityDate: '2026-11-15T10:00:00',
      retentionDate: '2028-12-31T23:59:59+05:00',
    });
    const updated = ok(await call({ method: 'PUT', url: `${URL}/DATES-1`, payload }));
    const expected = { validityDate: '2026-11-15T09:00:00.000Z', retentionDate: '2028-12-31T18:59:59.000Z' };
    assert.deepEqual(dates(updated), expected);
    assert.deepEqual(dates(ok(await call({ method: 'GET', url: `${URL}/DATES-1` }))), expected, 'as stored');

    const withZ = body('DATES-1', { validityDate: '2026-11-15T10:00:00Z' });
    assert.equal(
      dates(ok(await call({ method: 'PUT', url: `${URL}/DATES-1`, payload: withZ }))).validityDate,
      '2026-11-15T10:00:00.000Z',
    );
  });

  it('the validity date is still checked against now in Rome time', async () => {
    // 11:00 in Rome is 09:00Z, an hour before the test clock: in the past.
    const payload = body('DATES-PAST', { validityDate: '2026-06-15T11:00:00' });
    const res = await call({ method: 'POST', url: URL, payload });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, res.body);
    assert.match(res.body, /validityDate/);
  });

  it('garbage is still a 400 naming every bad field, and nothing is stored', async () => {
    const payload = {
      ...body('DATES-BAD', { validityDate: '2026-13-01T10:00:00', retentionDate: 'yesterday' }),
      paymentDate: '31/12/2026 10:00',
    };
    const found = problems(await call({ method: 'POST', url: URL, payload }));
    assert.deepEqual(Object.keys(found).sort(), [
      'paymentDate',
      'paymentOption[0].retentionDate',
      'paymentOption[0].validityDate',
    ]);
    assert.match(found['paymentOption[0].validityDate']!, /date-time such as 2028-12-31T23:59:59/);
    assert.equal((await call({ method: 'GET', url: `${URL}/DATES-BAD` })).statusCode, 404);
  });

  it('paids: paymentDate without an offset is Rome time, on the instalment and its receipt', async () => {
    const created = ok(await call({ method: 'POST', url: `${URL}?toPublish=true`, payload: body('DATES-PAID') }), 201);
    const nav = created.paymentOption[0].installments[0].nav as string;
    const bad = problems(
      await call({
        method: 'POST',
        url: `${ORG}/paymentoptions/paids/${nav}`,
        payload: { paymentDate: '2026-06-15 9:30' },
      }),
    );
    assert.deepEqual(Object.keys(bad), ['paymentDate']);

    const paid = ok(
      await call({
        method: 'POST',
        url: `${ORG}/paymentoptions/paids/${nav}`,
        payload: { paymentDate: '2026-06-15T09:30:00.250', idReceipt: 'R-DATES-1' },
      }),
    );
    assert.equal(paid.paymentDate, '2026-06-15T07:30:00.250Z');
    const got = ok(await call({ method: 'GET', url: `${URL}/DATES-PAID` }));
    assert.equal(got.paymentOption[0].installments[0].paymentDate, '2026-06-15T07:30:00.250Z');
    const receipts = ok(
      await call({ method: 'GET', url: `/api/v1/organizations/${ENTITY_A.fiscalCode}/receipts?nav=${nav}` }),
    );
    assert.equal(receipts.receipts[0].paymentDateTime, '2026-06-15T07:30:00.250Z');
  });

  it('list: payment_date_time_from/to without an offset, as GPD documents them', async () => {
    const list = (from: string, to: string) =>
      call({
        method: 'GET',
        url: `${URL}?page=0&limit=10&payment_date_time_from=${from}&payment_date_time_to=${to}`,
      });
    // Paid at 09:30:00.250 Rome time: inside 09:00–10:00 Rome, outside 10:00–11:00 Rome.
    const inside = ok(await list('2026-06-15T09:00:00', '2026-06-15T10:00:00'));
    assert.deepEqual(
      inside.payment_position_list.map((p: { iupd: string }) => p.iupd),
      ['DATES-PAID'],
    );
    const outside = ok(await list('2026-06-15T10:00:00', '2026-06-15T11:00:00'));
    assert.deepEqual(outside.payment_position_list, []);
    assert.deepEqual(Object.keys(problems(await list('2026-06-15T25:00:00', '2026-06-15T11:00:00'))), [
      'payment_date_time_from',
    ]);
  });
});

describe('JSON import: the same date-times as the API, v3 and GPD v1 bulk bodies', () => {
  const element = (value: object, v1: boolean) => parseJsonElement({ row: 1, text: JSON.stringify(value), v1 });

  it('accepts offset-less validityDate and retentionDate and refuses garbage naming the field', () => {
    const v3 = body('IMPORT-1', { validityDate: '2026-07-01T10:00:00', retentionDate: '2028-12-31T23:59:59.123' });
    assert.deepEqual(element(v3, false).problems, []);
    const v1 = {
      iupd: 'IMPORT-V1',
      type: 'F',
      fiscalCode: 'RSSMRA85T10A562S',
      fullName: 'Mario Rossi',
      companyName: 'Comune di Prova',
      validityDate: '2026-07-01T10:00:00',
      paymentOption: [
        { ...v3.paymentOption[0]!.installments[0]!, isPartialPayment: false, retentionDate: '2028-12-31T23:59:59' },
      ],
    };
    const read = element(v1, true);
    assert.deepEqual(read.problems, []);
    assert.equal(read.body?.paymentOption[0]?.validityDate, '2026-07-01T10:00:00');
    const bad = element({ ...v1, validityDate: '2026-07-01 10' }, true);
    assert.deepEqual(
      bad.problems.map((p) => p.path),
      ['validityDate'],
    );
  });
});
