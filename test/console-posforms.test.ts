// The console's position forms and acts over app.inject: creating a position by form (Italian
// amounts, a plan of instalments, "add an instalment", the same form sent twice), every kind of
// refused form (problems at their fields, in Italian and English, nothing written), editing (not a
// paid one: the page says why), publishing, invalidating with a reason, recording a payment taken at
// the counter (twice: counted once), and the notice PDF. The audit records name the operator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { canteenService } from './support/catalogue.ts';
import { summary } from './support/console.ts';
import { pageAs, postForm, rowCount, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
let admin: SignedInOperator;
let finance: SignedInOperator;
let serviceId: string;
let base: string;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  serviceId = (await ctx.services.catalogue.create(entity, canteenService(), testActor)).id;
  admin = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'admin@comune.example.it',
    roles: ['administrator'],
  });
  finance = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'ragioneria@comune.example.it',
    roles: ['finance-office'],
  });
  base = `/console/e/${entity.fiscalCode}/posizioni`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;
const count = (table: 'positions' | 'audit_log' | 'receipts') => rowCount(db(), table);
const lastAudit = async (action: string) =>
  db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();
const get = (who: SignedInOperator, url: string) => pageAs(ctx.app, who, url);

const valid = () => ({
  debtorFiscalCode: 'rssmra80a01h501u',
  debtorName: 'Mario Rossi',
  debtorEmail: 'mario.rossi@example.it',
  description: 'Refezione scolastica 2026',
  service: serviceId,
  amount1: '1.234,56',
  due1: '31/12/2026',
  amount2: '1234.56',
  due2: '2027-01-31',
  publish: '1',
});

describe('creating a position by form', () => {
  it('shows the form with the catalogue’s services and two instalment rows', async () => {
    const res = await get(admin, `${base}/nuova`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Nuova posizione debitoria<\/h1>/);
    assert.ok(res.body.includes(`value="${serviceId}"`));
    assert.ok(res.body.includes('id="amount2"') && !res.body.includes('id="amount3"'));
  });

  it('"add an instalment" shows one more row and saves nothing', async () => {
    const before = await count('positions');
    const res = await postForm(ctx.app, admin, `${base}/nuova`, { ...valid(), rows: '2', addRow: '1' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('id="amount3"'));
    assert.ok(res.body.includes('value="1.234,56"'), 'what was typed is kept');
    assert.equal(await count('positions'), before);
  });

  it('creates a published plan of two instalments from Italian amounts; the same form twice makes one', async () => {
    const formKey = '01234567-89ab-7def-8123-456789abcd99';
    const before = await count('positions');
    const res = await postForm(ctx.app, admin, `${base}/nuova`, { ...valid(), formKey });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const iupd = `C-${formKey}`;
    assert.equal(res.headers.location, `${base}/${iupd}?fatto=creata`);
    const position = (await ctx.services.positions.find(entity, iupd))!;
    assert.equal(position.status, 'VALID');
    const [first, second] = position.options[0]!.installments;
    assert.deepEqual(
      [first!.amountCents, first!.dueDate, second!.amountCents, second!.dueDate],
      [123_456, '2026-12-31', 123_456, '2027-01-31'],
    );
    assert.equal(position.options[0]!.debtor.fiscalCode, 'RSSMRA80A01H501U');
    assert.ok(first!.transfers[0]!.metadata.some((m) => m.key === 'cassaService' && m.value === serviceId));
    const audit = await lastAudit('position.create');
    assert.equal(audit.actor, `operator:${admin.operatorId}`);
    const again = await postForm(ctx.app, admin, `${base}/nuova`, { ...valid(), formKey });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, res.headers.location);
    assert.equal(await count('positions'), before + 1, 'one position for one form');
  });

  it('refuses every kind of problem at its field, in Italian, and writes nothing', async () => {
    const before = [await count('positions'), await count('audit_log')];
    const empty = await postForm(ctx.app, admin, `${base}/nuova`, {});
    assert.equal(empty.statusCode, 400);
    const fields = [...empty.body.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(fields, ['debtorFiscalCode', 'debtorName', 'description', 'service', 'amount1']);
    assert.ok(summary(empty.body).includes('Descrizione: è obbligatorio.'));

    const bad = await postForm(ctx.app, admin, `${base}/nuova`, {
      ...valid(),
      debtorFiscalCode: 'RSSMRA80A01H501X',
      debtorEmail: 'non-una-mail',
      amount1: '12,345',
      due1: '2026-01-10',
      amount2: '10,00',
      due2: '32/13/2026',
    });
    assert.equal(bad.statusCode, 400);
    const messages = summary(bad.body);
    const expected = [
      'Codice fiscale o partita IVA: non è un codice fiscale valido (16 caratteri) né una partita IVA (11 cifre).',
      'E-mail: non è un indirizzo e-mail (scrivi nome@dominio.it).',
      'Importo in euro (rata 1): non è un importo: scrivi per esempio 1.234,56 o 1234.56.',
      'Scadenza (rata 2): non è una data: scrivi per esempio 31/12/2026.',
      'Scadenza (rata 1): non può essere passata (oggi è il 15/06/2026).',
    ];
    for (const message of expected) assert.ok(messages.includes(message), `${message} in ${messages.join(' | ')}`);
    // Each message also at its field, linked for screen readers.
    assert.match(
      bad.body,
      /id="due1" name="due1" value="2026-01-10" aria-invalid="true" aria-describedby="due1-error"/,
    );
    assert.match(
      bad.body,
      /<div id="due1-error" class="invalid-feedback d-block">Scadenza \(rata 1\): non può essere passata/,
    );
    assert.deepEqual([await count('positions'), await count('audit_log')], before, 'nothing written');
  });

  it('says the service’s rules in English on English pages', async () => {
    const res = await postForm(ctx.app, admin, `${base}/nuova?lang=en`, { ...valid(), due1: '2026-01-10' });
    assert.equal(res.statusCode, 400);
    assert.ok(summary(res.body).includes('Due date (instalment 1): must not be in the past (today is 2026-06-15)'));
  });

  it('a role limited to some services may not create positions of every service: 403, nothing written', async () => {
    await ctx.services.operators.roles.define(
      entity.id,
      { name: 'Mensa', grants: [{ area: 'positions', access: 'write' }], services: ['mensa'] },
      testActor,
    );
    const limited = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'mensa@comune.example.it',
      roles: ['Mensa'],
    });
    const before = await count('positions');
    const res = await postForm(ctx.app, limited, `${base}/nuova`, valid());
    assert.equal(res.statusCode, 403);
    assert.ok(res.body.includes('Non autorizzato'));
    assert.equal(await count('positions'), before);
  });

  it('refuses an iupd that exists already, at its field', async () => {
    await ctx.services.positions.create(entity, singlePayment('TAKEN-1'), { toPublish: false }, testActor);
    const res = await postForm(ctx.app, admin, `${base}/nuova`, { ...valid(), iupd: 'TAKEN-1' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), ['Codice della posizione (IUPD): esiste già una posizione con questo codice.']);
  });
});

describe('editing, publishing, invalidating', () => {
  it('edits a position through the same form; its notice numbers stay', async () => {
    const made = await ctx.services.positions.create(entity, singlePayment('ED-1'), { toPublish: true }, testActor);
    const page = await get(admin, `${base}/ED-1/modifica`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('value="150,00"'), 'the amount as it is typed in Italian');
    assert.ok(page.body.includes('Lascia i dati contabili attuali (9/0101101IM/)'));
    const res = await postForm(ctx.app, admin, `${base}/ED-1/modifica`, {
      debtorFiscalCode: 'RSSMRA80A01H501U',
      debtorName: 'Mario Rossi',
      description: 'TARI 2026 (rettifica)',
      amount1: '99,90',
      due1: '2026-12-31',
      publish: '1',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    assert.equal(res.headers.location, `${base}/ED-1?fatto=modificata`);
    const after = (await ctx.services.positions.find(entity, 'ED-1'))!;
    const inst = after.options[0]!.installments[0]!;
    assert.deepEqual([inst.amountCents, inst.description, after.status], [9990, 'TARI 2026 (rettifica)', 'VALID']);
    assert.equal(inst.nav, made.options[0]!.installments[0]!.nav);
    assert.equal((await lastAudit('position.update')).actor, `operator:${admin.operatorId}`);
  });

  it('publishes a draft, and says why it cannot publish it twice', async () => {
    await ctx.services.positions.create(entity, singlePayment('PUB-1'), { toPublish: false }, testActor);
    const res = await postForm(ctx.app, admin, `${base}/PUB-1/pubblica`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/PUB-1?fatto=pubblicata`);
    assert.equal((await ctx.services.positions.find(entity, 'PUB-1'))!.status, 'VALID');
    assert.equal((await lastAudit('position.publish')).actor, `operator:${admin.operatorId}`);
    const twice = await postForm(ctx.app, admin, `${base}/PUB-1/pubblica`);
    assert.equal(twice.statusCode, 409);
    assert.ok(twice.body.includes('Si può pubblicare solo una posizione in bozza; questa è VALID.'));
  });

  it('invalidates after a confirmation page and with a reason, kept in the audit record', async () => {
    await ctx.services.positions.create(entity, singlePayment('INV-1'), { toPublish: true }, testActor);
    const page = await get(admin, `${base}/INV-1/annulla`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('non si potranno più pagare'));
    const noReason = await postForm(ctx.app, admin, `${base}/INV-1/annulla`, { reason: '  ' });
    assert.equal(noReason.statusCode, 400);
    assert.deepEqual(summary(noReason.body), ['Motivo dell’annullamento: è obbligatorio.']);
    assert.equal((await ctx.services.positions.find(entity, 'INV-1'))!.status, 'VALID');
    const res = await postForm(ctx.app, admin, `${base}/INV-1/annulla`, { reason: 'Emessa per errore' });
    assert.equal(res.statusCode, 303);
    assert.equal((await ctx.services.positions.find(entity, 'INV-1'))!.status, 'INVALID');
    const audit = await lastAudit('position.invalidate');
    assert.equal(audit.actor, `operator:${admin.operatorId}`);
    assert.equal(JSON.parse(audit.after!).reason, 'Emessa per errore');
    const edit = await get(admin, `${base}/INV-1/modifica`);
    assert.equal(edit.statusCode, 409);
    assert.ok(edit.body.includes('La posizione è annullata'));
  });
});

describe('recording a payment taken by another channel', () => {
  it('checks the amount, records it once through the intake, refuses a second recording', async () => {
    const made = await ctx.services.positions.create(
      entity,
      singlePayment('PAY-1', 4_250),
      { toPublish: true },
      testActor,
    );
    const nav = made.options[0]!.installments[0]!.nav;
    const url = `${base}/PAY-1/pagamento`;
    assert.equal((await get(finance, url)).statusCode, 200);
    const receipts = await count('receipts');
    const fields = { nav, channel: 'COUNTER', paidOn: '2026-06-14', amount: '42,50', reference: 'Q-2026-77' };
    const wrong = await postForm(ctx.app, finance, url, { ...fields, amount: '425,00' });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      summary(wrong.body).map((m) => m?.replace(/\s/g, ' ')),
      ['Importo ricevuto in euro: non è l’importo dell’avviso (42,50 €).'],
    );
    assert.equal(await count('receipts'), receipts);
    const res = await postForm(ctx.app, finance, url, fields);
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    assert.equal(res.headers.location, `${base}/PAY-1?fatto=pagamento`);
    const again = await postForm(ctx.app, finance, url, fields);
    assert.equal(again.statusCode, 409);
    assert.ok(summary(again.body)[0]?.includes('risulta già pagato'));
    assert.equal(await count('receipts'), receipts + 1, 'counted once');
    const receipt = await db().selectFrom('receipts').selectAll().where('nav', '=', nav).executeTakeFirstOrThrow();
    assert.deepEqual([receipt.receipt_id, receipt.channel, receipt.amount_cents], ['Q-2026-77', 'COUNTER', 4_250]);
    assert.equal((await lastAudit('installment.pay')).actor, `operator:${finance.operatorId}`);
    assert.equal((await ctx.services.positions.find(entity, 'PAY-1'))!.status, 'PAID');
    const edit = await get(admin, `${base}/PAY-1/modifica`);
    assert.equal(edit.statusCode, 409);
    assert.ok(edit.body.includes('La posizione è pagata: non si può più modificare.'));
  });

  it('two recordings at once: one receipt', async () => {
    const made = await ctx.services.positions.create(
      entity,
      singlePayment('PAY-2', 1_000),
      { toPublish: true },
      testActor,
    );
    const nav = made.options[0]!.installments[0]!.nav;
    const fields = { nav, channel: 'BANK', paidOn: '2026-06-15', amount: '10' };
    const answers = await Promise.all([
      postForm(ctx.app, finance, `${base}/PAY-2/pagamento`, fields),
      postForm(ctx.app, finance, `${base}/PAY-2/pagamento`, fields),
    ]);
    assert.deepEqual(
      answers.map((a) => a.statusCode).sort(),
      [303, 409],
      answers.map((a) => summary(a.body).join(' | ') || a.body.slice(0, 200)).join(' // '),
    );
    const rows = await db().selectFrom('receipts').select('id').where('nav', '=', nav).execute();
    assert.equal(rows.length, 1);
  });
});

describe('the notice PDF', () => {
  it('answers the PDF of a payable position, and says why a draft has none', async () => {
    await ctx.services.positions.create(entity, singlePayment('PDF-1'), { toPublish: true }, testActor);
    const res = await get(admin, `${base}/PDF-1/avviso.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    await ctx.services.positions.create(entity, singlePayment('PDF-2'), { toPublish: false }, testActor);
    const draft = await get(admin, `${base}/PDF-2/avviso.pdf`);
    assert.equal(draft.statusCode, 409);
    assert.ok(draft.body.includes('non ha avvisi da pagare'));
    assert.equal((await get(admin, `${base}/NONE/avviso.pdf`)).statusCode, 404);
  });
});
