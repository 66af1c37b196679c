// buildApp: the whole HTTP application as one Fastify instance, used by main.ts and by the tests
// (through app.inject). Services are passed in; nothing here opens connections.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv, type Options as AjvOptions } from 'ajv';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config.ts';
import { type RouteNeed, registerApiAuth } from './http/api-auth.ts';
import { refuseWhileClosing, registerErrorHandling } from './http/errors.ts';
import { addCassaFormats } from './http/formats.ts';
import { registerMetrics } from './http/metrics.http.ts';
import { type PrometheusMetrics, prometheusMetrics } from './http/prometheus.ts';
import { createLogger, registerRequestLog } from './http/request-log.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerSystemRoutes } from './http/system.http.ts';
import { registerWebAssets } from './http/web/assets.ts';
import { registerPlainHttpCookies } from './http/web/transport.ts';
import { registerAdminRoutes } from './modules/admin/admin.http.ts';
import { registerCatalogueRoutes } from './modules/catalogue/catalogue.http.ts';
import { registerConsoleRoutes } from './modules/console/console.http.ts';
import type { ConsoleOidcProvider } from './modules/console/oidc-buttons.ts';
import { consoleKeys } from './modules/console/web.ts';
import { registerOidcRoutes } from './modules/identity/oidc.http.ts';
import type { OidcProvider } from './modules/identity/oidc.ts';
import { smartCardVerifier } from './modules/identity/smartcard.ts';
import { registerPrintJobRoutes } from './modules/notices/bulk/print-jobs.http.ts';
import { registerNoticeRoutes } from './modules/notices/notices.http.ts';
import { registerAttemptRoutes } from './modules/payments/attempts/attempts.http.ts';
import { registerHelpdeskRoutes } from './modules/payments/helpdesk.http.ts';
import { registerSandboxRoutes } from './modules/payments/sandbox/sandbox.http.ts';
import { registerStationRoutes, type StationHttpOptions } from './modules/payments/station/station.http.ts';
import { LOOPBACK_STATION_ACCESS } from './modules/payments/station/station-access.ts';
import { registerAccountRoutes } from './modules/portal/account.http.ts';
import { registerCalendarRoutes } from './modules/portal/calendar.http.ts';
import { registerCartRoutes } from './modules/portal/cart.http.ts';
import { NOTICE_BUDGETS, type NoticeBudgets, noticeAccess } from './modules/portal/notice-access.ts';
import { portalOidcPages } from './modules/portal/oidc-pages.ts';
import { portalPages } from './modules/portal/pages.ts';
import { registerPaymentResultRoutes } from './modules/portal/payment.http.ts';
import { registerPortalRoutes } from './modules/portal/portal.http.ts';
import { portalKeys } from './modules/portal/portal-secrets.ts';
import { registerProfileRoutes } from './modules/portal/profile/profile.http.ts';
import { registerServicesPortalRoutes } from './modules/portal/services.http.ts';
import { registerSmartCardRoutes } from './modules/portal/smartcard.http.ts';
import { registerImportRoutes } from './modules/positions/import/import.http.ts';
import { registerPositionRoutes } from './modules/positions/positions.http.ts';
import { registerOverpaymentRoutes } from './modules/receipts/intake/overpayments.http.ts';
import { registerReceiptRoutes } from './modules/receipts/receipts.http.ts';
import { registerVerifyRoutes } from './modules/receipts/verify.http.ts';
import { registerStatementRoutes } from './modules/statements/statements.http.ts';
import { registerWebhookRoutes } from './modules/webhooks/webhooks.http.ts';
import type { Services } from './services.ts';
import { uuidv7 } from './shared/ids.ts';
import { REQUEST_ID_PATTERN } from './shared/logger.ts';
import { certificateBundle } from './shared/x509.ts';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: { method: string; url: string; need?: RouteNeed | undefined }[];
  }
}

export interface AppOptions {
  services: Services;
  logLevel?: LogLevel;
  /** Largest JSON body accepted (D4 of the reliability battery: 1 MiB). */
  bodyLimit?: number;
  /** Largest bulk-upload file accepted. */
  importMaxBytes?: number;
  /** Who may call the pagoPA station, and the public URL its WSDL names; the loopback and localhost by default. */
  station?: Partial<StationHttpOptions>;
  /** Serve HTTPS (and ask for client certificates when `ca` is given). */
  https?: { key: Buffer; cert: Buffer; ca?: Buffer | undefined };
  /** Smart-card (CNS/CIE) sign-in: the cards' CA bundle, the accepted policies, the proxy's header. */
  smartCard?: { ca: Buffer; policyOids: readonly string[]; certHeader?: string | undefined };
  /** Reverse proxies whose X-Forwarded-For is believed. */
  trustProxy?: readonly string[];
  /** The sandbox's pretend sign-in with the demo's citizens (default: when the sandbox is on). */
  sandboxSignIn?: boolean;
  /** Cassa's public base URL (PUBLIC_URL): where pagoPA Checkout sends payers back to. */
  publicUrl?: string | undefined;
  /** Where the sandbox's simulated Nodo calls the station (default: this Cassa as the payer reached it). */
  sandboxStationUrl?: string | undefined;
  /** The OpenID Connect providers (SPID/CIE) citizens may sign in with; none by default. */
  oidcProviders?: readonly OidcProvider[];
  /** The OpenID Connect providers of entities' operators, on the console (console/oidc.http.ts); none by default. */
  consoleOidc?: readonly ConsoleOidcProvider[];
  /** Where the log goes (standard output by default); tests read it. */
  logStream?: { write(line: string): void };
  /** The process's logger (main.ts shares it with the jobs and services); else one from logLevel/logStream. */
  logger?: PinoLogger;
  /** The metrics the services count into too (main.ts); else this app's own, of HTTP requests only. */
  metrics?: PrometheusMetrics;
  /** METRICS_TOKEN: the Bearer token GET /metrics asks for; without it, loopback callers only. */
  metricsToken?: string | undefined;
  /** The budgets of anonymous access to notices (ADR 0023); NOTICE_BUDGETS by default. */
  noticeBudgets?: NoticeBudgets;
}

// Bodies are validated strictly: no type coercion, no silent removal of unknown fields, and every
// problem reported at once. Query strings and path parameters are text, so they are coerced.
function validatorCompilers() {
  const make = (options: AjvOptions) => {
    const ajv = new Ajv({ useDefaults: true, removeAdditional: false, strict: false, ...options });
    return addCassaFormats(ajv);
  };
  const body = make({ allErrors: true, coerceTypes: false });
  const text = make({ allErrors: false, coerceTypes: 'array' });
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? body : text).compile(schema);
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const https = options.https && {
    key: options.https.key,
    cert: options.https.cert,
    // Client certificates (the Nodo's; later smart cards) are asked for, not required: each route decides.
    ...(options.https.ca && { ca: options.https.ca, requestCert: true, rejectUnauthorized: false }),
    // Smart cards' CAs are trusted too; which chain a certificate belongs to is checked per use.
    ...(options.smartCard && {
      ca: [options.https.ca, options.smartCard.ca].filter((ca) => ca !== undefined),
      requestCert: true,
      rejectUnauthorized: false,
    }),
  };
  // Typed as Fastify's base logger: with pino's own type, Fastify's instance type no longer fits the modules'.
  const loggerInstance: FastifyBaseLogger =
    options.logger ?? createLogger({ level: options.logLevel, stream: options.logStream });
  const app = Fastify({
    ...(https && { https }),
    ...(options.trustProxy && options.trustProxy.length > 0 && { trustProxy: [...options.trustProxy] }),
    loggerInstance,
    // One line per request, written by http/request-log.ts, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // A receipt verification token is 162 characters: above Fastify's default of 100 for a path parameter.
    routerOptions: { maxParamLength: 256 },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // While closing, requests on kept-alive connections get our own 503 (below), not Fastify's.
    return503OnClosing: false,
    // Not Fastify's requestIdHeader: it takes the header as it comes, without asking genReqId, so an
    // unsafe X-Request-Id would reach logs and audit records. genReqId reads and checks it itself.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : uuidv7();
    },
  });
  app.setValidatorCompiler(validatorCompilers());
  // No route reads plain text: JSON sent as text/plain gets 415, not a misleading "body must be object".
  app.removeContentTypeParser('text/plain');
  // Every route, as the authorization-matrix test needs them (method + URL pattern).
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      // The API's routes declare their need (api-auth.ts), the console's entity pages theirs (its gate).
      routeTable.push({ method, url: route.url, need: route.config?.need ?? route.config?.operatorNeed });
    }
  });
  // Before every route: the entity API's routes declare what they need, and this hook checks it.
  registerApiAuth(app, services);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerSecurityHeaders(app);
  registerRequestLog(app);
  const metrics = options.metrics ?? prometheusMetrics();
  metrics.watch({ database: services.database, jobs: services.jobs });
  registerMetrics(app, metrics, { token: options.metricsToken });
  refuseWhileClosing(app);
  // After a request that may have changed something, the consumers of domain events run soon (a
  // kick probes for due events first, one index read). Reads never write events.
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') services.events.kick();
  });
  const keys = await portalKeys(services.database.db);
  const portal = portalPages({
    keys,
    sandbox: services.sandbox !== undefined,
    sessions: services.sessions,
    preferredLanguage: async (fiscalCode) => (await services.profiles.confirmedContacts(fiscalCode)).language,
  });
  app.addHook('preHandler', portal.findSession);
  registerPlainHttpCookies(app);
  registerErrorHandling(app, portal.errorPage);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cassa API',
        version: '0.1.0',
        description:
          'Back-office API of Cassa, the pagoPA payments portal. The debt-position routes under /api/gpd/v3 follow pagoPA GPD v3: a back office written for GPD only changes its base URL. Entities and their API keys are managed under /admin/v1 with the installation’s admin credential (created and printed once at the first start; ADR 0029), which no entity route accepts. Errors are RFC 7807 problem+json with a stable `code` and, for invalid input, `errors[]` naming each field. Any route may answer 503 `SERVICE_UNAVAILABLE` with a `Retry-After` header (seconds) while the database cannot be reached or Cassa is shutting down: send the request again later (a create that was saved after all answers 409 when repeated). Numeric query parameters are bounded (e.g. `page` 0–1 000 000): out of range is a 400. Responses are `Cache-Control: no-store` unless a route says otherwise.',
      },
      components: {
        securitySchemes: {
          ApiKey: { type: 'apiKey', in: 'header', name: 'Ocp-Apim-Subscription-Key' },
          Bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerSystemRoutes(app, services.database);
  registerWebAssets(app);
  registerPositionRoutes(app, services);
  registerImportRoutes(app, services, { importMaxBytes: options.importMaxBytes ?? 200 * 1024 * 1024 });
  registerNoticeRoutes(app, services);
  registerReceiptRoutes(app, services);
  registerVerifyRoutes(app, services);
  registerPrintJobRoutes(app, services);
  registerStatementRoutes(app, services);
  registerCatalogueRoutes(app, services);
  registerOverpaymentRoutes(app, services);
  registerAttemptRoutes(app, services);
  registerWebhookRoutes(app, services);
  registerHelpdeskRoutes(app, services);
  registerAdminRoutes(app, services);
  if (services.sandbox)
    registerSandboxRoutes(app, { sandbox: services.sandbox }, { stationUrl: options.sandboxStationUrl });
  registerStationRoutes(app, services, {
    access: {
      ...(options.station?.access ?? LOOPBACK_STATION_ACCESS),
      // The TLS server may trust smart cards' CAs too: the Nodo's certificate must chain to the Nodo's.
      ...(options.https?.ca && { clientCa: certificateBundle(options.https.ca) }),
    },
    publicUrl: options.station?.publicUrl ?? options.publicUrl ?? 'http://localhost:3000',
  });
  registerAccountRoutes(app, services, portal, {
    sandboxSignIn: options.sandboxSignIn ?? services.sandbox !== undefined,
    smartCardSignIn: options.smartCard !== undefined,
    oidcProviders: options.oidcProviders ?? [],
  });
  registerOidcRoutes(app, { ...services, db: services.database.db }, portalOidcPages(portal), {
    providers: options.oidcProviders ?? [],
    publicUrl: options.publicUrl ?? options.station?.publicUrl ?? 'http://localhost:3000',
  });
  const portalUrl = options.publicUrl ?? options.station?.publicUrl ?? 'http://localhost:3000';
  // The one limiter of every access by notice number (ADR 0023), shared by the portal's routes.
  const notices = noticeAccess({
    db: services.database.db,
    clock: services.clock,
    budgets: options.noticeBudgets ?? NOTICE_BUDGETS,
    signedIn: async (request) => (await portal.sessionOf(request)) !== undefined,
  });
  registerCartRoutes(app, services, portal, { publicUrl: portalUrl });
  registerPaymentResultRoutes(app, { ...services, noticeAccess: notices }, portal, { publicUrl: portalUrl });
  registerServicesPortalRoutes(app, services, portal);
  registerCalendarRoutes(app, services, portal);
  registerSmartCardRoutes(
    app,
    services,
    portal,
    options.smartCard && {
      verify: smartCardVerifier({
        caBundle: options.smartCard.ca,
        policyOids: options.smartCard.policyOids,
        clock: services.clock,
      }),
      certHeader: options.smartCard.certHeader,
      trustedProxies: options.trustProxy ?? [],
    },
  );
  registerProfileRoutes(app, services, portal);
  registerPortalRoutes(app, { ...services, noticeAccess: notices }, portal, { publicUrl: portalUrl });
  registerConsoleRoutes(app, services, {
    keys: await consoleKeys(services.database.db),
    sandbox: services.sandbox !== undefined,
    oidc: options.consoleOidc ?? [],
    publicUrl: portalUrl,
  });
  return app;
}
