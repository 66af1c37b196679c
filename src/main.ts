// Process entry: configuration → database (migrated) → services → jobs → demo → HTTP; and a
// graceful shutdown on SIGTERM/SIGINT (shutdown.ts): in-flight requests and jobs finish within
// SHUTDOWN_GRACE_SECONDS, new ones are refused, then the database closes.
import { readFileSync } from 'node:fs';
import { buildApp } from './app.ts';
import { networkWarnings } from './config/network-warnings.ts';
import { ConfigError, loadConfig } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { prometheusMetrics } from './http/prometheus.ts';
import { createLogger } from './http/request-log.ts';
import { startJobs } from './jobs/boss.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { adminKeyAtStart } from './modules/admin/admin-start.ts';
import { DEMO_API_KEY, DEMO_FISCAL_CODE, seedDemo } from './modules/demo/demo.ts';
import { oidcProvider } from './modules/identity/oidc.ts';
import { firstAdministratorAtStart } from './modules/operators/operators-start.ts';
import { NOTICE_BUDGETS } from './modules/portal/notice-access.ts';
import { createServices } from './services.ts';
import { drainAndClose } from './shutdown.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // One logger and one metrics registry for the whole process: the database, the jobs, the services, HTTP.
  const logger = createLogger({ level: config.logLevel });
  const metrics = prometheusMetrics({ process: true });
  // On the embedded database this starts its server (or takes over one left running); closing the
  // database at the end of drainAndClose stops it.
  const { database } = await connectDatabase(config, { poolSize: config.dbPoolSize, adopt: true, logger });
  const jobs = await startJobs(database, { work: config.jobs, logger, metrics });
  const services = createServices(database, { jobs, config, logger, metrics });
  await jobs.register(jobHandlers(services));
  const app = await buildApp({
    services,
    logger,
    metrics,
    metricsToken: config.metricsToken,
    importMaxBytes: config.importMaxBytes,
    publicUrl: config.publicUrl,
    // The pretend sign-in only with the demo's made-up citizens, never on real data.
    sandboxSignIn: config.sandbox && config.demo,
    station: { access: config.pagopa, publicUrl: config.publicUrl },
    trustProxy: config.trustProxy,
    noticeBudgets: {
      ...NOTICE_BUDGETS,
      entity: { ...NOTICE_BUDGETS.entity, ...config.noticeEntityLimits },
    },
    sandboxStationUrl: config.sandboxStationUrl,
    smartCard: config.smartCard && {
      ca: readFileSync(config.smartCard.caFile),
      policyOids: config.smartCard.policyOids,
      certHeader: config.smartCard.certHeader,
    },
    oidcProviders: config.oidc.filter((s) => s.for !== 'operators').map((settings) => oidcProvider(settings)),
    consoleOidc: config.oidc
      .filter((s) => s.for === 'operators')
      .map((settings) => ({ provider: oidcProvider(settings), entity: settings.entity })),
    https: config.tls && {
      cert: readFileSync(config.tls.certFile),
      key: readFileSync(config.tls.keyFile),
      ca: config.tls.clientCaFile ? readFileSync(config.tls.clientCaFile) : undefined,
    },
  });

  if (config.sandbox && !config.demo) {
    // Sandbox receipts settle debts with no money: on real data that must be a conscious choice.
    app.log.warn(
      'the pagoPA SANDBOX is on without the demo: simulated payments will mark real debts paid. Configure PAGOPA_CHECKOUT_URL/PAGOPA_CHECKOUT_KEY, or set CASSA_SANDBOX=false',
    );
  }
  for (const warning of networkWarnings(config)) app.log.warn(warning);
  if (config.demo) {
    const { created } = await seedDemo(services);
    if (created) app.log.info('demo entity "Comune di Demo" created');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down');
    const code = await drainAndClose(
      { app, jobs, webhooks: services.webhooks, database },
      config.shutdownGraceSeconds * 1000,
    );
    app.log.info({ code }, 'shut down');
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const base = `${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
  const storage = config.databaseUrl ? 'PostgreSQL' : `the embedded PostgreSQL in ${config.dataDir}`;
  const lines = [`Cassa is running on ${base} with ${storage}.`, `API documentation: ${base}/docs`];
  // Created only once Cassa listens: a start that fails before cannot swallow the one printing.
  lines.push(
    ...(await adminKeyAtStart(services.admin, {
      enabled: config.createAdminKey,
      base,
      log: (message) => app.log.info(message),
    })),
  );
  lines.push(...(await firstAdministratorAtStart(services.operators.invitations, { log: (m) => app.log.info(m) })));
  if (config.demo) {
    const org = `${base}/api/gpd/v3/organizations/${DEMO_FISCAL_CODE}`;
    const v1 = `${base}/api/v1/organizations/${DEMO_FISCAL_CODE}`;
    lines.push(
      '',
      'Demo entity: Comune di Demo, fiscal code 80001234568.',
      `Demo API key (public, demo data only): ${DEMO_API_KEY}`,
      '',
      'Try:',
      `  curl -H "Authorization: Bearer ${DEMO_API_KEY}" "${org}/debtpositions?limit=5"`,
      `  curl -H "Ocp-Apim-Subscription-Key: ${DEMO_API_KEY}" ${org}/debtpositions/DEMO-0001`,
      `  curl -o avviso.pdf -H "Authorization: Bearer ${DEMO_API_KEY}" ${v1}/debtpositions/DEMO-0001/notice`,
    );
  }
  if (config.sandbox) {
    lines.push(
      '',
      `Online payments (${base}/api/v1/organizations/<fiscal code>/checkout) go to the built-in pagoPA SANDBOX:`,
      'a simulated Checkout and Nodo, no real money. Set PAGOPA_CHECKOUT_URL and PAGOPA_CHECKOUT_KEY for the real one.',
    );
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

await main();
