// Property-based contract test: bodies generated from GPD's own request schema (gpd_v3.json) are
// sent to Cassa. Every body GPD's schema accepts is accepted by Cassa, or refused only for one of
// the business rules listed below; every answer validates against GPD's response schemas; every
// position accepted survives GET → PUT unchanged. FC_SEED=<seed> replays a failing run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { buildNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testContext } from './support/context.ts';
import type { LooseJson } from './support/loose-json.ts';
import { type JsonSchema, schemaArbitrary } from './support/schema-arbitrary.ts';

const SPEC = JSON.parse(
  readFileSync(new URL('../specs/pagopa/pagopa-api_SANP3.13.0/openapi/gpd_v3.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...SPEC, $id: 'gpd_v3' });
const modelErrors = (model: string, value: unknown) => {
  const validate = ajv.getSchema(`gpd_v3#/components/schemas/${model}`)!;
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${model}${e.instancePath} ${e.message}`);
};

const BASE = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}/debtpositions`;
const CASES = 120;
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;

const P = String.raw`paymentOption\[\d+\]`;
const I = String.raw`${P}\.installments\[\d+\]`;
const T = String.raw`${I}\.transfer\[\d+\]`;
const at = (path: string) => new RegExp(`^${path}$`);

/**
 * The business rules (and limits stricter than GPD's schema) for which Cassa may refuse a body GPD's
 * schema accepts: problem code, the field, and the message when the field alone does not say it.
 */
const RULES: { code: string; path: RegExp; message?: RegExp; rule: string }[] = [
  { code: 'POSITION_EXISTS', path: /^$/, rule: 'the iupd is in use' },
  { code: 'NOTICE_NUMBER_TAKEN', path: /^$/, rule: 'a supplied notice number is in use' },
  { code: 'VALIDATION_FAILED', path: /^iupd$/, rule: 'IUPD: 1–140 letters, digits and . _ : ~ @ + = -' },
  {
    code: 'VALIDATION_FAILED',
    path: /./,
    message: /^must not be empty$|^must not contain control characters$/,
    rule: 'text fields are not empty (GPD allows minLength 0) and hold no control characters',
  },
  {
    code: 'VALIDATION_FAILED',
    path: at(`${P}\\.debtor\\.(fullName|streetName|civicNumber|postalCode|city|province|region|email|phone)`),
    message: /^must NOT have more than \d+ characters$/,
    rule: 'debtor fields within pagoPA’s lengths (ctSubject)',
  },
  {
    code: 'VALIDATION_FAILED',
    path: at(`${P}\\.debtor\\.fiscalCode`),
    rule: 'a real codice fiscale, P.IVA or ANONIMO',
  },
  { code: 'VALIDATION_FAILED', path: at(`${P}\\.debtor\\.email`), rule: 'an e-mail address' },
  {
    code: 'VALIDATION_FAILED',
    path: at(`(${P}\\.debtor\\.country|${T}\\.stamp\\.provincialResidence)`),
    rule: 'two capital letters exactly (GPD’s pattern [A-Z]{2} is not anchored)',
  },
  { code: 'VALIDATION_FAILED', path: at(`${P}\\.validityDate`), rule: 'validity date in the future (create)' },
  { code: 'VALIDATION_FAILED', path: at(`${I}\\.dueDate`), rule: 'due date not past, not before validity' },
  { code: 'VALIDATION_FAILED', path: at(`${P}\\.retentionDate`), rule: 'retention date not before a due date' },
  { code: 'VALIDATION_FAILED', path: at(`(${I}|${T})\\.amount`), rule: 'amounts up to 99 999 999 999 cents' },
  {
    code: 'VALIDATION_FAILED',
    path: at(`${I}\\.transfer`),
    rule: 'at most 5 transfers, adding up to the instalment amount',
  },
  { code: 'VALIDATION_FAILED', path: at(`${T}\\.idTransfer`), rule: 'idTransfer not repeated in an instalment' },
  {
    code: 'VALIDATION_FAILED',
    path: at(`${I}\\.(nav|iuv)`),
    rule: 'notice numbers: aux 3, the entity’s code, check digits, unique',
  },
  { code: 'VALIDATION_FAILED', path: at(T), rule: 'either an iban or a stamp' },
  {
    code: 'VALIDATION_FAILED',
    path: at(`${T}\\.(iban|postalIban|category|organizationFiscalCode|stamp\\.hashDocument|stamp\\.stampType)`),
    rule: 'a valid IBAN (the entity’s own for its transfers), taxonomy code, beneficiary fiscal code, stamp',
  },
  {
    code: 'VALIDATION_FAILED',
    path: at(`(${I}\\.installmentMetadata|${T}\\.transferMetadata)(\\[\\d+\\]\\.(key|value))?`),
    rule: 'metadata: keys unique and non-empty, at most 140 characters',
  },
];

function undocumented(status: number, body: { code?: string; errors?: { path: string; message: string }[] }) {
  const problems = body.errors ?? [{ path: '', message: '' }];
  return problems
    .filter(
      (p) =>
        !RULES.some((r) => r.code === body.code && r.path.test(p.path) && (!r.message || r.message.test(p.message))),
    )
    .map((p) => `${status} ${body.code} ${p.path}: ${p.message}`);
}

// Values a schema cannot describe (what a fiscal code or an IBAN is), mixed in with the schema's own.
const hints: Record<string, fc.Arbitrary<unknown>> = {
  fiscalCode: fc.constantFrom('RSSMRA85T10A562S', 'RSSMRA80A01H501U', 'ANONIMO'),
  organizationFiscalCode: fc.constantFrom(ENTITY_A.fiscalCode, ENTITY_B.fiscalCode),
  iban: fc.constant(ENTITY_A.ibans[0]),
  postalIban: fc.constant(ENTITY_B.ibans[0]),
  category: fc.constantFrom('9/0101101IM/', '9/0301109AP/'),
  email: fc.constant('mario.rossi@example.it'),
  country: fc.constant('IT'),
  provincialResidence: fc.constant('RM'),
  hashDocument: fc.constant('cXVlc3RhIMOoIHVuYSBwcm92YQ=='),
  stampType: fc.constant('01'),
  iupd: fc.stringMatching(/^[A-Z][A-Z0-9-]{0,30}$/),
  amount: fc.integer({ min: 1, max: 500_000 }),
  // Text of the lengths Cassa keeps (the schema's strings may be empty or longer).
  ...Object.fromEntries(
    ['companyName', 'description', 'remittanceInformation', 'fullName', 'key', 'city', 'streetName'].map((name) => [
      name,
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,'-]{0,29}$/),
    ]),
  ),
  civicNumber: fc.stringMatching(/^[0-9]{1,4}[A-Z]?$/),
  postalCode: fc.stringMatching(/^[0-9]{5}$/),
  dueDate: fc
    .date({ min: new Date('2026-07-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
};

let nextBase = 1;
/**
 * What GPD's schema cannot say and Cassa's rules check, made true on half the bodies so that many
 * are accepted: transfers 1..n adding up to their instalment, exactly one of iban and stamp, IUVs
 * of the entity, an iupd not used before, no validity or retention date, at least one transfer.
 * The other half go as generated.
 */
function coherent(body: LooseJson): LooseJson {
  body.iupd = `P${nextBase}-${body.iupd}`.slice(0, 140);
  for (const option of body.paymentOption) {
    delete option.validityDate;
    delete option.retentionDate;
    for (const inst of option.installments) {
      inst.transfer = (inst.transfer ?? []).slice(0, 5);
      if (inst.transfer.length === 0) {
        const iban = ENTITY_A.ibans[0];
        inst.transfer.push({
          idTransfer: '1',
          amount: 100,
          remittanceInformation: 'Tributo',
          category: '9/0101101IM/',
          iban,
        });
        inst.transfer[0].transferMetadata = [];
      }
      inst.transfer.forEach((t: LooseJson, i: number) => {
        t.idTransfer = String(i + 1);
        if (t.stamp) delete t.iban;
        if (t.iban === undefined && !t.stamp) t.iban = ENTITY_A.ibans[0];
        if (!t.iban) delete t.postalIban;
      });
      inst.amount = inst.transfer.reduce((sum: number, t: LooseJson) => sum + t.amount, 0);
      inst.iuv = buildNoticeNumber(ENTITY_A.segregationCode!, BigInt(nextBase++)).slice(1);
      if (inst.nav !== undefined) inst.nav = `3${inst.iuv}`;
    }
  }
  return body;
}

describe('GPD v3 contract: property-based', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
    nextBase = 1;
  });
  after(() => ctx.close());

  it(`${CASES} bodies of gpd_v3.json: accepted or refused for a listed rule; answers are GPD's models`, async (t) => {
    const generate = (hintsOnly: boolean) =>
      schemaArbitrary({ $ref: '#/components/schemas/PaymentPositionModelV3' } as JsonSchema, {
        components: SPEC.components.schemas,
        hints,
        hintsOnly,
      });
    // Half as generated (hints mixed with the schema's own values), half hinted and made coherent.
    const body = fc.oneof(
      generate(false).map((b) => [b, false] as const),
      generate(true).map((b) => [b, true] as const),
    );
    let accepted = 0;
    await fc
      .assert(
        fc.asyncProperty(body, async ([generated, fix]) => {
          const sent = fix ? coherent(structuredClone(generated)) : generated;
          assert.deepEqual(modelErrors('PaymentPositionModelV3', sent), [], 'the generator makes valid GPD bodies');
          const created = await call({ method: 'POST', url: BASE, payload: sent as object });
          if (created.statusCode !== 201) {
            assert.deepEqual(modelErrors('ProblemJson', created.json()), []);
            assert.deepEqual(undocumented(created.statusCode, created.json()), []);
            return;
          }
          accepted++;
          assert.deepEqual(modelErrors('PaymentPositionModelResponseV3', created.json()), []);
          const url = `${BASE}/${encodeURIComponent((sent as { iupd: string }).iupd)}`;
          const read = await call({ method: 'GET', url });
          assert.equal(read.statusCode, 200, read.body);
          assert.deepEqual(modelErrors('PaymentPositionModelResponseV3', read.json()), []);
          const put = await call({ method: 'PUT', url, payload: read.json() });
          assert.equal(put.statusCode, 200, put.body);
          assert.deepEqual(modelErrors('PaymentPositionModelResponseV3', put.json()), []);
          const strip = (v: unknown) =>
            JSON.parse(JSON.stringify(v, (k, x) => (k === 'lastUpdatedDate' ? undefined : x)));
          assert.deepEqual(strip(put.json()), strip(read.json()), 'GET → PUT changes nothing');
        }),
        { numRuns: CASES, seed: SEED, endOnFailure: true },
      )
      .catch((error: Error) => {
        const cause = error.cause instanceof Error ? `\n${error.cause.stack}` : '';
        throw new Error(`seed ${SEED} (FC_SEED=${SEED} to replay): ${error.message}${cause}`);
      });
    t.diagnostic(`seed ${SEED}: ${accepted} of ${CASES} accepted and round-tripped`);
    assert.ok(accepted >= CASES / 10, `at least a tenth accepted (${accepted} of ${CASES}), seed ${SEED}`);
  });
});
