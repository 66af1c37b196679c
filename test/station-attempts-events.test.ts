// The station answers a receipt only after the payment attempt followed it: the `payment-attempts`
// consumer is drained in the request, not left to the kick after the response or the minute job, so
// the payer's result page shows SUCCEEDED as soon as the Nodo has the answer (ADR 0026).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

let db: TestDatabase;
let services: Services;
let app: FastifyInstance;

before(async () => {
  db = await freshDatabase();
  services = createServices(db.database, { clock: fixedClock('2026-06-15T10:00:00Z') });
  // No run after the response: only what the request itself does counts here.
  services.events = { ...services.events, kick: () => {} };
  app = await buildApp({ services, logLevel: 'silent' });
});
after(async () => {
  await app.close();
  await db.drop();
});

it('paSendRTV2 answered: the attempt named by its payment note is SUCCEEDED already', async () => {
  const entity = await services.entities.create(ENTITY_A, testActor);
  const position = await services.positions.create(
    entity,
    singlePayment('EV-1', 4_000),
    { toPublish: true },
    testActor,
  );
  const { nav, iuv } = position.options[0]!.installments[0]!;
  const to = 'https://ente.example/back';
  const { attempt } = await services.attempts.start(
    entity,
    { noticeNumbers: [nav], returnUrls: { ok: to, cancel: to, error: to, waiting: to } },
    testActor,
  );
  assert.equal(attempt.status, 'STARTED');
  const answer = await soapCall(
    app,
    'paSendRTV2',
    receiptRequest('paSendRTV2', addressOf(entity), {
      receiptId: 'ev-r1',
      nav,
      iuv,
      fiscalCode: entity.fiscalCode,
      amount: '40.00',
      paymentNote: attempt.id,
    }),
  );
  assert.match(answer.body, /<outcome>OK<\/outcome>/);
  assert.equal((await services.attempts.get(entity, attempt.id)).status, 'SUCCEEDED');
  const inbox = await db.database.db
    .selectFrom('event_inbox')
    .select(['consumer', 'done_at'])
    .where('consumer', '=', 'payment-attempts')
    .execute();
  assert.equal(inbox.length, 1);
  assert.ok(inbox[0]!.done_at !== null);
});
