// Domain events and their consumers (ADR 0026): an event rolled back with its change reaches no
// consumer; each consumer handles each event once, even with two drains racing; a consumer that
// fails keeps its changes out, does not hold up the others (nor its own later events), and is tried
// again later; the webhooks consumer run twice writes nothing twice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { CONSUMERS, type StoredEvent } from '../src/modules/events/event.ts';
import { inboxOf } from '../src/modules/events/events.db.ts';
import { type EventHandler, eventsService } from '../src/modules/events/events.service.ts';
import { recordEvent } from '../src/modules/events/record.ts';
import { EVENT_TYPES } from '../src/modules/webhooks/webhook.ts';
import { webhookConsumer } from '../src/modules/webhooks/webhook-consumer.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
const db = () => ctx.services.database.db;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
});
after(() => ctx.close());

/** Records `count` events of each consumer's first type, committed; returns their ids. */
async function record(count: number, type: 'installment.paid' | 'payment.received' = 'installment.paid') {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      await db()
        .transaction()
        .execute((trx) => recordEvent(trx, { entityId: entity.id, type, at: ctx.clock.now(), data: { n: i } })),
    );
  }
  return ids;
}

/** A consumer set that notes what each consumer handled (and may be told to fail). */
function recorder(fail: (consumer: string, event: StoredEvent) => boolean = () => false) {
  const seen: Record<string, string[]> = { webhooks: [], 'payment-attempts': [] };
  const handler =
    (consumer: 'webhooks' | 'payment-attempts'): EventHandler =>
    async (trx, event) => {
      // Long enough for a second drain to come by while this event is held.
      await new Promise((r) => setTimeout(r, 2));
      if (consumer === 'webhooks') await webhookConsumer(trx, event);
      if (fail(consumer, event)) throw new Error(`${consumer} cannot handle ${event.type} now`);
      seen[consumer]!.push(event.id);
    };
  const service = eventsService({
    db: db(),
    clock: ctx.clock,
    handlers: { webhooks: handler('webhooks'), 'payment-attempts': handler('payment-attempts') },
  });
  return { seen, service };
}

describe('domain events', () => {
  it('the webhooks consumer takes exactly the types a back office may subscribe to', () => {
    assert.deepEqual([...CONSUMERS.webhooks].sort(), [...EVENT_TYPES].sort());
  });

  it('an event written in a transaction that rolls back reaches no consumer', async () => {
    const { seen, service } = recorder();
    await service.drain();
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await recordEvent(trx, { entityId: entity.id, type: 'position.paid', at: ctx.clock.now(), data: {} });
          await recordEvent(trx, { entityId: entity.id, type: 'payment.received', at: ctx.clock.now(), data: {} });
          throw new Error('the change fails');
        }),
    );
    const totals = await service.drain();
    assert.deepEqual(totals, {
      webhooks: { handled: 0, failed: 0 },
      'payment-attempts': { handled: 0, failed: 0 },
    });
    assert.deepEqual(seen, { webhooks: [], 'payment-attempts': [] });
    assert.equal((await db().selectFrom('domain_events').select('id').execute()).length, 0);
  });

  it('two drains racing: each consumer handles each event exactly once', async () => {
    const ids = [...(await record(12, 'installment.paid')), ...(await record(12, 'payment.received'))];
    const { seen, service } = recorder();
    const [a, b] = await Promise.all([service.drain(), service.drain()]);
    assert.equal(a.webhooks!.handled + b.webhooks!.handled, 12);
    assert.equal(a['payment-attempts']!.handled + b['payment-attempts']!.handled, 12);
    assert.deepEqual([...seen.webhooks!].sort(), ids.slice(0, 12).sort());
    assert.deepEqual([...seen['payment-attempts']!].sort(), ids.slice(12).sort());
    // And a third drain finds nothing left.
    const { seen: later, service: third } = recorder();
    await third.drain();
    assert.deepEqual(later, { webhooks: [], 'payment-attempts': [] });
    const webhookEvents = await db().selectFrom('webhook_events').select('id').where('id', 'in', ids).execute();
    assert.equal(webhookEvents.length, 12, 'one webhook event per domain event, with its id');
  });

  it('a failing consumer keeps its changes out, holds up nothing else, and is tried again later', async () => {
    const [stuck, next] = await record(2, 'installment.paid');
    const [payment] = await record(1, 'payment.received');
    let broken = true;
    const { seen, service } = recorder((consumer, event) => broken && consumer === 'webhooks' && event.id === stuck);
    const first = await service.drain();
    assert.deepEqual(first, {
      webhooks: { handled: 1, failed: 1 },
      'payment-attempts': { handled: 1, failed: 0 },
    });
    assert.deepEqual(seen, { webhooks: [next], 'payment-attempts': [payment] });
    // What the failing handler wrote before it threw was rolled back with it.
    assert.equal((await db().selectFrom('webhook_events').select('id').where('id', '=', stuck!).execute()).length, 0);
    const row = (await inboxOf(db(), 'webhooks')).find((r) => r.event_id === stuck)!;
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /cannot handle installment.paid now/);
    assert.equal(row.done_at, null);
    // Not due yet: not tried again at once.
    broken = false;
    assert.equal((await service.drain('webhooks')).webhooks!.handled, 0);
    ctx.clock.advance(31_000);
    assert.equal((await service.drain('webhooks')).webhooks!.handled, 1);
    assert.deepEqual(seen.webhooks, [next, stuck]);
    assert.equal((await db().selectFrom('webhook_events').select('id').where('id', '=', stuck!).execute()).length, 1);
    const done = (await inboxOf(db(), 'webhooks')).find((r) => r.event_id === stuck)!;
    assert.ok(done.done_at !== null);
    assert.equal(done.last_error, null);
  });

  it('the webhooks consumer run twice on one event writes its webhook event and deliveries once', async () => {
    await db()
      .insertInto('webhook_endpoints')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        entity_id: entity.id,
        url: 'https://ente.example/hook',
        secret: 'whsec_x',
        events: ['position.paid'],
        created_by: testActor.id,
        created_at: ctx.clock.now(),
      })
      .execute();
    const event: StoredEvent = {
      id: '01900000-0000-7000-8000-0000000000e1',
      entityId: entity.id,
      type: 'position.paid',
      data: { iupd: 'TWICE', status: 'PAID' },
      createdAt: ctx.clock.now(),
    };
    for (let i = 0; i < 2; i++)
      await db()
        .transaction()
        .execute((trx) => webhookConsumer(trx, event));
    const stored = await db().selectFrom('webhook_events').select('body').where('id', '=', event.id).execute();
    assert.equal(stored.length, 1);
    assert.deepEqual(JSON.parse(stored[0]!.body), {
      id: event.id,
      type: 'position.paid',
      createdAt: event.createdAt.toISOString(),
      organizationFiscalCode: entity.fiscalCode,
      data: { iupd: 'TWICE', status: 'PAID' },
    });
    const deliveries = await db()
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('event_id', '=', event.id)
      .execute();
    assert.equal(deliveries.length, 1);
  });
});
