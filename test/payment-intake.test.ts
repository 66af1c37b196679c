// The payment intake with a channel of its own: a channel is a small adapter (here a cash desk
// that holds what it cannot settle), and the intake does the rest — lock, evidence once, apply or
// hold, audit record, event. Also the back office's receipt id clashing with a held receipt.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { settlementOf } from '../src/modules/receipts/intake/overpayment.ts';
import type { PaymentChannel } from '../src/modules/receipts/intake/payment-channel.ts';
import { paymentIntake } from '../src/modules/receipts/intake/payment-intake.ts';
import { noMetrics } from '../src/shared/metrics.ts';
import type { Cents } from '../src/shared/money.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

let ctx: TestContext;
let entity: Entity;
let key: string;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  ({ entity, key } = await entityWithKey(ctx, ENTITY_A));
});
after(() => ctx.close());

interface Slip {
  nav: string;
  number: string;
  cents: number;
}

/** A cash desk: its slip names the notice and the amount; what cannot settle is held. */
const cashDesk: PaymentChannel<Slip> = {
  name: 'cash-desk',
  nav: (slip) => slip.nav,
  decide: (target, slip) =>
    settlementOf(
      target && {
        positionStatus: target.position.status,
        installmentStatus: target.installment.status,
        optionIndex: target.installment.optionIndex,
        settlingOption: target.position.settlingOption,
        amountCents: target.installment.amountCents,
      },
      slip.cents as Cents,
    ),
  evidence: (slip, target, meta) => ({
    id: meta.id,
    entityId: meta.entityId,
    receiptId: slip.number,
    nav: slip.nav,
    iuv: slip.nav.slice(1),
    positionId: target?.position.id ?? null,
    installmentId: target?.installment.id ?? null,
    iupd: target?.position.iupd ?? null,
    description: 'Cash desk',
    companyName: 'Comune di Prova',
    debtor: { type: 'F', fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' },
    payer: null,
    amountCents: slip.cents as Cents,
    feeCents: null,
    paidAt: meta.now,
    channel: 'CASH_DESK',
    paymentMethod: 'cash',
    pspId: null,
    pspCompany: null,
    transfers: [],
    source: 'paids',
    recordedBy: meta.actor.id,
    recordedAt: meta.now,
    details: null,
    message: null,
  }),
  replay: (stored, slip) => (stored.amountCents === slip.cents ? 'duplicate' : 'conflict'),
  auditNote: (receipt) => ({ id: receipt.id, receiptId: receipt.receiptId, source: 'cash desk' }),
};

/** The same intake the services wire, over the same database and clock. */
const intakeOf = () => paymentIntake({ db: ctx.services.database.db, clock: ctx.clock, metrics: noMetrics });

describe('a channel of its own', () => {
  it('settles a notice once, holds a second payment and an unknown notice, replays change nothing', async () => {
    const take = intakeOf();
    const position = await ctx.services.positions.create(
      entity,
      singlePayment('DESK', 2_500),
      { toPublish: true },
      testActor,
    );
    const nav = position.options[0]!.installments[0]!.nav;
    const first = await take.take(cashDesk, entity.id, { nav, number: 'desk-1', cents: 2_500 }, testActor);
    assert.equal(first.kind, 'applied');
    assert.equal((await ctx.services.positions.get(entity, 'DESK')).status, 'PAID');
    const again = await take.take(cashDesk, entity.id, { nav, number: 'desk-1', cents: 2_500 }, testActor);
    assert.equal(again.kind, 'duplicate');
    const clash = await take.take(cashDesk, entity.id, { nav, number: 'desk-1', cents: 2_400 }, testActor);
    assert.equal(clash.kind, 'conflict');
    const second = await take.take(cashDesk, entity.id, { nav, number: 'desk-2', cents: 2_500 }, testActor);
    assert.equal(second.kind, 'held');
    assert.equal(second.kind === 'held' && second.overpayment.reason, 'ALREADY_PAID');
    const unknown = await take.take(
      cashDesk,
      entity.id,
      { nav: '302000000000999970', number: 'desk-3', cents: 100 },
      testActor,
    );
    assert.equal(unknown.kind === 'held' && unknown.overpayment.reason, 'UNKNOWN_NOTICE');
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'installment.pay')
      .where('subject_id', '=', position.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.after ?? '', /"source":"cash desk"/);
    const events = await ctx.services.database.db
      .selectFrom('domain_events')
      .select('type')
      .where('entity_id', '=', entity.id)
      .execute();
    assert.deepEqual(events.map((e) => e.type).sort(), [
      'installment.paid',
      'overpayment.raised',
      'overpayment.raised',
      'payment.received',
      'payment.received',
      'payment.received',
      'position.paid',
    ]);
  });
});

describe('the back office’s receipt id', () => {
  it('naming a receipt held for the same notice is refused (400), not a server error, and changes nothing', async () => {
    const position = await ctx.services.positions.create(
      entity,
      singlePayment('CLASH-ID', 3_000),
      { toPublish: true },
      testActor,
    );
    const { nav, iuv } = position.options[0]!.installments[0]!;
    const held = await soapCall(
      ctx.app,
      'paSendRTV2',
      receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId: 'shared-id',
        nav,
        iuv,
        fiscalCode: entity.fiscalCode,
        amount: '1.00',
      }),
    );
    assert.equal(held.outcome, 'OK');
    const res = await api(
      ctx,
      key,
    )({
      method: 'POST',
      url: `/api/gpd/v3/organizations/${entity.fiscalCode}/paymentoptions/paids/${nav}`,
      payload: { idReceipt: 'shared-id' },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().errors[0].path, 'idReceipt');
    assert.equal((await ctx.services.positions.get(entity, 'CLASH-ID')).status, 'VALID');
  });
});
