// What a receipt looks like from outside: the API (JSON, list, PDF) with tenant isolation, the PDF
// read back as a person and a phone would (text, QR code), and the public verification page the
// QR code opens — valid, altered, forged with another entity's key, unknown; escaped and not cached.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Receipt } from '../src/modules/receipts/receipt.ts';
import { privateKeyFromDer, signToken } from '../src/modules/receipts/signing.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { decodeQrCodes, pdfText } from './support/pdf.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let callA: ReturnType<typeof api>;
let callB: ReturnType<typeof api>;
let entityA: Entity;
let entityB: Entity;
let receiptA: Receipt;
let seq = 0;
const BASE_A = `/api/v1/organizations/${ENTITY_A.fiscalCode}/receipts`;

before(async () => {
  ctx = await testContext();
  const a = await entityWithKey(ctx, ENTITY_A);
  const b = await entityWithKey(ctx, ENTITY_B);
  entityA = a.entity;
  entityB = b.entity;
  callA = api(ctx, a.key);
  callB = api(ctx, b.key);
  receiptA = await pay(entityA, 'Mario Rossi', { idReceipt: 'BANK-7781', paymentMethod: 'bonifico' });
});
after(() => ctx.close());

/** A published single payment of `entity`, paid through the GPD paids route; its receipt. */
async function pay(entity: Entity, debtorName: string, payment: object = {}, cents = 15_000): Promise<Receipt> {
  const body = singlePayment(`DOC-${++seq}`, cents, '2026-12-31', entity.ibans[0]);
  body.companyName = entity.name;
  body.paymentOption[0]!.debtor.fullName = debtorName;
  const call = entity.id === entityA.id ? callA : callB;
  const org = `/api/gpd/v3/organizations/${entity.fiscalCode}`;
  const created = await call({ method: 'POST', url: `${org}/debtpositions?toPublish=true`, payload: body });
  assert.equal(created.statusCode, 201, created.body);
  const nav = created.json().paymentOption[0].installments[0].nav;
  const paid = await call({
    method: 'POST',
    url: `${org}/paymentoptions/paids/${nav}`,
    payload: { paymentDate: '2026-06-14T09:30:00Z', paymentChannel: 'BANK', ...payment },
  });
  assert.equal(paid.statusCode, 200, paid.body);
  return ctx.services.receipts.get(entity, paid.json().idReceipt, nav.slice(1));
}

const tokenOf = (url: string) => new URL(url).pathname.replace(/^\/verify\//, '');
const verifyPage = (token: string) => ctx.app.inject({ url: `/verify/${token}` });

describe('receipts API', () => {
  it('GET one receipt: its data and the URL of its verification page', async () => {
    const res = await callA({ method: 'GET', url: `${BASE_A}/BANK-7781` });
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.receiptId, 'BANK-7781');
    assert.equal(r.noticeNumber, receiptA.nav);
    assert.equal(r.iuv, receiptA.iuv);
    assert.equal(r.organizationFiscalCode, ENTITY_A.fiscalCode);
    assert.equal(r.amount, 15_000);
    assert.equal(r.paymentDateTime, '2026-06-14T09:30:00.000Z');
    assert.equal(r.paymentChannel, 'BANK');
    assert.equal(r.paymentMethod, 'bonifico');
    assert.equal(r.debtor.fullName, 'Mario Rossi');
    assert.equal(r.transfer[0].amount, 15_000);
    assert.equal(r.source, 'paids');
    assert.match(r.verificationUrl, /^http:\/\/localhost:3000\/verify\/[A-Za-z0-9_-]{162}$/);
    assert.equal((await verifyPage(tokenOf(r.verificationUrl))).statusCode, 200);
  });

  it("another entity's key gets the same 404 as a receipt that does not exist, for JSON, PDF and list", async () => {
    const foreign = await callB({ method: 'GET', url: `${BASE_A}/BANK-7781` });
    const missing = await callA({ method: 'GET', url: `${BASE_A}/NO-SUCH-RECEIPT` });
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(foreign.json(), missing.json());
    assert.equal((await callB({ method: 'GET', url: `${BASE_A}/BANK-7781/pdf` })).statusCode, 404);
    assert.equal((await callB({ method: 'GET', url: BASE_A })).statusCode, 404);
    // B's own URL does not reach A's receipt either.
    const own = await callB({ method: 'GET', url: `/api/v1/organizations/${ENTITY_B.fiscalCode}/receipts/BANK-7781` });
    assert.equal(own.statusCode, 404);
  });

  it('lists receipts by notice number, and asks for the IUV when a receipt id was reused', async () => {
    const other = await pay(entityA, 'Anna Verdi', { idReceipt: 'BATCH-1' });
    const second = await pay(entityA, 'Anna Verdi', { idReceipt: 'BATCH-1' });
    const list = await callA({ method: 'GET', url: `${BASE_A}?nav=${other.nav}` });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().receipts.map((r: { noticeNumber: string }) => r.noticeNumber),
      [other.nav],
    );
    assert.equal(list.json().page_info.total_items, 1);
    const all = await callA({ method: 'GET', url: `${BASE_A}?limit=2` });
    assert.equal(all.json().receipts.length, 2);
    assert.ok(all.json().page_info.total_items >= 3);
    const ambiguous = await callA({ method: 'GET', url: `${BASE_A}/BATCH-1` });
    assert.equal(ambiguous.statusCode, 409);
    assert.equal(ambiguous.json().code, 'RECEIPT_AMBIGUOUS');
    const named = await callA({ method: 'GET', url: `${BASE_A}/BATCH-1?iuv=${second.iuv}` });
    assert.equal(named.json().noticeNumber, second.nav);
    assert.equal((await callA({ method: 'GET', url: `${BASE_A}?nav=12` })).statusCode, 400);
  });
});

describe('receipt PDF', () => {
  for (const lang of ['it', 'it-en'] as const) {
    it(`(${lang}) reads back with the notice number, amount, entity and debtor, and its QR code verifies`, async () => {
      const res = await callA({ method: 'GET', url: `${BASE_A}/BANK-7781/pdf?lang=${lang}` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.match(String(res.headers['content-disposition']), /ricevuta-BANK-7781\.pdf/);
      const pdf = res.rawPayload;
      const text = await pdfText(pdf);
      const spaced = receiptA.nav.replace(/(\d{4})(?=\d)/g, '$1 ');
      assert.ok(text.includes(spaced), `notice number ${spaced} in:\n${text}`);
      assert.match(text, /150,00\s€/);
      assert.match(text, /Comune di Prova/);
      assert.match(text, new RegExp(ENTITY_A.fiscalCode));
      assert.match(text, /Mario Rossi/);
      assert.match(text, /BANK-7781/);
      assert.match(text, /14\/06\/2026 11:30:00/, 'the payment time in Italian time (UTC+2 in June)');
      assert.match(text, /Ricevuta di pagamento/);
      if (lang === 'it-en') assert.match(text, /Payment receipt/);
      else assert.doesNotMatch(text, /Payment receipt/);
      const [codes] = await decodeQrCodes(pdf);
      assert.equal(codes?.length, 1, 'one QR code');
      const url = codes![0]!;
      assert.match(url, /^http:\/\/localhost:3000\/verify\//);
      const verification = await ctx.services.receipts.verify(tokenOf(url));
      assert.ok(verification.valid);
      assert.equal(verification.receipt.id, receiptA.id);
    });
  }

  it('names the payment method in words (creditCard, PPAL), and prints an unknown one as it is', async () => {
    const cases = [
      ['creditCard', /Metodo di pagamento\s+Carta di pagamento \/ Payment card/],
      ['PPAL', /Metodo di pagamento\s+PayPal/],
      ['Carta Ente 7', /Metodo di pagamento\s+Carta Ente 7/],
    ] as const;
    for (const [method, printed] of cases) {
      const receipt = await pay(entityA, 'Anna Verdi', { idReceipt: `M-${method.length}`, paymentMethod: method });
      const res = await callA({ method: 'GET', url: `${BASE_A}/${receipt.receiptId}/pdf?lang=it-en` });
      assert.equal(res.statusCode, 200);
      const text = (await pdfText(res.rawPayload)).replace(/ *\n */g, ' ');
      assert.match(text, printed, text);
      if (method === 'creditCard') assert.doesNotMatch(text, /creditCard/);
    }
  });

  it('refuses an unknown language', async () => {
    assert.equal((await callA({ method: 'GET', url: `${BASE_A}/BANK-7781/pdf?lang=fr` })).statusCode, 400);
  });
});

describe('public verification page', () => {
  it('a valid token: 200, "Ricevuta valida / Valid receipt", the data, names masked, not cached', async () => {
    const url = await ctx.services.receipts.verificationUrl(receiptA, entityA, testActor);
    const res = await ctx.app.inject({ url: new URL(url).pathname });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(res.body, /Ricevuta valida/);
    assert.match(res.body, /Valid receipt/);
    assert.match(res.body, /Comune di Prova \(80016350821\)/);
    assert.ok(res.body.includes(receiptA.nav.replace(/(\d{4})(?=\d)/g, '$1 ')));
    assert.match(res.body, /150,00\s€/);
    assert.match(res.body, /14\/06\/2026 11:30:00/);
    assert.match(res.body, /M\*\*\*o R\*\*\*i/);
    assert.doesNotMatch(res.body, /Mario|Rossi|RSSMRA80A01H/, 'the full name and fiscal code are not shown');
    assert.match(res.body, /\*{12}501U/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    assert.doesNotMatch(res.body, /<script|https?:\/\//i, 'no script and no external asset');
  });

  it('a token with any one character changed: 404 "Ricevuta non valida", nothing of the receipt shown', async () => {
    const token = await ctx.services.receipts.verificationToken(receiptA, entityA, testActor);
    // Every position, one substitution each (the exhaustive sweep is in signing.test.ts).
    for (let at = 0; at < token.length; at++) {
      const ch = token[at] === 'A' ? 'B' : 'A';
      const res = await verifyPage(token.slice(0, at) + ch + token.slice(at + 1));
      assert.equal(res.statusCode, 404, `position ${at}`);
      assert.match(res.body, /Ricevuta non valida/);
      assert.doesNotMatch(res.body, /150,00|M\*\*\*o/);
    }
    for (const bad of ['x', 'not-a-token', token.slice(0, -1), `${token}A`]) {
      assert.equal((await verifyPage(bad)).statusCode, 404);
    }
  });

  it("a token signed with another entity's key does not verify, though that key and the receipt exist", async () => {
    const receiptB = await pay(entityB, 'Luca Neri');
    await ctx.services.receipts.verificationToken(receiptB, entityB, testActor); // B's key now exists
    const keyB = await ctx.services.database.db
      .selectFrom('signing_keys')
      .select(['id', 'private_key'])
      .where('entity_id', '=', entityB.id)
      .executeTakeFirstOrThrow();
    const claims = {
      receiptId: receiptA.id,
      entityFiscalCode: entityA.fiscalCode,
      noticeNumber: receiptA.nav,
      amountCents: receiptA.amountCents,
      paidAt: receiptA.paidAt,
    };
    const forged = signToken(claims, keyB.id, privateKeyFromDer(keyB.private_key));
    const res = await verifyPage(forged);
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Ricevuta non valida/);
    // A token whose claims were changed, even if re-signed with the right key, names data not on record.
    const keyA = await ctx.services.database.db
      .selectFrom('signing_keys')
      .select(['id', 'private_key'])
      .where('entity_id', '=', entityA.id)
      .executeTakeFirstOrThrow();
    const inflated = signToken({ ...claims, amountCents: 1_500_000 }, keyA.id, privateKeyFromDer(keyA.private_key));
    assert.equal((await verifyPage(inflated)).statusCode, 404);
    assert.equal((await verifyPage(signToken(claims, keyA.id, privateKeyFromDer(keyA.private_key)))).statusCode, 200);
  });

  it('escapes what the database holds: a debtor or an entity named <script>', async () => {
    const evil = await ctx.services.entities.create(
      { ...ENTITY_B, fiscalCode: '00743110157', name: 'Comune <script>alert(1)</script> & "Co"' },
      testActor,
    );
    const key = (await ctx.services.apiKeys.create(evil.fiscalCode, 't', testActor)).key;
    const body = singlePayment('EVIL-1', 15_000, '2026-12-31', evil.ibans[0]);
    body.paymentOption[0]!.debtor.fullName = '<script>alert("x")</script> Rossi';
    const org = `/api/gpd/v3/organizations/${evil.fiscalCode}`;
    const headers = { authorization: `Bearer ${key}` };
    const created = await ctx.app.inject({
      method: 'POST',
      url: `${org}/debtpositions?toPublish=true`,
      payload: body,
      headers,
    });
    const nav = created.json().paymentOption[0].installments[0].nav;
    const paid = await ctx.app.inject({
      method: 'POST',
      url: `${org}/paymentoptions/paids/${nav}`,
      payload: {},
      headers,
    });
    const receipt = await ctx.services.receipts.get(evil, paid.json().idReceipt);
    const url = await ctx.services.receipts.verificationUrl(receipt, evil, testActor);
    const res = await ctx.app.inject({ url: new URL(url).pathname });
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<script/i);
    assert.match(res.body, /Comune &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;Co&quot;/);
    assert.match(res.body, /&lt;\*\*\*&gt; R\*\*\*i/);
  });
});

describe('signing keys', () => {
  it('one key per entity even when its first uses race; the key creation is audited', async () => {
    const fresh = await ctx.services.entities.create(
      { ...ENTITY_B, fiscalCode: '02438750586', name: 'Ente' },
      testActor,
    );
    const key = (await ctx.services.apiKeys.create(fresh.fiscalCode, 't', testActor)).key;
    const org = `/api/gpd/v3/organizations/${fresh.fiscalCode}`;
    const headers = { authorization: `Bearer ${key}` };
    const created = await ctx.app.inject({
      method: 'POST',
      url: `${org}/debtpositions?toPublish=true`,
      payload: singlePayment('K-1', 15_000, '2026-12-31', fresh.ibans[0]),
      headers,
    });
    const nav = created.json().paymentOption[0].installments[0].nav;
    const paid = await ctx.app.inject({
      method: 'POST',
      url: `${org}/paymentoptions/paids/${nav}`,
      payload: {},
      headers,
    });
    const receipt = await ctx.services.receipts.get(fresh, paid.json().idReceipt);
    const tokens = await Promise.all(
      Array.from({ length: 8 }, () => ctx.services.receipts.verificationToken(receipt, fresh, testActor)),
    );
    const keys = await ctx.services.database.db
      .selectFrom('signing_keys')
      .select(['id', 'algorithm'])
      .where('entity_id', '=', fresh.id)
      .execute();
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.algorithm, 'Ed25519');
    assert.equal(new Set(tokens).size, 1, 'Ed25519 is deterministic: one key, one token');
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'signing_key.create')
      .where('entity_id', '=', fresh.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.after!).keyId, keys[0]!.id);
  });
});
