// The values the console's role-by-role test (authz-console-roles.test.ts) puts in a route's URL
// parameters: `:ente` is entity A's fiscal code; the others name an object of entity A from the
// authorization fixture (authz-fixture.ts ids), or one a sample below makes.

import { randomUUID } from 'node:crypto';
import { insertExport, insertExportChunk } from '../../src/modules/console/positions/exports.db.ts';
import { parseSearch } from '../../src/modules/console/positions/search.ts';
import type { Entity } from '../../src/modules/entities/entity.ts';
import { uuidv7 } from '../../src/shared/ids.ts';
import { ids } from './authz-fixture.ts';
import { type TestContext, testActor } from './context.ts';

/** A failed delivery of an endpoint of the entity (an event given up on), its id. */
export async function failedDelivery(ctx: TestContext, entity: Entity, endpointId: string): Promise<string> {
  const db = ctx.services.database.db;
  const eventId = uuidv7();
  const at = new Date();
  await db
    .insertInto('webhook_events')
    .values({ id: eventId, entity_id: entity.id, type: 'position.paid', body: '{}', created_at: at })
    .execute();
  const row = await db
    .insertInto('webhook_deliveries')
    .values({
      event_id: eventId,
      endpoint_id: endpointId,
      entity_id: entity.id,
      status: 'FAILED',
      attempts: 12,
      next_attempt_at: at,
      last_attempt_at: at,
      last_status: 503,
      last_error: 'HTTP 503',
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let lastDelivery = '';

type Sample = (ctx: TestContext, entity: Entity) => string | Promise<string>;

/** A parameter's value by its name (without the colon). */
const SAMPLES: Record<string, Sample> = {
  ente: (_ctx, entity) => entity.fiscalCode,
  // A finished background export of entity A's positions (console/positions/exports.service.ts).
  exportId: async (ctx, entity) => {
    const id = uuidv7();
    await insertExport(ctx.services.database.db, {
      id,
      entity_id: entity.id,
      format: 'csv',
      search: JSON.stringify(parseSearch({})),
      scope: JSON.stringify('*'),
      status: 'COMPLETED',
      row_count: 0,
      byte_size: 4,
      actor: 'test:runner',
      created_at: new Date(),
    });
    await insertExportChunk(ctx.services.database.db, id, 0, new TextEncoder().encode('iupd'));
    return id;
  },
  // An operator of entity A (invited, no sign-in) and a role entity A defined: made afresh each time.
  operatore: async (ctx, entity) =>
    (
      await ctx.services.operators.accounts.create(
        {
          entityId: entity.id,
          email: `campione-${randomUUID()}@comune.example.it`,
          displayName: 'Carla Campione',
          roles: ['help-desk'],
        },
        testActor,
      )
    ).id,
  ruolo: async (ctx, entity) =>
    (
      await ctx.services.operators.roles.define(
        entity.id,
        { name: `Campione ${randomUUID()}`, grants: [{ area: 'positions', access: 'read' }] },
        testActor,
      )
    ).id,
  // A refund of 1 cent, RECORDED, of the fixture's open over-payment (console/overpayments).
  refundId: async (ctx, entity) => {
    const id = uuidv7();
    await ctx.services.database.db
      .insertInto('overpayment_refunds')
      .values({
        id,
        entity_id: entity.id,
        overpayment_id: ids.id,
        amount_cents: 1,
        beneficiary: 'Mario Rossi',
        iban: 'IT60X0542811101000000123456',
        refund_date: '2026-06-15',
        reference: null,
        created_at: new Date(),
        created_by: 'test:runner',
      })
      .execute();
    return id;
  },
  // A webhook endpoint of entity A with one failed delivery (deliveryId below names it).
  endpointId: async (ctx, entity) => {
    const { endpoint } = await ctx.services.webhooks.create(
      entity,
      { url: 'https://127.0.0.1:9/cassa', events: ['position.paid'] },
      testActor,
    );
    lastDelivery = await failedDelivery(ctx, entity, endpoint.id);
    return endpoint.id;
  },
  // The failed delivery of the endpoint the same URL names (:endpointId comes first in it).
  deliveryId: () => lastDelivery,
  // An active API key of entity A (each URL its own, so that revoking one leaves the others).
  keyId: async (ctx, entity) =>
    (await ctx.services.apiKeys.create(entity.fiscalCode, 'sample', testActor, ['positions:read'])).id,
};

/** The URL of a console route with every parameter filled for entity A. */
export async function fillConsoleUrl(url: string, ctx: TestContext, entity: Entity): Promise<string> {
  let filled = url;
  for (const [, name] of url.matchAll(/:([A-Za-z]+)/g)) {
    const sample = SAMPLES[name!];
    const value = sample ? await sample(ctx, entity) : (ids as Record<string, string>)[name!];
    if (value === undefined) throw new Error(`no sample for :${name} (test/support/console-samples.ts)`);
    filled = filled.replace(`:${name}`, encodeURIComponent(value));
  }
  return filled;
}
