// The console's help desk over app.inject: one search box answering a notice number, an IUV, a
// receipt id, a fiscal code or a name with the story in plain words (Italian and English) — paid
// when, where and how, the receipt, when the back office was told —, several people as a short list,
// nothing as a helpful message, another entity's data never; and sending a receipt or a notice again
// to the citizen's confirmed address only, audited with a masked address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { postForm, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

let ctx: TestContext;
let a: Entity;
let b: Entity;
let helpDesk: SignedInOperator;
let base: string;
const CF = 'RSSMRA80A01H501U';
let paidNav: string;
let unpaidNav: string;
let theirNav: string;

async function payByPagopa(entity: Entity, nav: string, receiptId: string) {
  const answer = await soapCall(
    ctx.app,
    'paSendRTV2',
    receiptRequest('paSendRTV2', addressOf(entity), {
      receiptId,
      nav,
      iuv: nav.slice(1),
      fiscalCode: entity.fiscalCode,
      amount: '150.00',
      paymentDateTime: '2026-06-15T11:30:00',
      pspCompanyName: 'Tabaccheria Rossi',
      paymentMethod: 'PO',
      ...(entity.ibans[0] && { iban: entity.ibans[0] }),
    }),
  );
  assert.equal(answer.outcome, 'OK', answer.body);
}

const person = (iupd: string, fiscalCode: string, fullName: string, iban = ENTITY_A.ibans[0]) => {
  const p = singlePayment(iupd, 15_000, '2026-12-31', iban);
  return {
    ...p,
    paymentOption: p.paymentOption.map((o) => ({ ...o, debtor: { type: 'F' as const, fiscalCode, fullName } })),
  };
};

before(async () => {
  ctx = await testContext();
  a = await ctx.services.entities.create(ENTITY_A, testActor);
  b = await ctx.services.entities.create(ENTITY_B, testActor);
  await ctx.services.webhooks.create(a, { url: 'https://ente.example/hook', events: ['installment.paid'] }, testActor);
  const paid = await ctx.services.positions.create(a, singlePayment('HD-PAID'), { toPublish: true }, testActor);
  paidNav = paid.options[0]!.installments[0]!.nav;
  await payByPagopa(a, paidNav, 'rcpt-hd-1');
  await ctx.services.events.drain('webhooks');
  await ctx.services.webhooks.settled();
  // The back office answered at 11:34 Rome time.
  await ctx.services.database.db
    .updateTable('webhook_deliveries')
    .set({ status: 'DELIVERED', delivered_at: new Date('2026-06-15T09:34:00Z'), attempts: 1 })
    .execute();
  const unpaid = await ctx.services.positions.create(a, singlePayment('HD-OPEN'), { toPublish: true }, testActor);
  unpaidNav = unpaid.options[0]!.installments[0]!.nav;
  await ctx.services.positions.create(
    a,
    person('HD-G1', 'BNCGLI85M41H501Y', 'Giulia Bianchi'),
    { toPublish: true },
    testActor,
  );
  await ctx.services.positions.create(
    a,
    person('HD-G2', 'VRDGLI90A41F205X', 'Giulia Verdi'),
    { toPublish: true },
    testActor,
  );
  // Entity B: the same citizen, paid too, and a receipt id of its own.
  const theirs = await ctx.services.positions.create(
    b,
    person('HD-B', CF, 'Mario Rossi', ENTITY_B.ibans[0]),
    { toPublish: true },
    testActor,
  );
  theirNav = theirs.options[0]!.installments[0]!.nav;
  await payByPagopa(b, theirNav, 'rcpt-hd-b');
  helpDesk = await signedInOperator(ctx, { entityId: a.id, email: 'urp@comune.example.it', roles: ['help-desk'] });
  base = `/console/e/${a.fiscalCode}/assistenza`;
});
after(() => ctx.close());

const search = (q: string, lang = '') =>
  ctx.app.inject({ url: `${base}?q=${encodeURIComponent(q)}${lang}`, headers: { cookie: helpDesk.cookie } });
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’');

describe('the help desk’s search box', () => {
  it('tells a notice’s story in plain words: paid when, where, how, the receipt, when the back office knew', async () => {
    for (const q of [paidNav, paidNav.slice(1), `${paidNav.slice(0, 4)} ${paidNav.slice(4)}`]) {
      const res = await search(q);
      assert.equal(res.statusCode, 200);
      const text = plain(res.body);
      assert.match(text, new RegExp(`La storia dell’avviso ${paidNav}`));
      assert.match(
        text,
        /Pagato il 15 giugno 2026 alle 11:30 presso Tabaccheria Rossi con Pagamento presso il prestatore di servizi, tramite pagoPA; ricevuta rcpt-hd-1\./,
      );
      assert.match(text, /Il gestionale è stato avvisato il 15 giugno 2026 alle 11:34\./);
      assert.ok(res.body.includes(`/console/e/${a.fiscalCode}/posizioni/HD-PAID`), 'links to the position');
    }
    const en = plain((await search(paidNav, '&lang=en')).body);
    assert.match(
      en,
      /Paid on 15 June 2026 at 11:30 at Tabaccheria Rossi by Paid at the payment service provider, through pagoPA; receipt rcpt-hd-1\./,
    );
    assert.match(en, /The back office was told on 15 June 2026 at 11:34\./);
  });

  it('finds a receipt by its id, and a person’s whole story by fiscal code', async () => {
    const receipt = plain((await search('rcpt-hd-1')).body);
    assert.match(receipt, /La storia della ricevuta rcpt-hd-1/);
    assert.match(receipt, /ricevuta rcpt-hd-1\./);
    const res = await search(CF.toLowerCase());
    const text = plain(res.body);
    assert.match(text, /La storia di Mario Rossi \(RSSMRA80A01H501U\)/);
    assert.match(text, /posizione HD-PAID, intestata a Mario Rossi: pagata\./);
    assert.match(text, new RegExp(`Avviso ${unpaidNav} di 150,00\\s€, scadenza 31/12/2026: da pagare\\.`));
  });

  it('several people: a short list; nothing: a helpful message', async () => {
    const res = await search('giulia');
    const text = plain(res.body);
    assert.match(text, /Più persone corrispondono/);
    assert.match(text, /Giulia Bianchi BNCGLI85M41H501Y 1/);
    assert.match(text, /Giulia Verdi VRDGLI90A41F205X 1/);
    assert.ok(res.body.includes(`${base}?q=BNCGLI85M41H501Y`));
    const one = plain((await search('giulia verdi')).body);
    assert.match(one, /La storia di Giulia Verdi/);
    const none = plain((await search('zzzz')).body);
    assert.match(none, /Nessun risultato per «zzzz»\. Controlla le cifre/);
  });

  it('never tells another entity’s data', async () => {
    for (const q of [theirNav, 'rcpt-hd-b', 'HD-B']) {
      const text = plain((await search(q)).body);
      assert.match(text, /Nessun risultato/, q);
    }
    const person = (await search(CF)).body;
    assert.ok(!person.includes('HD-B') && !person.includes(theirNav) && !person.includes('rcpt-hd-b'));
  });
});

describe('sending a receipt or a notice again', () => {
  // The documents sent (the outbox also holds the profile's confirmation codes).
  const outbox = async () =>
    (await ctx.services.database.db.selectFrom('test_outbox').selectAll().orderBy('created_at').execute()).filter((m) =>
      m.body.includes('.pdf:'),
    );
  const send = (fields: Record<string, string>) => postForm(ctx.app, helpDesk, `${base}/invio`, fields);

  it('sends nothing without a confirmed address (an unconfirmed one is not enough)', async () => {
    const res = await send({ kind: 'receipt', receiptId: 'rcpt-hd-1', back: `${base}?q=${CF}` });
    assert.equal(res.statusCode, 409);
    assert.match(plain(res.body), /Non inviato: il cittadino non ha un indirizzo e-mail confermato/);
    // An address waiting for its code is not a confirmed one.
    const asked = await ctx.services.profiles.requestCode(CF, 'email', 'mario.rossi@example.it', 'it', testActor);
    assert.equal(asked.sent, true);
    const pending = await send({ kind: 'notice', nav: unpaidNav });
    assert.equal(pending.statusCode, 409);
    assert.deepEqual(await outbox(), []);
  });

  it('sends the receipt and the notice as PDFs to the confirmed address, audited with it masked', async () => {
    const db = ctx.services.database.db;
    await db
      .insertInto('citizen_profiles')
      .values({
        fiscal_code: CF,
        email: 'mario.rossi@example.it',
        email_confirmed_at: new Date(),
        updated_at: new Date(),
      })
      .onConflict((oc) =>
        oc.column('fiscal_code').doUpdateSet({ email: 'mario.rossi@example.it', email_confirmed_at: new Date() }),
      )
      .execute();
    const res = await send({
      kind: 'receipt',
      receiptId: 'rcpt-hd-1',
      back: `${base}?q=${CF}`,
      to: 'someone@else.example',
    });
    assert.equal(res.statusCode, 200);
    assert.match(plain(res.body), /Inviato all’indirizzo confermato del cittadino \(m\*\*\*@example\.it\)/);
    assert.ok(res.body.includes(`href="${base}?q=${CF}"`), 'the way back');
    const notice = await send({ kind: 'notice', nav: unpaidNav, back: 'https://evil.example/' });
    assert.equal(notice.statusCode, 200);
    assert.ok(notice.body.includes(`href="${base}"`), 'a foreign back is the help desk');
    const sent = await outbox();
    assert.equal(sent.length, 2);
    assert.ok(sent.every((m) => m.recipient === 'mario.rossi@example.it' && m.fiscal_code === CF));
    assert.match(sent[0]!.subject ?? '', /Ricevuta di pagamento/);
    assert.match(sent[0]!.body, new RegExp(`\\[ricevuta-${paidNav}\\.pdf: \\d{4,} byte\\]`));
    assert.match(sent[1]!.body, /\.pdf: \d{4,} byte\]/);
    const audits = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', ['message.receipt.resend', 'message.notice.resend'])
      .orderBy('seq')
      .execute();
    assert.equal(audits.length, 2);
    for (const audit of audits) {
      assert.equal(audit.actor, `operator:${helpDesk.operatorId}`);
      assert.ok(JSON.stringify(audit.after).includes('m***@example.it'));
      assert.ok(!JSON.stringify(audit.after).includes('mario.rossi'));
    }
  });

  it('another entity’s receipt or notice is not found, and nothing is sent', async () => {
    const before = (await outbox()).length;
    assert.equal((await send({ kind: 'receipt', receiptId: 'rcpt-hd-b' })).statusCode, 404);
    assert.equal((await send({ kind: 'notice', nav: theirNav })).statusCode, 404);
    assert.equal((await send({ kind: 'fax', nav: unpaidNav })).statusCode, 400);
    assert.equal((await outbox()).length, before);
  });
});
