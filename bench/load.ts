// npm run bench:load [-- --duration 300 --rate 70 --ceiling-seconds 5 --clients N --portal-entities N]
// Battery I2: a constant arrival rate (open model) of a mixed load — GPD v3 reads and writes, the
// portal's anonymous notice look-up and page, the Nodo's verify/activation/receipt, Checkout starts
// (sandbox) and polls — against Cassa running as a user runs it (`src/main.ts` in a child process,
// configured by environment variables) on a fresh PostgreSQL database (DATABASE_URL required;
// created here like the tests' and dropped at the end). Prints per operation count, p50/p95/p99 and
// errors (with samples), the achieved rate, the server's peak RSS, the goal beside the figures, and
// the ceiling measured in the same run: bare /health and paVerifyPaymentNotice at full speed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { systemActor } from '../src/modules/audit/audit.ts';
import { verifyRequest } from '../src/modules/payments/sandbox/nodo-messages.ts';
import { createServices } from '../src/services.ts';
import { freshDatabase } from '../test/support/db.ts';
import { freePort } from '../test/support/server.ts';
import { ensureTestServer } from '../test/support/test-server.ts';
import { type MixData, operations, type PortalClient, schedule, WEIGHTS } from './load-mix.ts';
import { seedEntity } from './load-seed.ts';
import { type LoadFigures, openLoop, type RouteFigures } from './open-loop.ts';
import { startServer } from './server-process.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '300' },
    rate: { type: 'string', default: '70' },
    'ceiling-seconds': { type: 'string', default: '5' },
    clients: { type: 'string' },
    'portal-entities': { type: 'string' },
  },
});
const seconds = Number(values.duration);
const rate = Number(values.rate);
const ceilingSeconds = Number(values['ceiling-seconds']);
// The portal's anonymous notice accesses are limited per address and per entity (ADR 0023: 60 and
// 3000 successes in 10 minutes): spread them over enough addresses and entities that each stays
// at two thirds of its budget, unless told otherwise.
const portalPerWindow =
  rate * ((WEIGHTS['portal POST /avviso'] + WEIGHTS['portal GET notice page']) / 100) * Math.min(seconds, 600);
const clientCount = Number(values.clients ?? Math.max(20, Math.ceil(portalPerWindow / 40)));
const portalEntities = Number(values['portal-entities'] ?? Math.max(1, Math.ceil(portalPerWindow / 2000)));
const PORTAL_NOTICES = 500;
if (!process.env.DATABASE_URL) {
  console.error('bench:load runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}
if (!(seconds > 0 && rate > 0 && ceilingSeconds >= 0 && clientCount >= 1 && portalEntities >= 1)) {
  throw new Error('bad arguments');
}

const GOAL_P95_MS = 1000;
const GOAL_ALL_P99_MS = 2000;
const actor = systemActor('bench');
const work = mkdtempSync(join(tmpdir(), 'cassa-bench-load-'));
const total = Math.ceil(seconds * rate);
// Notices used once each (receipts, checkout starts), with a margin; the rest are read or replaced.
const share = (name: keyof typeof WEIGHTS) => Math.ceil((total * WEIGHTS[name]) / 100) + 50;
const needReceipts = share('soap paSendRTV2');
const needCheckouts = share('checkout POST start');
const reads = 2000;
const updates = 500;
const count = needReceipts + needCheckouts + reads + updates;

async function seed(database: Awaited<ReturnType<typeof freshDatabase>>['database']) {
  const services = createServices(database, { config: { importMaxBytes: 1024 ** 3, importMaxRows: count } });
  const { entity, notices } = await seedEntity(services, work, 0, count);
  const { key } = await services.apiKeys.create(entity.fiscalCode, 'bench:load', actor);
  // The other entities only take the portal's anonymous look-ups.
  const others = [];
  for (let k = 1; k < portalEntities; k++) others.push(await seedEntity(services, work, k, PORTAL_NOTICES));
  return { entity, key, notices, others };
}

/** A citizen's browser: the entity's page gives it the CSRF cookie and the form's token. */
async function portalClient(base: string, fiscalCode: string, ip: string): Promise<PortalClient> {
  const response = await fetch(`${base}/e/${fiscalCode}`, { headers: { 'x-forwarded-for': ip } });
  const html = await response.text();
  const cookie = /(__Host-cassa-csrf=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (response.status !== 200 || !cookie || !csrf) throw new Error(`no CSRF form at /e/${fiscalCode}`);
  return { ip, cookie, csrf };
}

async function ceiling(name: string, options: autocannon.Options) {
  const result = await autocannon({ connections: 50, duration: ceilingSeconds, ...options });
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const ms = (n: number) => `${Math.round(n)}`.padStart(6);
function printRoute(r: RouteFigures, p99Goal = Number.POSITIVE_INFINITY) {
  const mark = r.errors === 0 && r.p95 < GOAL_P95_MS && r.p99 < p99Goal ? 'ok' : 'MISSED';
  console.log(
    `${r.name.padEnd(28)}${String(r.count).padStart(7)}${ms(r.p50)}${ms(r.p95)}${ms(r.p99)}${ms(r.max)}${String(r.errors).padStart(8)}   ${mark}`,
  );
}

interface Machine {
  peakLoadMb: number;
  peakAllMb: number;
  /** Server CPU seconds used during the load. */
  serverCpu: number;
  /** The 1-minute load average before and after the load. */
  loadBefore: number;
  loadAfter: number;
}

function report(figures: LoadFigures, machine: Machine, ceilings: Awaited<ReturnType<typeof ceiling>>[]) {
  console.log(
    `\nbench:load — PostgreSQL, ${rate} req/s for ${seconds} s (open model, latency from the time each request was due)`,
  );
  console.log(
    `goal (battery I2): 0 errors and p95 < ${GOAL_P95_MS} ms for every operation; p99 < ${GOAL_ALL_P99_MS} ms over all\n`,
  );
  console.log(
    `${'operation'.padEnd(28)}${'count'.padStart(7)}${'p50'.padStart(6)}${'p95'.padStart(6)}${'p99'.padStart(6)}${'max'.padStart(6)}${'errors'.padStart(8)}   (ms)`,
  );
  for (const r of figures.routes) printRoute(r);
  printRoute(figures.all, GOAL_ALL_P99_MS);
  console.log(
    `\nsent ${figures.sent} at ${figures.sendRate.toFixed(1)} req/s; achieved ${figures.achievedRate.toFixed(1)} req/s answered (first send to last answer, ${figures.seconds.toFixed(1)} s); generator's worst send lag ${figures.maxSendLagMs.toFixed(0)} ms`,
  );
  console.log(
    `server peak RSS (main.ts and its children): ${machine.peakLoadMb.toFixed(0)} MiB during the load, ${machine.peakAllMb.toFixed(0)} MiB overall`,
  );
  console.log(
    `server CPU during the load: ${machine.serverCpu.toFixed(1)} s in ${figures.seconds.toFixed(1)} s (${((100 * machine.serverCpu) / figures.seconds).toFixed(0)} % of one core); machine load average ${machine.loadBefore.toFixed(1)} before, ${machine.loadAfter.toFixed(1)} after (${availableParallelism()} cores, shared with whatever else runs)`,
  );
  const failed = figures.routes.filter((r) => r.errors > 0);
  if (failed.some((r) => r.name.startsWith('portal') && r.samples.some((x) => x.startsWith('429')))) {
    console.log(
      '\nthe portal answered 429: its anonymous notice budgets (per address, per entity) were reached — raise --clients and --portal-entities',
    );
  }
  for (const r of failed) {
    console.log(`\nerrors of ${r.name} (first ${r.samples.length} of ${r.errors}):`);
    for (const s of r.samples) console.log(`  ${s}`);
  }
  if (ceilings.length > 0) {
    console.log(`\nceiling, same server and run (autocannon, 50 connections, closed loop, ${ceilingSeconds} s each):`);
    for (const c of ceilings) {
      console.log(
        `  ${c.name.padEnd(40)}${Math.round(c.rps).toLocaleString('en').padStart(7)} req/s   p99 ${c.p99} ms   errors ${c.errors}`,
      );
    }
    const verify = ceilings.find((c) => c.name.startsWith('paVerify'));
    if (verify)
      console.log(`  the load's ${rate} req/s is ${((100 * rate) / verify.rps).toFixed(1)} % of the verify ceiling`);
  }
  const verdict =
    figures.all.errors === 0 && figures.all.p99 < GOAL_ALL_P99_MS && figures.routes.every((r) => r.p95 < GOAL_P95_MS);
  console.log(`\nverdict: ${verdict ? 'goal met' : 'goal MISSED'}`);
  return verdict;
}

async function main() {
  process.stdout.write(`Seeding ${count.toLocaleString('en')} positions into a fresh PostgreSQL database... `);
  const stopServer = await ensureTestServer();
  const db = await freshDatabase({ prefix: 'cassa_bench_load' });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const { entity, key, notices, others } = await seed(db.database);
    console.log('done');
    const port = await freePort();
    server = await startServer({
      port,
      logFile: join(work, 'server.log'),
      env: {
        DATABASE_URL: db.url!,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
        CASSA_DEMO: 'false',
        CASSA_SANDBOX: 'true',
        // The portal's look-up limiter is per client address: the citizens come through a proxy on
        // this host, which names each one's address in X-Forwarded-For.
        TRUST_PROXY: '127.0.0.1',
        // The Nodo (this process) calls the station from the loopback.
        PAGOPA_ALLOWED_IPS: '127.0.0.1',
      },
    });
    const clients = await Promise.all(
      Array.from({ length: clientCount }, (_, i) =>
        portalClient(server!.base, entity.fiscalCode, `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`),
      ),
    );
    console.log(
      `Cassa pid ${server.pid} on ${server.base}; portal requests from ${clients.length} distinct addresses in X-Forwarded-For (TRUST_PROXY=127.0.0.1) to ${portalEntities} entities, limits at their defaults`,
    );
    const data: MixData = {
      base: server.base,
      entity,
      apiKey: key,
      clients,
      receipts: notices.slice(0, needReceipts),
      checkouts: notices.slice(needReceipts, needReceipts + needCheckouts),
      updates: notices.slice(needReceipts + needCheckouts, needReceipts + needCheckouts + updates),
      reads: notices.slice(needReceipts + needCheckouts + updates),
      portal: [],
    };
    data.portal = [
      { fiscalCode: entity.fiscalCode, reads: data.reads },
      ...others.map((o) => ({ fiscalCode: o.entity.fiscalCode, reads: o.notices })),
    ];

    const ceilings: Awaited<ReturnType<typeof ceiling>>[] = [];
    if (ceilingSeconds > 0) {
      process.stdout.write('Ceiling: bare /health and paVerifyPaymentNotice at full speed... ');
      ceilings.push(await ceiling('bare GET /health', { url: `${server.base}/health` }));
      const address = { idPA: entity.fiscalCode, idBrokerPA: entity.brokerId, idStation: entity.stationId };
      ceilings.push(
        await ceiling('paVerifyPaymentNotice (one notice lookup)', {
          url: `${server.base}/pagopa/paForNode`,
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"paVerifyPaymentNotice"' },
              setupRequest: (request) => ({
                ...request,
                body: verifyRequest(address, data.reads[Math.floor(Math.random() * data.reads.length)]!.nav),
              }),
            },
          ],
        }),
      );
      console.log('done');
    }
    const peakAllBefore = server.peakRssMb();
    server.resetPeak();
    console.log(`Load: ${rate} req/s for ${seconds} s (${total} requests)...`);
    const ops = operations(data);
    const order = schedule();
    const loadBefore = loadavg()[0]!;
    const cpuBefore = server.cpuSeconds();
    const figures = await openLoop({ rate, seconds, pick: (i) => ops[order[i % order.length]!]() });
    const peakLoadMb = server.peakRssMb();
    const machine: Machine = {
      peakLoadMb,
      peakAllMb: Math.max(peakAllBefore, peakLoadMb),
      serverCpu: server.cpuSeconds() - cpuBefore,
      loadBefore,
      loadAfter: loadavg()[0]!,
    };
    const ok = report(figures, machine, ceilings);
    const code = await server.stop();
    server = undefined;
    // Warnings and errors the server logged (its start-up warning about the sandbox without the demo is expected).
    const logged = readFileSync(join(work, 'server.log'), 'utf8')
      .split('\n')
      .filter((l) => /"level":(40|50|60)/.test(l) && !l.includes('SANDBOX is on without the demo'));
    console.log(`server exit code ${code}; ${logged.length} warning or error lines in its log`);
    for (const line of logged.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await server?.stop();
    await db.drop();
    await stopServer();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
