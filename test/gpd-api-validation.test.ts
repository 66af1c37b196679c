// The GPD v3 API refuses malformed input loudly and precisely: problem+json naming every offending
// field, no coercion, no silently dropped fields, and nothing written when a request is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { api, ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';

const URL = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}/debtpositions`;
const IBAN = ENTITY_A.ibans[0]!;

/** A valid GPD v3 body: €15.00 due at the end of 2026, one transfer to the entity's IBAN. */
function body(iupd: string) {
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        switchToExpired: false,
        debtor: { type: 'F', fiscalCode: 'RSSMRA85T10A562S', fullName: 'Mario Rossi', country: 'IT' },
        installments: [
          {
            amount: 1500,
            description: 'TARI 2026',
            dueDate: '2026-12-31T23:59:59Z',
            installmentMetadata: [{ key: 'anno', value: '2026' }],
            transfer: [
              {
                idTransfer: '1',
                amount: 1500,
                remittanceInformation: 'TARI 2026',
                category: '9/0101101IM/',
                iban: IBAN,
                transferMetadata: [{ key: 'capitolo', value: '101' }],
              },
            ],
          },
        ],
      },
    ],
  };
}
type Body = ReturnType<typeof body>;
const option = (b: Body) => b.paymentOption[0]!;
const installment = (b: Body) => option(b).installments[0]!;
const transfer = (b: Body) => installment(b).transfer[0]!;
const INST = 'paymentOption[0].installments[0]';

/** Asserts an RFC 7807 answer with the given status and code; returns the body. */
function assertProblem(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = res.json();
  assert.equal(problem.status, status);
  assert.equal(problem.code, code);
  assert.equal(typeof problem.type, 'string');
  assert.ok(problem.title.length > 0 && problem.detail.length > 0, 'title and detail are filled in');
  return problem as { detail: string; errors?: { path: string; message: string }[] };
}

/** The paths listed in a VALIDATION_FAILED answer. */
function invalidPaths(res: LightMyRequestResponse): string[] {
  const problem = assertProblem(res, 400, 'VALIDATION_FAILED');
  assert.ok(problem.errors && problem.errors.length > 0, 'errors[] lists the problems');
  for (const e of problem.errors) assert.ok(e.message.length > 0, `a message for ${e.path}`);
  return problem.errors.map((e) => e.path).sort();
}

describe('GPD v3 API: input validation', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;
  const post = (payload: object | string, headers: Record<string, string> = {}) =>
    call({ method: 'POST', url: URL, payload, headers });

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
  });
  after(() => ctx.close());

  it('lists every field the JSON schema refuses, each by its GPD path', async () => {
    const b = body('SCHEMA-1');
    delete (b as Partial<Body>).companyName;
    (option(b).debtor as { type: string }).type = 'X';
    transfer(b).idTransfer = '9';
    (transfer(b) as { remittanceInformation: unknown }).remittanceInformation = 42;
    const paths = invalidPaths(await post(b));
    assert.deepEqual(paths, [
      'companyName',
      'paymentOption[0].debtor.type',
      `${INST}.transfer[0].idTransfer`,
      `${INST}.transfer[0].remittanceInformation`,
    ]);
  });

  it('lists every business rule broken, each by its GPD path', async () => {
    const b = body('RULES-1');
    option(b).debtor.fiscalCode = 'RSSMRA85T10A562T';
    installment(b).dueDate = '2026-06-14T10:00:00Z';
    installment(b).amount = 1600;
    transfer(b).iban = 'IT60X0542811101000000123457';
    const res = await post(b);
    assert.deepEqual(invalidPaths(res), [
      'paymentOption[0].debtor.fiscalCode',
      `${INST}.dueDate`,
      `${INST}.transfer`,
      `${INST}.transfer[0].iban`,
    ]);
    assert.match(res.json().detail, /and 3 more/);
  });

  it('reports a dueDate that is not a date instead of guessing', async () => {
    const b = body('DATE-1');
    installment(b).dueDate = '31/12/2026';
    assert.deepEqual(invalidPaths(await post(b)), [`${INST}.dueDate`]);
  });

  it('rejects unknown fields at every level instead of ignoring them', async () => {
    const b = body('UNKNOWN-1') as Body & Record<string, unknown>;
    b['colour'] = 'red';
    Object.assign(option(b), { priority: 1 });
    Object.assign(option(b).debtor, { nickname: 'Mario' });
    Object.assign(installment(b), { discount: 100 });
    Object.assign(installment(b).installmentMetadata[0]!, { note: 'x' });
    Object.assign(transfer(b), { bic: 'BPPIITRRXXX' });
    const paths = invalidPaths(await post(b));
    assert.deepEqual(paths, [
      'colour',
      'paymentOption[0].debtor.nickname',
      `${INST}.discount`,
      `${INST}.installmentMetadata[0].note`,
      `${INST}.transfer[0].bic`,
      'paymentOption[0].priority',
    ]);
    const res = await call({ method: 'GET', url: `${URL}/UNKNOWN-1` });
    assert.equal(res.statusCode, 404, 'nothing was created');
  });

  it('rejects amounts sent as strings or with decimals: no coercion', async () => {
    for (const [amount, transferAmount] of [
      ['1500', 1500],
      [15.0001, 1500],
      [1500, '1500'],
      [1500, 15.5],
    ] as const) {
      const b = body(`AMOUNT-${amount}-${transferAmount}`) as unknown as Body & Record<string, unknown>;
      (installment(b) as { amount: unknown }).amount = amount;
      (transfer(b) as { amount: unknown }).amount = transferAmount;
      const path =
        typeof amount === 'number' && Number.isInteger(amount) ? `${INST}.transfer[0].amount` : `${INST}.amount`;
      assert.deepEqual(invalidPaths(await post(b)), [path], `amount ${amount} / ${transferAmount}`);
    }
  });

  it('accepts the read-only GPD fields (status, fee, paymentDate) and ignores them', async () => {
    const b = body('READONLY-1');
    Object.assign(b, { status: 'PAID', paymentDate: '2026-06-01T10:00:00Z' });
    Object.assign(installment(b), { status: 'PAID', fee: 150, notificationFee: 200 });
    const res = await post(b);
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    assert.equal(created.status, 'DRAFT');
    assert.equal(created.paymentDate, undefined);
    const inst = created.paymentOption[0].installments[0];
    assert.equal(inst.status, 'UNPAID');
    assert.equal(inst.fee, undefined);
    assert.equal(inst.notificationFee, undefined);
    assert.equal(inst.amount, 1500);
  });

  it('answers 400 BAD_REQUEST to a body that is not JSON', async () => {
    for (const payload of ['{"iupd": "X",', 'not json at all', '']) {
      assertProblem(await post(payload, { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
    }
  });

  it('answers 415 to a body that is not sent as application/json', async () => {
    const json = JSON.stringify(body('MEDIA-1'));
    for (const type of ['application/xml', 'application/x-www-form-urlencoded', 'text/plain']) {
      assertProblem(await post(json, { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    assert.equal((await call({ method: 'GET', url: `${URL}/MEDIA-1` })).statusCode, 404);
  });

  it('answers 413 to a body over 1 MiB', async () => {
    const b = body('BIG-1');
    installment(b).description = 'x'.repeat(1024 * 1024);
    assertProblem(await post(JSON.stringify(b), { 'content-type': 'application/json' }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses __proto__ and constructor.prototype keys anywhere, and nothing gets polluted', async () => {
    const valid = JSON.stringify(body('PROTO-1'));
    const poisoned = [
      valid.replace('{"iupd"', '{"__proto__":{"polluted":true},"iupd"'),
      valid.replace('"debtor":{', '"debtor":{"__proto__":{"polluted":true},'),
      valid.replace('{"iupd"', '{"constructor":{"prototype":{"polluted":true}},"iupd"'),
      valid.replace('"idTransfer"', '"constructor":{"prototype":{"polluted":true}},"idTransfer"'),
    ];
    for (const payload of poisoned) {
      assert.notEqual(payload, valid);
      assertProblem(await post(payload, { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
    }
    // A plain `constructor` key is no poisoning, just an unknown field.
    const plain = valid.replace('{"iupd"', '{"constructor":{"x":1},"iupd"');
    assert.deepEqual(invalidPaths(await post(plain, { 'content-type': 'application/json' })), ['constructor']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
    assert.equal((await call({ method: 'GET', url: `${URL}/PROTO-1` })).statusCode, 404);
  });
});
