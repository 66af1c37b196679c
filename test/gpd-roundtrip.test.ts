// A position read with GET and sent back unchanged with PUT (or POST) is accepted: the read-only
// fields GPD's GET answers are accepted and ignored. Never applied (battery E5, mass assignment):
// a status, payment or owner sent in them changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testContext } from './support/context.ts';

const URL = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}/debtpositions`;

function body(iupd: string) {
  const transfer = (amount: number) => ({
    idTransfer: '1',
    amount,
    remittanceInformation: 'TARI 2026',
    category: '9/0101101IM/',
    iban: ENTITY_A.ibans[0]!,
    transferMetadata: [{ key: 'capitolo', value: '1010' }],
  });
  return {
    iupd,
    companyName: 'Comune di Prova',
    officeName: 'Ufficio Tributi',
    paymentOption: [
      {
        retentionDate: '2028-12-31T23:59:59',
        debtor: { type: 'F', fiscalCode: 'RSSMRA85T10A562S', fullName: 'Mario Rossi', city: 'Palermo' },
        installments: [
          { amount: 1500, description: 'TARI rata 1', dueDate: '2026-09-30', transfer: [transfer(1500)] },
          { amount: 2500, description: 'TARI rata 2', dueDate: '2026-11-30', transfer: [transfer(2500)] },
        ],
      },
    ],
  };
}

function ok(res: LightMyRequestResponse, status = 200) {
  assert.equal(res.statusCode, status, res.body);
  return res.json();
}

/** The answer without the fields that say when it was last written. */
function content(position: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(position, (key, value) => (key === 'lastUpdatedDate' ? undefined : value)));
}

describe('GPD v3 API: GET → PUT round trip with the read-only fields', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
    await entityWithKey(ctx, ENTITY_B);
  });
  after(() => ctx.close());

  it('a position read with GET is accepted back by PUT unchanged, and stays the same', async () => {
    ok(await call({ method: 'POST', url: URL, payload: body('ROUND-1') }), 201);
    const read = ok(await call({ method: 'GET', url: `${URL}/ROUND-1` }));
    assert.equal(read.organizationFiscalCode, ENTITY_A.fiscalCode);
    const updated = ok(await call({ method: 'PUT', url: `${URL}/ROUND-1`, payload: read }));
    assert.deepEqual(content(updated), content(read));
    assert.deepEqual(content(ok(await call({ method: 'GET', url: `${URL}/ROUND-1` }))), content(read));
  });

  it('what GET answered is accepted by POST as a new position (another iupd)', async () => {
    const read = ok(await call({ method: 'GET', url: `${URL}/ROUND-1` }));
    for (const inst of read.paymentOption[0].installments) {
      delete inst.nav;
      delete inst.iuv;
    }
    const created = ok(await call({ method: 'POST', url: URL, payload: { ...read, iupd: 'ROUND-2' } }), 201);
    assert.equal(created.status, 'DRAFT');
    assert.equal(created.paymentOption[0].installments.length, 2);
  });

  it('read-only fields sent with other values are ignored, not applied (mass assignment)', async () => {
    const read = ok(await call({ method: 'GET', url: `${URL}/ROUND-1` }));
    const forged = structuredClone(read);
    Object.assign(forged, {
      organizationFiscalCode: ENTITY_B.fiscalCode,
      status: 'PAID',
      paymentDate: '2026-06-01T10:00:00',
      insertedDate: '2020-01-01T00:00:00Z',
      publishDate: '2026-06-01T10:00:00Z',
      lastUpdatedDate: '2020-01-01T00:00:00Z',
    });
    forged.paymentOption[0].insertedDate = '2020-01-01T00:00:00Z';
    for (const inst of forged.paymentOption[0].installments) {
      Object.assign(inst, {
        organizationFiscalCode: ENTITY_B.fiscalCode,
        status: 'PAID',
        paymentDate: '2026-06-01T10:00:00',
        reportingDate: '2026-06-02T10:00:00',
        paymentMethod: 'cash',
        paymentChannel: 'CASH',
        pspCompany: 'Banca Finta',
        idReceipt: 'FORGED-1',
        idFlowReporting: 'FLOW-1',
        fee: 100,
        notificationFee: 200,
        lastUpdatedDate: '2020-01-01T00:00:00Z',
      });
      for (const t of inst.transfer) Object.assign(t, { status: 'T_REPORTED', insertedDate: '2020-01-01T00:00:00Z' });
    }
    const updated = ok(await call({ method: 'PUT', url: `${URL}/ROUND-1`, payload: forged }));
    assert.deepEqual(content(updated), content(read));
    const after = ok(await call({ method: 'GET', url: `${URL}/ROUND-1` }));
    assert.deepEqual(content(after), content(read));
    assert.equal(after.status, 'DRAFT');
    assert.equal(after.organizationFiscalCode, ENTITY_A.fiscalCode);
    for (const inst of after.paymentOption[0].installments) {
      assert.equal(inst.status, 'UNPAID');
      assert.equal(inst.paymentDate, undefined);
      assert.equal(inst.idReceipt, undefined);
    }
    const receipts = ok(await call({ method: 'GET', url: `/api/v1/organizations/${ENTITY_A.fiscalCode}/receipts` }));
    assert.deepEqual(receipts.receipts, []);
  });

  it('read-only fields are still shape-checked: garbage is a 400 naming the field', async () => {
    const read = ok(await call({ method: 'GET', url: `${URL}/ROUND-1` }));
    read.insertedDate = 'yesterday';
    read.paymentOption[0].installments[0].pspCompany = 42;
    const res = await call({ method: 'PUT', url: `${URL}/ROUND-1`, payload: read });
    assert.equal(res.statusCode, 400, res.body);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    assert.deepEqual(paths.sort(), ['insertedDate', 'paymentOption[0].installments[0].pspCompany']);
  });
});
