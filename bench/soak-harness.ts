// What the soak's rounds run on: Cassa's app (buildApp, app.inject) over a fresh PostgreSQL
// database, a clock that runs with real time but can be moved forward (attempt expiry), a PSP that
// counts every cart it is asked for and answers after a realistic latency (the sandbox's Checkout
// behind a delay, battery I: 200 ms ± 100 ms), the server-side processing window of every request
// (onRequest → onResponse), and citizens' browsers with their CSRF cookies.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { systemActor } from '../src/modules/audit/audit.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { CheckoutClient } from '../src/modules/payments/checkout/checkout-api.ts';
import { createServices, type Services } from '../src/services.ts';
import type { Clock } from '../src/shared/clock.ts';
import { freshDatabase, type TestDatabase } from '../test/support/db.ts';
import { ensureTestServer } from '../test/support/test-server.ts';

export interface Window {
  start: number;
  end: number;
}

export interface Browser {
  ip: string;
  cookie: string;
  csrf: string;
}

export interface Harness {
  db: TestDatabase;
  services: Services;
  app: FastifyInstance;
  entity: Entity;
  apiKey: string;
  clock: Clock & { advance(ms: number): void };
  /** Carts the PSP was asked for, per notice number. */
  cartsOf(nav: string): number;
  /** Sends a request tagged `tag`; its server-side window is kept under that tag. */
  send(tag: string, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Times a piece of work done in-process (a background job) under `tag`. */
  timed<T>(tag: string, work: () => Promise<T>): Promise<T>;
  window(tag: string): Window | undefined;
  /** A new browser with its CSRF cookie and token, from a distinct address. */
  browser(): Promise<Browser>;
  close(): Promise<void>;
}

const TAG = 'x-soak-tag';

/** A clock that follows real time plus an offset the soak moves forward. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export async function startHarness(options: { pspLatencyMs: number }): Promise<Harness> {
  const stopServer = await ensureTestServer();
  const db = await freshDatabase({ prefix: 'cassa_soak' });
  const clock = movableClock();
  const carts = new Map<string, number>();
  let services: Services | undefined;
  // The PSP: the sandbox's Checkout, reached after 0.5–1.5 × the latency; every cart counted first.
  const psp: CheckoutClient = {
    kind: 'sandbox',
    async createCart(request) {
      for (const n of request.paymentNotices) carts.set(n.noticeNumber, (carts.get(n.noticeNumber) ?? 0) + 1);
      const latency = options.pspLatencyMs * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, latency));
      return services!.sandbox!.checkout().createCart(request);
    },
  };
  services = createServices(db.database, {
    clock,
    checkout: psp,
    config: { importMaxBytes: 1024 * 1024, importMaxRows: 1000, sandbox: true, publicUrl: 'http://127.0.0.1:3000' },
  });
  const app = await buildApp({ services, logLevel: 'silent' });
  const windows = new Map<string, Window>();
  app.addHook('onRequest', async (request) => {
    const tag = request.headers[TAG];
    if (typeof tag === 'string') windows.set(tag, { start: performance.now(), end: Number.POSITIVE_INFINITY });
  });
  app.addHook('onResponse', async (request) => {
    const tag = request.headers[TAG];
    const w = typeof tag === 'string' ? windows.get(tag) : undefined;
    if (w) w.end = performance.now();
  });
  await app.ready();
  const actor = systemActor('soak');
  const entity = await services.entities.create(
    {
      fiscalCode: '80016350821',
      name: 'Comune di Soak',
      segregationCode: '02',
      ibans: ['IT60X0542811101000000123456'],
    },
    actor,
  );
  const { key } = await services.apiKeys.create(entity.fiscalCode, 'soak', actor);
  let browsers = 0;

  return {
    db,
    services,
    app,
    entity,
    apiKey: key,
    clock,
    cartsOf: (nav) => carts.get(nav) ?? 0,
    send: (tag, request) => app.inject({ ...request, headers: { ...request.headers, [TAG]: tag } }),
    timed: async (tag, work) => {
      const w = { start: performance.now(), end: Number.POSITIVE_INFINITY };
      windows.set(tag, w);
      try {
        return await work();
      } finally {
        w.end = performance.now();
      }
    },
    window: (tag) => windows.get(tag),
    browser: async () => {
      browsers++;
      const ip = `10.88.${browsers >> 8}.${browsers & 255}`;
      const res = await app.inject({ url: `/e/${entity.fiscalCode}`, remoteAddress: ip });
      const cookie = /(__Host-cassa-csrf=[^;]+)/.exec(String(res.headers['set-cookie'] ?? ''))?.[1];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
      if (res.statusCode !== 200 || !cookie || !csrf) throw new Error('no CSRF form on the entity page');
      return { ip, cookie, csrf };
    },
    close: async () => {
      await app.close();
      await services.webhooks.settled();
      await db.drop();
      await stopServer();
    },
  };
}

/** Whether every window shares one instant with every other (the racing requests really raced). */
export function allOverlap(windows: (Window | undefined)[]): boolean {
  if (windows.some((w) => w === undefined || !Number.isFinite(w.end))) return false;
  const ws = windows as Window[];
  return Math.max(...ws.map((w) => w.start)) < Math.min(...ws.map((w) => w.end));
}
