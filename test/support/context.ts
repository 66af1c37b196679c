// Everything a test needs: a fresh database, the services, the HTTP app, and entities with API keys.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Actor, systemActor } from '../../src/modules/audit/audit.ts';
import type { Entity, EntityInput } from '../../src/modules/entities/entity.ts';
import type { CheckoutClient } from '../../src/modules/payments/checkout/checkout-api.ts';
import { createServices, type Services } from '../../src/services.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { freshDatabase, type TestDatabase } from './db.ts';

export const testActor: Actor = systemActor('test:runner');

/** Two valid entities for tenant-isolation tests (valid fiscal codes, IBANs and segregation codes). */
export const ENTITY_A: EntityInput = {
  fiscalCode: '80016350821',
  name: 'Comune di Prova',
  sector: 'Ufficio Tributi',
  segregationCode: '02',
  cbill: 'A0EDT',
  ibans: ['IT60X0542811101000000123456'],
  postalAccount: '001234567890',
};
export const ENTITY_B: EntityInput = {
  fiscalCode: '01199250158',
  name: 'Comune di Altrove',
  segregationCode: '07',
  ibans: ['IT13L0306909606100000012345'],
};

export interface TestContext {
  db: TestDatabase;
  services: Services;
  app: FastifyInstance;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

/** A fresh database, services and app at `now`; `checkout` replaces pagoPA Checkout (a test's fake). */
export async function testContext(
  now = '2026-06-15T10:00:00Z',
  options: { checkout?: CheckoutClient } = {},
): Promise<TestContext> {
  const db = await freshDatabase();
  const clock = fixedClock(now);
  const services = createServices(db.database, { clock, ...(options.checkout && { checkout: options.checkout }) });
  const app = await buildApp({ services, logLevel: 'silent' });
  return {
    db,
    services,
    app,
    clock,
    close: async () => {
      await app.close();
      await services.webhooks.settled();
      await db.drop();
    },
  };
}

/** Creates an entity and an API key for it. */
export async function entityWithKey(ctx: TestContext, input: EntityInput): Promise<{ entity: Entity; key: string }> {
  const entity = await ctx.services.entities.create(input, testActor);
  const { key } = await ctx.services.apiKeys.create(entity.fiscalCode, 'test', testActor);
  return { entity, key };
}

/** app.inject with the API key header. */
export function api(ctx: TestContext, key: string) {
  return (options: InjectOptions) =>
    ctx.app.inject({ ...options, headers: { authorization: `Bearer ${key}`, ...(options.headers ?? {}) } });
}
