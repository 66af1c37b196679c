// The console's over-payments and refunds over app.inject: the worklist (open, closed), an item's
// notes, refunds (an IBAN checked, never more than the item brought in — also with two operators at
// once —, paid, cancelled with a reason), closing only with a reason, a stale session sent to prove
// who they are again, another entity's item the same 404 as none. Every change audited, naming the operator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { insertOverpayment } from '../src/modules/receipts/intake/overpayments.db.ts';
import { uuidv7 } from '../src/shared/ids.ts';
import type { Cents } from '../src/shared/money.ts';
import { summary } from './support/console.ts';
import { postForm, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
let other: Entity;
let finance: SignedInOperator;
let helpDesk: SignedInOperator;
let base: string;
const IBAN = 'IT60X0542811101000000123456';

/** A paid notice of `at` and an OPEN over-payment of its receipt (a second payment of it). */
async function overpayment(at: Entity, iupd: string, cents = 10_000, category?: string) {
  const body = singlePayment(iupd, cents, '2026-12-31', at.ibans[0]);
  if (category) body.paymentOption[0]!.installments[0]!.transfer![0]!.category = category;
  const position = await ctx.services.positions.create(at, body, { toPublish: true }, testActor);
  const nav = position.options[0]!.installments[0]!.nav;
  const { receipt } = await ctx.services.receipts.recordPayment(
    at,
    nav,
    { source: 'paids', channel: 'BANK' },
    testActor,
  );
  const id = uuidv7();
  await insertOverpayment(ctx.services.database.db, {
    id,
    entityId: at.id,
    receiptRef: receipt.id,
    nav,
    reason: 'ALREADY_PAID',
    amountCents: receipt.amountCents,
    status: 'OPEN',
    note: null,
    createdAt: ctx.clock.now(),
    closedAt: null,
    closedBy: null,
  });
  return { id, nav, cents: receipt.amountCents as Cents };
}

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  other = await ctx.services.entities.create(ENTITY_B, testActor);
  finance = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'rag@comune.example.it',
    roles: ['finance-office'],
  });
  helpDesk = await signedInOperator(ctx, { entityId: entity.id, email: 'urp@comune.example.it', roles: ['help-desk'] });
  base = `/console/e/${entity.fiscalCode}/eccedenze`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;
const get = (who: SignedInOperator, url: string) => ctx.app.inject({ url, headers: { cookie: who.cookie } });
const audits = (action: string) =>
  db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
const refundRows = (id: string) =>
  db().selectFrom('overpayment_refunds').selectAll().where('overpayment_id', '=', id).orderBy('created_at').execute();
const refundForm = (fields: Record<string, string> = {}) => ({
  amount: '40,00',
  beneficiary: 'Mario Rossi',
  iban: 'it60 x054 2811 1010 0000 0123 456',
  refundDate: '16/06/2026',
  reference: 'CRO 0123456789',
  ...fields,
});

describe('the over-payments worklist', () => {
  it('lists the open items, and the closed ones on request; another entity’s never', async () => {
    const open = await overpayment(entity, 'OP-LIST-1');
    const closed = await overpayment(entity, 'OP-LIST-2');
    const theirs = await overpayment(other, 'OP-LIST-B');
    await ctx.services.refunds.close(entity, closed.id, 'RESOLVED', 'compensato con la rata successiva', testActor);
    const list = await get(helpDesk, base);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(open.nav) && !list.body.includes(closed.nav) && !list.body.includes(theirs.nav));
    assert.match(list.body, /Avviso già pagato/);
    const closedList = await get(helpDesk, `${base}?stato=closed&lang=en`);
    assert.ok(closedList.body.includes(closed.nav) && !closedList.body.includes(open.nav));
    assert.match(closedList.body, /Resolved/);
    const all = await get(helpDesk, `${base}?stato=all`);
    assert.ok(all.body.includes(closed.nav) && all.body.includes(open.nav));
    const theirsPage = await get(finance, `${base}/${theirs.id}`);
    const none = await get(finance, `${base}/${uuidv7()}`);
    assert.equal(theirsPage.statusCode, 404);
    assert.equal(none.statusCode, 404);
  });

  it('a role limited to a category sees only its items', async () => {
    await ctx.services.operators.roles.define(
      entity.id,
      { name: 'Eccedenze SUAP', grants: [{ area: 'payments', access: 'read' }], services: ['9/0201109SP/'] },
      testActor,
    );
    const limited = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'suap@comune.example.it',
      roles: ['Eccedenze SUAP'],
    });
    const theirs = await overpayment(entity, 'OP-SUAP', 10_000, '9/0201109SP/');
    const other = await overpayment(entity, 'OP-TARI');
    const list = (await get(limited, `${base}?stato=all`)).body;
    assert.ok(list.includes(theirs.nav) && !list.includes(other.nav));
    assert.equal((await get(limited, `${base}/${theirs.id}`)).statusCode, 200);
    assert.equal((await get(limited, `${base}/${other.id}`)).statusCode, 404);
  });

  it('a help-desk operator reads an item without its forms', async () => {
    const item = await overpayment(entity, 'OP-READ');
    const res = await get(helpDesk, `${base}/${item.id}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /100,00/);
    assert.ok(!res.body.includes('/nota"') && !res.body.includes('/rimborso"'));
    const refused = await postForm(ctx.app, helpDesk, `${base}/${item.id}/nota`, { note: 'x' });
    assert.equal(refused.statusCode, 403);
  });
});

describe('notes', () => {
  it('adds a note, audited with the operator; an empty one is refused at its field', async () => {
    const item = await overpayment(entity, 'OP-NOTE');
    const empty = await postForm(ctx.app, finance, `${base}/${item.id}/nota`, { note: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(summary(empty.body), ['Nuova nota: è obbligatorio']);
    const res = await postForm(ctx.app, finance, `${base}/${item.id}/nota`, { note: 'Telefonato al cittadino' });
    assert.equal(res.statusCode, 303);
    const page = await get(finance, res.headers.location as string);
    assert.match(page.body, /Nota aggiunta/);
    assert.match(page.body, /Telefonato al cittadino/);
    assert.match(page.body, /Anna Bianchi/);
    const [audit] = (await audits('overpayment.note')).filter((a) => a.subject_id === item.id);
    assert.equal(audit?.actor, `operator:${finance.operatorId}`);
  });
});

describe('refunds', () => {
  it('records a refund (IBAN normalized, masked in the audit), marks it paid, cancels another with a reason', async () => {
    const item = await overpayment(entity, 'OP-REFUND');
    const form = await get(finance, `${base}/${item.id}/rimborso`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Restano da rimborsare 100,00/);
    const bad = await postForm(ctx.app, finance, `${base}/${item.id}/rimborso`, {
      ...refundForm({ iban: 'IT60X0542811101000000123457', amount: 'dieci', refundDate: '31/02/2026' }),
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(summary(bad.body).length, 3);
    assert.equal((await refundRows(item.id)).length, 0);
    const res = await postForm(ctx.app, finance, `${base}/${item.id}/rimborso`, refundForm());
    assert.equal(res.statusCode, 303, summary(res.body).join());
    const [row] = await refundRows(item.id);
    assert.equal(row?.iban, IBAN);
    assert.equal(Number(row?.amount_cents), 4000);
    assert.equal(row?.refund_date, '2026-06-16');
    assert.equal(row?.status, 'RECORDED');
    const [recorded] = (await audits('overpayment.refund.record')).filter((a) => a.subject_id === item.id);
    assert.equal(recorded?.actor, `operator:${finance.operatorId}`);
    assert.ok(!JSON.stringify(recorded?.after).includes(IBAN), 'the IBAN is masked in the audit');
    const paid = await postForm(ctx.app, finance, `${base}/${item.id}/rimborsi/${row!.id}/pagato`);
    assert.equal(paid.statusCode, 303);
    assert.equal((await refundRows(item.id))[0]?.status, 'PAID');
    const again = await postForm(ctx.app, finance, `${base}/${item.id}/rimborsi/${row!.id}/pagato`);
    assert.equal(again.statusCode, 409);
    // A second refund, cancelled: only with a reason; then the amount is free again.
    await postForm(ctx.app, finance, `${base}/${item.id}/rimborso`, refundForm({ amount: '60' }));
    const second = (await refundRows(item.id))[1]!;
    const noReason = await postForm(ctx.app, finance, `${base}/${item.id}/rimborsi/${second.id}/annulla`, {});
    assert.equal(noReason.statusCode, 400);
    assert.equal((await refundRows(item.id))[1]?.status, 'RECORDED');
    const cancelled = await postForm(ctx.app, finance, `${base}/${item.id}/rimborsi/${second.id}/annulla`, {
      reason: 'IBAN sbagliato',
    });
    assert.equal(cancelled.statusCode, 303);
    const page = await get(finance, `${base}/${item.id}`);
    assert.match(page.body, /Annullato: IBAN sbagliato/);
    assert.match(page.body, /IT60…3456/);
    assert.match(page.body, /Ancora da rimborsare<\/dt><dd class="col-sm-8">60,00/);
    const [cancel] = (await audits('overpayment.refund.cancel')).filter((a) => a.subject_id === item.id);
    assert.equal(cancel?.actor, `operator:${finance.operatorId}`);
  });

  it('never refunds more than the item brought in', async () => {
    const item = await overpayment(entity, 'OP-EXCEED', 5_000);
    const over = await postForm(ctx.app, finance, `${base}/${item.id}/rimborso`, refundForm({ amount: '50,01' }));
    assert.equal(over.statusCode, 409);
    assert.match(summary(over.body).join(), /al massimo 50,00/);
    assert.equal((await refundRows(item.id)).length, 0);
  });

  it('two operators at once: one refund of 60 of 100 is taken, the other refused', async () => {
    const item = await overpayment(entity, 'OP-RACE');
    const admin = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'capo@comune.example.it',
      roles: ['administrator'],
    });
    const [a, b] = await Promise.all([
      postForm(ctx.app, finance, `${base}/${item.id}/rimborso`, refundForm({ amount: '60' })),
      postForm(ctx.app, admin, `${base}/${item.id}/rimborso`, refundForm({ amount: '60' })),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
    const rows = await refundRows(item.id);
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0]!.amount_cents), 6000);
  });
});

describe('closing an item', () => {
  it('needs a reason; closes once, audited', async () => {
    const item = await overpayment(entity, 'OP-CLOSE');
    const bare = await postForm(ctx.app, finance, `${base}/${item.id}/chiudi`, { status: 'REFUNDED', reason: '' });
    assert.equal(bare.statusCode, 400);
    assert.deepEqual(summary(bare.body), ['Motivo della chiusura: è obbligatorio']);
    const row = () => db().selectFrom('overpayments').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    assert.equal((await row()).status, 'OPEN');
    const res = await postForm(ctx.app, finance, `${base}/${item.id}/chiudi`, {
      status: 'REFUNDED',
      reason: 'Bonifico CRO 0123456789',
    });
    assert.equal(res.statusCode, 303);
    const closed = await row();
    assert.equal(closed.status, 'REFUNDED');
    assert.equal(closed.note, 'Bonifico CRO 0123456789');
    assert.equal(closed.closed_by, `operator:${finance.operatorId}`);
    const twice = await postForm(ctx.app, finance, `${base}/${item.id}/chiudi`, { status: 'RESOLVED', reason: 'x' });
    assert.equal(twice.statusCode, 409);
    const refund = await postForm(ctx.app, finance, `${base}/${item.id}/rimborso`, refundForm());
    assert.equal(refund.statusCode, 409, 'no refund of a closed item');
  });
});

describe('a stale session', () => {
  it('is sent to prove who they are before the refund form, and the service refuses the form itself', async () => {
    const item = await overpayment(entity, 'OP-STALE');
    ctx.clock.advance(6 * 60_000);
    const form = await get(finance, `${base}/${item.id}/rimborso`);
    assert.equal(form.statusCode, 303);
    const back = encodeURIComponent(`${base}/${item.id}/rimborso`);
    assert.equal(form.headers.location, `/console/conferma?dopo=${back}`);
    const posted = await postForm(ctx.app, finance, `${base}/${item.id}/rimborso`, refundForm());
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, `/console/conferma?dopo=${back}`);
    assert.equal((await refundRows(item.id)).length, 0);
    // A note is not a sensitive act: still taken.
    const note = await postForm(ctx.app, finance, `${base}/${item.id}/nota`, { note: 'in attesa' });
    assert.equal(note.statusCode, 303);
  });
});
