// Every GPD v3 answer Cassa sends validates against pagoPA's own OpenAPI models (SANP 3.13.0), so a
// back office generated from gpd_v3.json reads Cassa's answers unchanged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { api, ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';

const SPECS = new URL('../specs/pagopa/pagopa-api_SANP3.13.0/openapi/', import.meta.url);
const V3 = 'https://cassa.invalid/specs/gpd_v3.json';
const V1 = 'https://cassa.invalid/specs/gpd.json';
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...JSON.parse(readFileSync(new URL('gpd_v3.json', SPECS), 'utf8')), $id: V3 });
ajv.addSchema({ ...JSON.parse(readFileSync(new URL('gpd.json', SPECS), 'utf8')), $id: V1 });

/** Asserts that body is a valid instance of the named model of the given spec document. */
function assertModel(model: string, body: unknown, doc = V3) {
  const validate = ajv.getSchema(`${doc}#/components/schemas/${model}`);
  assert.ok(validate, `${model} is a model of ${doc}`);
  assert.ok(validate(body), `${model}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

function assertNotModel(model: string, body: unknown) {
  assert.equal(ajv.getSchema(`${V3}#/components/schemas/${model}`)!(body), false, JSON.stringify(body).slice(0, 200));
}

const URL_BASE = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}`;
const IBAN = ENTITY_A.ibans[0]!;
const STAMP = { hashDocument: 'cXVlc3RhIMOoIHVuYSBwcm92YQ==', stampType: '01', provincialResidence: 'RM' };

/** €100.00 to the entity plus a €0.16 digital stamp, with metadata. */
const transfers = (euros: number) => [
  {
    idTransfer: '1',
    amount: euros * 100,
    remittanceInformation: 'TARI 2026',
    category: '9/0101101IM/',
    iban: IBAN,
    transferMetadata: [{ key: 'capitolo', value: '1010' }],
  },
  { idTransfer: '2', amount: 16, remittanceInformation: 'Imposta di bollo', category: '9/1201105IM/', stamp: STAMP },
];

/** Pay in full (€300.16, due 31/12/2026) or in 3 instalments of €100.16. */
function fullPosition(iupd: string, description = 'TARI 2026') {
  const debtor = {
    type: 'F',
    fiscalCode: 'RSSMRA85T10A562S',
    fullName: 'Mario Rossi',
    streetName: 'Via Roma',
    civicNumber: '1',
    postalCode: '90100',
    city: 'Palermo',
    province: 'PA',
    region: 'Sicilia',
    country: 'IT',
    email: 'mario.rossi@example.it',
    phone: '+39 091 000000',
  };
  const installment = (amount: number, dueDate: string, n: string) => ({
    amount: amount * 100 + 16,
    description: `${description} ${n}`,
    dueDate,
    installmentMetadata: [{ key: 'rata', value: n }],
    transfer: transfers(amount),
  });
  return {
    iupd,
    companyName: 'Comune di Prova',
    officeName: 'Ufficio Tributi',
    paymentOption: [
      {
        description: 'Rata unica',
        retentionDate: '2027-06-30T00:00:00Z',
        switchToExpired: false,
        debtor,
        installments: [installment(300, '2026-12-31T23:59:59Z', 'unica')],
      },
      {
        description: 'Tre rate',
        switchToExpired: false,
        debtor,
        installments: [
          installment(100, '2026-09-30', '1/3'),
          installment(100, '2026-10-31T12:00:00+01:00', '2/3'),
          installment(100, '2026-11-30T23:59:59Z', '3/3'),
        ],
      },
    ],
  };
}

describe('GPD v3 contract: answers validate against gpd_v3.json', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;
  const send = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) =>
    call({ method, url: `${URL_BASE}${path}`, ...(payload && { payload }) });
  const ok = (res: LightMyRequestResponse, status = 200) => {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    return res.json();
  };

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
  });
  after(() => ctx.close());

  it('create: 201 is a PaymentPositionModelV3 with integer cents and the calendar due date', async () => {
    const created = ok(await send('POST', '/debtpositions', fullPosition('CONTRACT-1')), 201);
    assertModel('PaymentPositionModelV3', created);
    assertModel('PaymentPositionModelResponseV3', created);
    assert.equal(created.status, 'DRAFT');
    const [full, plan] = created.paymentOption;
    assert.equal(plan.installments.length, 3);
    const unica = full.installments[0];
    assert.equal(unica.amount, 30_016);
    assert.deepEqual(
      unica.transfer.map((t: { amount: number }) => t.amount),
      [30_000, 16],
    );
    assert.ok(unica.dueDate.startsWith('2026-12-31'), unica.dueDate);
    assert.ok(plan.installments[1].dueDate.startsWith('2026-10-31'));
    assert.deepEqual(unica.transfer[1].stamp, STAMP);
    assert.equal(unica.transfer[1].iban, undefined);
    assert.deepEqual(full.debtor.city, 'Palermo');
    assert.deepEqual(unica.installmentMetadata, [{ key: 'rata', value: 'unica' }]);
  });

  it('get: 200 is a PaymentPositionModelResponseV3', async () => {
    const got = ok(await send('GET', '/debtpositions/CONTRACT-1'));
    assertModel('PaymentPositionModelResponseV3', got);
    assert.equal(got.organizationFiscalCode, ENTITY_A.fiscalCode);
    assert.equal(got.paymentOption[1].installments[2].transfer[0].organizationFiscalCode, ENTITY_A.fiscalCode);
  });

  it('update: 200 is a PaymentPositionModelV3 showing the new content', async () => {
    const updated = ok(await send('PUT', '/debtpositions/CONTRACT-1', fullPosition('CONTRACT-1', 'TARI 2026 bis')));
    assertModel('PaymentPositionModelV3', updated);
    assert.equal(updated.paymentOption[0].installments[0].description, 'TARI 2026 bis unica');
  });

  it('publish: 200 is a PaymentPositionModelV3, VALID at once without a validity date', async () => {
    const published = ok(await send('POST', '/debtpositions/CONTRACT-1/publish'));
    assertModel('PaymentPositionModelV3', published);
    assert.equal(published.status, 'VALID');
    assert.ok(published.publishDate);
  });

  it('paids: 200 is a PaymentsModelResponse of gpd.json; the rata unica becomes UNPAYABLE', async () => {
    const position = ok(await send('GET', '/debtpositions/CONTRACT-1'));
    const nav = position.paymentOption[1].installments[0].nav;
    const paid = ok(
      await send('POST', `/paymentoptions/paids/${nav}`, {
        paymentDate: '2026-06-14T09:30:00Z',
        paymentMethod: 'bollettino',
        pspCompany: 'Poste Italiane',
        idReceipt: 'R-0001',
      }),
    );
    assertModel('PaymentsModelResponse', paid, V1);
    assert.deepEqual(
      { status: paid.status, nav: paid.nav, isPartialPayment: paid.isPartialPayment, amount: paid.amount },
      { status: 'PO_PAID', nav, isPartialPayment: true, amount: 10_016 },
    );
    const after = ok(await send('GET', '/debtpositions/CONTRACT-1'));
    assertModel('PaymentPositionModelResponseV3', after);
    assert.equal(after.status, 'PARTIALLY_PAID');
    assert.equal(after.paymentOption[0].installments[0].status, 'UNPAYABLE');
    assert.deepEqual(
      after.paymentOption[1].installments.map((i: { status: string }) => i.status),
      ['PAID', 'UNPAID', 'UNPAID'],
    );
    assert.equal(after.paymentOption[1].installments[0].paymentDate, '2026-06-14T09:30:00.000Z');
  });

  it('list: 200 is a PaymentPositionsInfoV3', async () => {
    ok(await send('POST', '/debtpositions', fullPosition('CONTRACT-2')), 201);
    const list = ok(await send('GET', '/debtpositions?limit=10&page=0'));
    assertModel('PaymentPositionsInfoV3', list);
    assert.deepEqual(list.page_info, { page: 0, limit: 10, items_found: 2, total_pages: 1 });
  });

  it('invalidate: answers a valid v3 model with status UNPAYABLE, kept on reading back', async () => {
    ok(await send('POST', '/debtpositions/CONTRACT-2/publish'));
    const invalid = ok(await send('POST', '/debtpositions/CONTRACT-2/invalidate'));
    assertModel('PaymentPositionModelV3', invalid);
    assertModel('PaymentPositionModelResponseV3', invalid);
    assert.equal(invalid.status, 'UNPAYABLE');
    const got = ok(await send('GET', '/debtpositions/CONTRACT-2'));
    assert.equal(got.status, 'UNPAYABLE');
    assert.ok(got.paymentOption.flatMap((o: { installments: { status: string }[] }) => o.installments).length === 4);
    for (const option of got.paymentOption) {
      for (const i of option.installments) assert.equal(i.status, 'UNPAYABLE');
    }
  });

  it('errors: 400, 401, 404, 409 and 422 bodies are ProblemJson', async () => {
    const answers = [
      [await send('POST', '/debtpositions', { iupd: 'X' }), 400],
      [await ctx.app.inject({ method: 'GET', url: `${URL_BASE}/debtpositions` }), 401],
      [await send('GET', '/debtpositions/NOPE'), 404],
      [await send('POST', '/debtpositions', fullPosition('CONTRACT-1')), 409],
      [await send('POST', '/debtpositions/CONTRACT-2/publish'), 409],
      [await send('POST', '/paymentoptions/paids/302000000000012320', {}), 404],
    ] as const;
    ok(await send('POST', '/debtpositions', fullPosition('CONTRACT-3')), 201);
    const draftNav = ok(await send('GET', '/debtpositions/CONTRACT-3')).paymentOption[0].installments[0].nav;
    const notPayable = await send('POST', `/paymentoptions/paids/${draftNav}`, {});
    for (const [res, status] of [...answers, [notPayable, 422] as const]) {
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assertModel('ProblemJson', res.json());
      assert.equal(res.json().status, status);
    }
  });

  it('expiry: an expired position reads back as UNPAYABLE with EXPIRED instalments', async () => {
    const body = fullPosition('CONTRACT-EXP');
    for (const option of body.paymentOption) option.switchToExpired = true;
    ok(await send('POST', '/debtpositions?toPublish=true', body), 201);
    ctx.clock.set('2027-01-02T10:00:00Z');
    assert.deepEqual(await ctx.services.lifecycle.advanceByTime(testActor), { validated: 0, expired: 1 });
    const got = ok(await send('GET', '/debtpositions/CONTRACT-EXP'));
    assertModel('PaymentPositionModelResponseV3', got);
    assert.equal(got.status, 'UNPAYABLE');
    assert.equal(got.paymentOption[0].installments[0].status, 'EXPIRED');
  });

  it('the models really constrain: a broken answer does not validate', async () => {
    const good = ok(await send('GET', '/debtpositions/CONTRACT-3'));
    assertModel('PaymentPositionModelV3', good);
    const broken = (change: (b: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return copy;
    };
    assertNotModel(
      'PaymentPositionModelV3',
      broken((b) => (b.status = 'INVALID')),
    );
    assertNotModel(
      'PaymentPositionModelV3',
      broken((b) => (b.paymentOption[0].installments[0].amount = '300.16')),
    );
    assertNotModel(
      'PaymentPositionModelV3',
      broken((b) => (b.paymentOption[0].installments[0].dueDate = '31/12/2026')),
    );
    assertNotModel(
      'PaymentPositionModelV3',
      broken((b) => delete b.paymentOption[0].installments[0].iuv),
    );
    assertNotModel(
      'PaymentPositionModelV3',
      broken((b) => delete b.paymentOption[0].switchToExpired),
    );
    assertNotModel('PaymentPositionsInfoV3', { payment_position_list: [good] });
  });
});
