// Wires the services of every module once, for the HTTP app, the CLI, the jobs and the tests.
import { DEFAULT_TIMEOUTS } from './config/outbound.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Jobs } from './jobs/boss.ts';
import { adminCredentialService } from './modules/admin/admin-credential.ts';
import { calendarService } from './modules/calendar/calendar.service.ts';
import { cartService } from './modules/cart/cart.service.ts';
import { catalogueService } from './modules/catalogue/catalogue.service.ts';
import { positionExportsService } from './modules/console/positions/exports.service.ts';
import { apiKeysService } from './modules/entities/api-keys.ts';
import { entitiesService } from './modules/entities/entities.service.ts';
import { eventsService } from './modules/events/events.service.ts';
import { oidcTransactionsService } from './modules/identity/oidc-transactions.ts';
import { sessionsService } from './modules/identity/sessions.service.ts';
import { printJobsService } from './modules/notices/bulk/print-jobs.service.ts';
import { noticesService } from './modules/notices/notices.service.ts';
import { operatorsModule } from './modules/operators/operators.module.ts';
import { acaService } from './modules/payments/aca/aca.service.ts';
import { type AcaClient, acaClient } from './modules/payments/aca/aca-api.ts';
import { attemptsService } from './modules/payments/attempts/attempts.service.ts';
import { type CheckoutClient, pagopaCheckout, unavailableCheckout } from './modules/payments/checkout/checkout-api.ts';
import { sandboxService } from './modules/payments/sandbox/sandbox.service.ts';
import { stationService } from './modules/payments/station/station.service.ts';
import { type ProfileMessengers, profileMessengers } from './modules/portal/profile/messengers.ts';
import { profilesService } from './modules/portal/profile/profile.service.ts';
import { documentSender } from './modules/portal/profile/send-documents.service.ts';
import { importsService } from './modules/positions/import/import.service.ts';
import type { LeaseTiming } from './modules/positions/import/import-lease.ts';
import { lifecycleService } from './modules/positions/positions.lifecycle.ts';
import { positionsService } from './modules/positions/positions.service.ts';
import { overpaymentsService } from './modules/receipts/intake/overpayments.service.ts';
import { paymentIntake } from './modules/receipts/intake/payment-intake.ts';
import { refundsService } from './modules/receipts/intake/refunds.service.ts';
import { receiptsService } from './modules/receipts/receipts.service.ts';
import { statementsService } from './modules/statements/statements.service.ts';
import { webhookConsumer } from './modules/webhooks/webhook-consumer.ts';
import { webhooksService } from './modules/webhooks/webhooks.service.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { type Logger, silentLogger } from './shared/logger.ts';
import { type Metrics, noMetrics } from './shared/metrics.ts';

export type Services = ReturnType<typeof createServices>;

export interface ServiceOptions {
  clock?: Clock;
  /** Background jobs; absent in processes that never enqueue (CLI, most tests). */
  jobs?: Jobs;
  config?: Pick<Config, 'importMaxBytes' | 'importMaxRows'> &
    Partial<Pick<Config, 'publicUrl' | 'checkout' | 'sandbox' | 'webhooksAllowHttp' | 'aca' | 'smtp' | 'timeouts'>>;
  /** Where the profile's one-time codes go, other than the configured ones (tests: a failing mailer). */
  messengers?: Partial<ProfileMessengers>;
  /** An ACA other than the configured one (tests: a client of a local fake). */
  acaClient?: AcaClient;
  /** Deliver webhooks from this process when kicked (default true). */
  deliverWebhooks?: boolean;
  /** A Checkout other than the configured one (tests: a fake of pagoPA's). */
  checkout?: CheckoutClient;
  /** Import lease timing other than the default (tests: a short one). */
  importLease?: LeaseTiming;
  /** Where services log (pino in main.ts; silent by default). */
  logger?: Logger;
  /** The counters services move (Prometheus in main.ts; none by default). */
  metrics?: Metrics;
  /** Instalment rows above which a console export runs in the background (tests: a few). */
  exportBackgroundRows?: number;
}

export function createServices(database: Database, options: ServiceOptions = {}) {
  const { db } = database;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noMetrics;
  const entities = entitiesService({ db });
  const admin = adminCredentialService({ db });
  const positions = positionsService({ db, clock, entities });
  const limits = options.config ?? { importMaxBytes: 200 * 1024 * 1024, importMaxRows: 1_000_000 };
  // Where the QR codes on receipts point; the default matches loadConfig's for the default port.
  const publicUrl = options.config?.publicUrl ?? 'http://localhost:3000';
  const realCheckout = options.config?.checkout;
  // How long each outbound call may take (config/outbound.ts).
  const timeouts = options.config?.timeouts ?? DEFAULT_TIMEOUTS;
  // The sandbox is on by default, and never together with a real Checkout (config.ts refuses both).
  const sandbox =
    (options.config?.sandbox ?? realCheckout === undefined)
      ? sandboxService({ db, clock, entities, publicUrl })
      : undefined;
  const checkout: CheckoutClient =
    options.checkout ??
    (realCheckout
      ? pagopaCheckout({
          baseUrl: realCheckout.url,
          subscriptionKey: realCheckout.subscriptionKey,
          timeoutMs: timeouts.checkoutMs,
        })
      : undefined) ??
    sandbox?.checkout() ??
    unavailableCheckout;
  // Money arriving for a notice, whatever the channel (pagoPA receipts, the back office's records).
  const intake = paymentIntake({ db, clock, metrics });
  const attempts = attemptsService({ db, clock, positions, checkout: () => checkout, publicUrl });
  // Side effects of a change subscribe to its domain events: one named consumer each (events/event.ts).
  const events = eventsService({
    db,
    clock,
    handlers: { webhooks: webhookConsumer, 'payment-attempts': attempts.onPaymentReceived },
    afterKick: () => webhooks.kick(),
  });
  const webhooks = webhooksService({
    db,
    clock,
    allowHttp: options.config?.webhooksAllowHttp ?? false,
    deliverOnKick: options.deliverWebhooks ?? true,
    timeoutMs: timeouts.webhooksMs,
    events,
    metrics,
    logger,
  });
  const messengers = {
    ...profileMessengers({ db, clock, smtp: options.config?.smtp, sandbox: sandbox !== undefined }),
    ...options.messengers,
  };
  const services = {
    database,
    clock,
    logger,
    metrics,
    jobs: options.jobs,
    entities,
    admin,
    apiKeys: apiKeysService({
      db,
      isAdminCredential: async (secret) => (await admin.authenticate(secret)) !== undefined,
    }),
    positions,
    catalogue: catalogueService({ db, clock, positions }),
    lifecycle: lifecycleService({ db, clock }),
    imports: importsService({
      database,
      clock,
      entities,
      jobs: options.jobs,
      limits,
      ...(options.importLease && { lease: options.importLease }),
    }),
    notices: noticesService({ positions, entities, clock }),
    printJobs: printJobsService({ db, clock, positions, entities, jobs: options.jobs }),
    positionExports: positionExportsService({
      db,
      clock,
      jobs: options.jobs,
      ...(options.exportBackgroundRows !== undefined && { backgroundOver: options.exportBackgroundRows }),
    }),
    receipts: receiptsService({ db, clock, entities, intake, publicUrl }),
    statements: statementsService({ clock, positions }),
    // The due-date calendar reads statements (stateless, so its own instance is the same service).
    calendar: calendarService({ db, clock, entities, statements: statementsService({ clock, positions }), publicUrl }),
    overpayments: overpaymentsService({ db, clock }),
    refunds: refundsService({ db, clock }),
    attempts,
    sandbox,
    sessions: sessionsService({ db, clock }),
    // Operators of the console: accounts, roles, sign-in and its second factors (ADR 0033).
    operators: operatorsModule({ db, clock, publicUrl }),
    // Contacts and language of the citizen's profile; codes reach the test outbox only in the sandbox.
    profiles: profilesService({
      db,
      clock,
      messengers,
    }),
    oidcTransactions: oidcTransactionsService({ db, clock }),
    cart: cartService({ db, clock, positions }),
    aca: acaService({
      db,
      clock,
      positions,
      entities,
      client:
        options.acaClient ??
        (options.config?.aca
          ? acaClient({
              baseUrl: options.config.aca.url,
              subscriptionKey: options.config.aca.subscriptionKey,
              timeoutMs: timeouts.acaMs,
            })
          : undefined),
    }),
    events,
    webhooks,
    station: stationService({ clock, positions, intake, events }),
  };
  // The help desk's resending of receipts and notices to the citizen's confirmed e-mail address.
  const documents = documentSender({
    db,
    clock,
    receipts: services.receipts,
    notices: services.notices,
    positions,
    profiles: services.profiles,
    email: messengers.email,
  });
  return { ...services, documents };
}
