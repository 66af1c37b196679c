// The pagoPA station's verify and activation (paVerifyPaymentNotice, paGetPayment, paGetPaymentV2):
// the answer for every state of a notice, the station checks, and the data sent — every response
// validated against paForNode.xsd by the soap helper.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { GpdPosition } from '../src/modules/positions/gpd-v3.mapper.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { DEBTOR, fullOrInstalments, IBAN_A, singlePayment } from './support/positions.ts';
import { activationRequest, addressOf, soapCall, verifyRequest } from './support/soap.ts';

let ctx: TestContext;
let entity: Entity;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  ({ entity } = await entityWithKey(ctx, ENTITY_A));
});
after(() => ctx.close());

async function create(body: GpdPosition, publish = true) {
  const position = await ctx.services.positions.create(entity, body, { toPublish: publish }, testActor);
  return { position, navs: position.options.map((o) => o.installments.map((i) => i.nav)) };
}

const verify = (nav: string, address = addressOf(entity), fiscalCode?: string) =>
  soapCall(ctx.app, 'paVerifyPaymentNotice', verifyRequest(address, nav, fiscalCode));

describe('paVerifyPaymentNotice', () => {
  it('answers a payable notice with its current amount, due date, allCCP and the creditor', async () => {
    const { navs, position } = await create(singlePayment('V-OK', 15_050, '2026-12-31'));
    const answer = await verify(navs[0]![0]!);
    assert.equal(answer.outcome, 'OK');
    assert.equal(answer.text('paymentList', 'paymentOptionDescription', 'amount'), '150.50');
    assert.equal(answer.text('paymentList', 'paymentOptionDescription', 'options'), 'EQ');
    assert.equal(answer.text('paymentList', 'paymentOptionDescription', 'dueDate'), '2026-12-31');
    assert.equal(answer.text('paymentList', 'paymentOptionDescription', 'allCCP'), 'false');
    assert.equal(answer.text('paymentDescription'), 'TARI 2026');
    assert.equal(answer.text('fiscalCodePA'), entity.fiscalCode);
    assert.equal(answer.text('companyName'), 'Comune di Prova');
    // Verify never locks or changes the position.
    const again = await ctx.services.positions.get(entity, 'V-OK');
    assert.equal(again.status, 'VALID');
    assert.equal(again.version, position.version);
  });

  it('allCCP is true when every transfer can be credited to a postal account', async () => {
    const body = singlePayment('V-CCP', 5000);
    body.paymentOption[0]!.installments[0]!.transfer![0]!.postalIban = 'IT93X0760103200001234567890';
    const { navs } = await create(body);
    const answer = await verify(navs[0]![0]!);
    assert.equal(answer.text('paymentList', 'paymentOptionDescription', 'allCCP'), 'true');
  });

  it('an unknown notice, a draft and a position before its validity date are PAA_PAGAMENTO_SCONOSCIUTO', async () => {
    assert.equal((await verify('302000000000999970')).faultCode, 'PAA_PAGAMENTO_SCONOSCIUTO');
    const draft = await create(singlePayment('V-DRAFT'), false);
    assert.equal((await verify(draft.navs[0]![0]!)).faultCode, 'PAA_PAGAMENTO_SCONOSCIUTO');
    const later = singlePayment('V-LATER');
    later.paymentOption[0]!.validityDate = '2026-07-01T00:00:00Z';
    const published = await create(later);
    assert.equal(published.position.status, 'PUBLISHED');
    const answer = await verify(published.navs[0]![0]!);
    assert.equal(answer.faultCode, 'PAA_PAGAMENTO_SCONOSCIUTO');
    assert.equal(answer.text('fault', 'id'), entity.fiscalCode);
    assert.match(answer.text('fault', 'faultString')!, /sconosciuto/);
  });

  it('an invalidated position is PAA_PAGAMENTO_ANNULLATO, a paid notice PAA_PAGAMENTO_DUPLICATO', async () => {
    const cancelled = await create(singlePayment('V-INV'));
    await ctx.services.lifecycle.invalidate(entity, 'V-INV', testActor);
    assert.equal((await verify(cancelled.navs[0]![0]!)).faultCode, 'PAA_PAGAMENTO_ANNULLATO');
    const paid = await create(singlePayment('V-PAID'));
    await ctx.services.receipts.recordPayment(
      entity,
      paid.navs[0]![0]!,
      { source: 'paids', channel: 'BANK' },
      testActor,
    );
    assert.equal((await verify(paid.navs[0]![0]!)).faultCode, 'PAA_PAGAMENTO_DUPLICATO');
  });

  it('after an instalment is paid: that one is DUPLICATO, pay-in-full ANNULLATO, the next instalment payable', async () => {
    const { navs } = await create(fullOrInstalments('V-PLAN', 3, 30_000));
    await ctx.services.receipts.recordPayment(entity, navs[1]![0]!, { source: 'paids', channel: 'BANK' }, testActor);
    assert.equal((await verify(navs[1]![0]!)).faultCode, 'PAA_PAGAMENTO_DUPLICATO');
    assert.equal((await verify(navs[0]![0]!)).faultCode, 'PAA_PAGAMENTO_ANNULLATO');
    const next = await verify(navs[1]![1]!);
    assert.equal(next.outcome, 'OK');
    assert.equal(next.text('paymentList', 'paymentOptionDescription', 'amount'), '100.00');
  });

  it('past its due date: payable by default, SCADUTO with switchToExpired or when the entity says so', async () => {
    const late = await create(singlePayment('V-LATE', 1000, '2026-07-31'));
    const strict = singlePayment('V-STRICT', 1000, '2026-07-31');
    strict.paymentOption[0]!.switchToExpired = true;
    const stops = await create(strict);
    ctx.clock.set('2026-08-02T10:00:00Z');
    try {
      assert.equal((await verify(late.navs[0]![0]!)).outcome, 'OK');
      assert.equal((await verify(stops.navs[0]![0]!)).faultCode, 'PAA_PAGAMENTO_SCADUTO');
      // Once the sweep has moved it to EXPIRED, the answer is the same.
      await ctx.services.lifecycle.advanceByTime(testActor);
      assert.equal((await ctx.services.positions.get(entity, 'V-STRICT')).status, 'EXPIRED');
      assert.equal((await verify(stops.navs[0]![0]!)).faultCode, 'PAA_PAGAMENTO_SCADUTO');
    } finally {
      ctx.clock.set('2026-06-15T10:00:00Z');
    }
  });

  it('an entity that does not take late payments answers SCADUTO the day after the due date', async () => {
    const strictEntity = await ctx.services.entities.create(
      {
        fiscalCode: '00488410010',
        name: 'Comune Puntuale',
        segregationCode: '03',
        ibans: [IBAN_A],
        payableAfterDue: false,
      },
      testActor,
    );
    const body = singlePayment('V-PUNCTUAL', 1000, '2026-06-15');
    body.companyName = 'Comune Puntuale';
    const position = await ctx.services.positions.create(strictEntity, body, { toPublish: true }, testActor);
    const nav = position.options[0]!.installments[0]!.nav;
    assert.equal((await verify(nav, addressOf(strictEntity))).outcome, 'OK', 'payable on its due date');
    ctx.clock.set('2026-06-15T22:30:00Z'); // 16 June in Rome
    try {
      assert.equal((await verify(nav, addressOf(strictEntity))).faultCode, 'PAA_PAGAMENTO_SCADUTO');
    } finally {
      ctx.clock.set('2026-06-15T10:00:00Z');
    }
  });

  it('checks the creditor, broker and station it is called for', async () => {
    const { navs } = await create(singlePayment('V-ADDR'));
    const nav = navs[0]![0]!;
    const address = addressOf(entity);
    // Another entity of this Cassa, an entity it does not serve, and a notice of another creditor.
    assert.equal(
      (await verify(nav, { ...address, idPA: '00488410010' }, entity.fiscalCode)).faultCode,
      'PAA_ID_DOMINIO_ERRATO',
    );
    assert.equal(
      (await verify(nav, { ...address, idPA: '77777777777' }, '77777777777')).faultCode,
      'PAA_ID_DOMINIO_ERRATO',
    );
    assert.equal((await verify(nav, address, '00488410010')).faultCode, 'PAA_ID_DOMINIO_ERRATO');
    assert.equal(
      (await verify(nav, { ...address, idBrokerPA: '99999999999' })).faultCode,
      'PAA_ID_INTERMEDIARIO_ERRATO',
    );
    assert.equal((await verify(nav, { ...address, idStation: '99999999999_01' })).faultCode, 'PAA_STAZIONE_INT_ERRATA');
  });
});

describe('paGetPayment and paGetPaymentV2', () => {
  it('V2 gives the IUV, amount, due date, debtor, transfers with company names and metadata', async () => {
    const body = singlePayment('A-V2', 12_345, '2026-11-30');
    const option = body.paymentOption[0]!;
    option.debtor = { ...DEBTOR, email: 'mario.rossi@example.it', city: 'Roma', province: 'RM', country: 'IT' };
    const installment = option.installments[0]!;
    installment.installmentMetadata = [{ key: 'ANNO', value: '2026' }];
    installment.transfer![0]!.companyName = 'Comune di Prova';
    installment.transfer![0]!.amount = 12_000;
    installment.transfer!.push({
      idTransfer: '2',
      amount: 345,
      organizationFiscalCode: '00488410010',
      companyName: 'Provincia di Esempio',
      remittanceInformation: 'TEFA 2026',
      category: '9/0201102IM/',
      iban: 'IT07X0542811101000000654321',
    });
    const { navs, position } = await create(body);
    const nav = navs[0]![0]!;
    const answer = await soapCall(
      ctx.app,
      'paGetPaymentV2',
      activationRequest('paGetPaymentV2', addressOf(entity), nav, { amount: '123.45', paymentNote: 'cart-1' }),
    );
    assert.equal(answer.outcome, 'OK');
    assert.equal(answer.text('data', 'creditorReferenceId'), position.options[0]!.installments[0]!.iuv);
    assert.equal(answer.text('data', 'paymentAmount'), '123.45');
    assert.equal(answer.text('data', 'dueDate'), '2026-11-30');
    assert.equal(answer.text('data', 'companyName'), 'Comune di Prova');
    assert.equal(answer.text('data', 'debtor', 'uniqueIdentifier', 'entityUniqueIdentifierValue'), 'RSSMRA80A01H501U');
    assert.equal(answer.text('data', 'debtor', 'e-mail'), 'mario.rossi@example.it');
    assert.equal(answer.text('data', 'debtor', 'stateProvinceRegion'), 'RM');
    const transfers = answer.payload.children
      .find((c) => c.name === 'data')!
      .children.find((c) => c.name === 'transferList')!;
    assert.equal(transfers.children.length, 2);
    const second = transfers.children[1]!;
    const field = (name: string) => second.children.find((c) => c.name === name)?.text;
    assert.equal(field('fiscalCodePA'), '00488410010');
    assert.equal(field('companyName'), 'Provincia di Esempio');
    assert.equal(field('transferAmount'), '3.45');
    assert.equal(answer.text('data', 'metadata', 'mapEntry', 'key'), 'ANNO');
    // Activation, like verify, leaves the position open.
    assert.equal((await ctx.services.positions.get(entity, 'A-V2')).status, 'VALID');
    const twice = await soapCall(
      ctx.app,
      'paGetPaymentV2',
      activationRequest('paGetPaymentV2', addressOf(entity), nav),
    );
    assert.equal(twice.outcome, 'OK');
  });

  it('V1 leaves out what V1 cannot carry (transfer company names)', async () => {
    const body = singlePayment('A-V1', 5000);
    body.paymentOption[0]!.installments[0]!.transfer![0]!.companyName = 'Comune di Prova';
    const { navs } = await create(body);
    const answer = await soapCall(
      ctx.app,
      'paGetPayment',
      activationRequest('paGetPayment', addressOf(entity), navs[0]![0]!),
    );
    assert.equal(answer.outcome, 'OK');
    assert.equal(answer.text('data', 'transferList', 'transfer', 'companyName'), undefined);
    assert.equal(answer.text('data', 'transferList', 'transfer', 'IBAN'), IBAN_A);
  });

  it('transferType POSTAL credits the first transfer to its postal account', async () => {
    const body = singlePayment('A-POSTAL', 5000);
    body.paymentOption[0]!.installments[0]!.transfer![0]!.postalIban = 'IT93X0760103200001234567890';
    const { navs } = await create(body);
    const nav = navs[0]![0]!;
    const postal = await soapCall(
      ctx.app,
      'paGetPaymentV2',
      activationRequest('paGetPaymentV2', addressOf(entity), nav, { transferType: 'POSTAL' }),
    );
    assert.equal(postal.text('data', 'transferList', 'transfer', 'IBAN'), 'IT93X0760103200001234567890');
    const online = await soapCall(
      ctx.app,
      'paGetPaymentV2',
      activationRequest('paGetPaymentV2', addressOf(entity), nav, { transferType: 'PAGOPA' }),
    );
    assert.equal(online.text('data', 'transferList', 'transfer', 'IBAN'), IBAN_A);
  });

  it('a marca da bollo goes out as richiestaMarcaDaBollo in V2 and is refused in V1 with PAA_SEMANTICA', async () => {
    const body = singlePayment('A-STAMP', 1600);
    const installment = body.paymentOption[0]!.installments[0]!;
    installment.transfer = [
      {
        idTransfer: '1',
        amount: 1600,
        remittanceInformation: 'Marca da bollo',
        category: '9/0301116TS/',
        stamp: {
          hashDocument: 'cXVlc3RhIMOoIHVuYSBwcm92YSBkaSBoYXNoIGEgMzIgYnl0ZQ==',
          stampType: '01',
          provincialResidence: 'RM',
        },
      },
    ];
    const { navs } = await create(body);
    const nav = navs[0]![0]!;
    const v2 = await soapCall(ctx.app, 'paGetPaymentV2', activationRequest('paGetPaymentV2', addressOf(entity), nav));
    assert.equal(v2.outcome, 'OK', v2.body);
    assert.equal(v2.text('data', 'transferList', 'transfer', 'richiestaMarcaDaBollo', 'tipoBollo'), '01');
    assert.equal(v2.text('data', 'transferList', 'transfer', 'IBAN'), undefined);
    const v1 = await soapCall(ctx.app, 'paGetPayment', activationRequest('paGetPayment', addressOf(entity), nav));
    assert.equal(v1.faultCode, 'PAA_SEMANTICA');
  });

  it('refuses a notice that cannot be paid with the same faults as verify', async () => {
    const { navs } = await create(singlePayment('A-INV'));
    await ctx.services.lifecycle.invalidate(entity, 'A-INV', testActor);
    for (const op of ['paGetPayment', 'paGetPaymentV2'] as const) {
      const answer = await soapCall(ctx.app, op, activationRequest(op, addressOf(entity), navs[0]![0]!));
      assert.equal(answer.faultCode, 'PAA_PAGAMENTO_ANNULLATO');
      assert.equal(answer.text('data'), undefined);
    }
  });
});
