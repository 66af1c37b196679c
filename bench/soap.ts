// npm run bench:soap [-- --duration 10 --connections 50 --positions 10000 --entities 1]
// paVerifyPaymentNotice and paGetPaymentV2 under 50 concurrent connections for 10 s each, each call
// for a random notice of a fresh database (PostgreSQL when DATABASE_URL is set, otherwise an embedded one),
// printing requests/s and p50/p99 latency; and in the same run the ceiling — a bare Fastify route
// doing the same notice lookup on the same database, in the same server process — with the ratio.
// Then the write path: paSendRTV2 for 10 s, each receipt paying a notice not paid before (in order;
// once every notice is paid, further receipts are new receipts of paid notices, held as
// over-payments — still a write each, and counted apart). With --entities N the positions are spread
// over N entities and consecutive calls go to different ones (each entity has its own audit chain).
// The server runs in a child process (bench/soap-server.ts); the load generator (autocannon) here.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { activationRequest, receiptRequest, verifyRequest } from '../src/modules/payments/sandbox/nodo-messages.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    positions: { type: 'string', default: '10000' },
    entities: { type: 'string', default: '1' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

const server = spawn(process.execPath, ['bench/soap-server.ts'], {
  env: { ...process.env, BENCH_POSITIONS: values.positions, BENCH_ENTITIES: values.entities },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
const info = JSON.parse(line) as {
  cassa: number;
  bare: number;
  navFile: string;
  database: string;
  entity: { fiscalCode: string; brokerId: string; stationId: string };
};
type Address = { idPA: string; idBrokerPA: string; idStation: string };
const notices = JSON.parse(readFileSync(info.navFile, 'utf8')) as {
  nav: string;
  iuv: string;
  cents: number;
  address: Address;
}[];
const randomNotice = () => notices[Math.floor(Math.random() * notices.length)]!;
let receipts = 0;
/** A receipt for the next notice in order, with a receipt id of its own. */
const nextReceipt = () => {
  const n = notices[receipts % notices.length]!;
  receipts++;
  return receiptRequest('paSendRTV2', n.address, {
    receiptId: `bench-${receipts}`,
    nav: n.nav,
    iuv: n.iuv,
    fiscalCode: n.address.idPA,
    amount: (n.cents / 100).toFixed(2),
    iban: 'IT60X0542811101000000123456',
  });
};

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

async function load(name: string, options: autocannon.Options): Promise<Figures> {
  process.stdout.write(`${name}: ${connections} connections for ${duration} s... `);
  const result = await autocannon({ connections, duration, ...options });
  const errors = result.errors + result.timeouts + result.non2xx;
  process.stdout.write('done\n');
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    requests: result.requests.total,
  };
}

const soap = (action: string, body: (n: { nav: string; address: Address }) => string): autocannon.Options => ({
  url: `http://127.0.0.1:${info.cassa}/pagopa/paForNode`,
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
      setupRequest: (request) => ({ ...request, body: body(randomNotice()) }),
    },
  ],
});

// A short check that the calls really answer OK before measuring them.
for (const [action, xml] of [
  ['paVerifyPaymentNotice', verifyRequest(notices[0]!.address, notices[0]!.nav)],
  ['paGetPaymentV2', activationRequest('paGetPaymentV2', notices[0]!.address, notices[0]!.nav)],
] as const) {
  const res = await fetch(`http://127.0.0.1:${info.cassa}/pagopa/paForNode`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml', soapaction: action },
    body: xml,
  });
  const text = await res.text();
  if (!text.includes('<outcome>OK</outcome>')) throw new Error(`${action} did not answer OK:\n${text}`);
}
{
  const res = await fetch(`http://127.0.0.1:${info.cassa}/pagopa/paForNode`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml', soapaction: 'paSendRTV2' },
    body: nextReceipt(),
  });
  const text = await res.text();
  if (!text.includes('<outcome>OK</outcome>')) throw new Error(`paSendRTV2 did not answer OK:\n${text}`);
}

const ceiling = await load('ceiling (bare route, same lookup)', {
  url: `http://127.0.0.1:${info.bare}`,
  requests: [
    {
      method: 'GET',
      setupRequest: (request) => {
        const n = randomNotice();
        return { ...request, path: `/lookup/${n.address.idPA}/${n.nav}` };
      },
    },
  ],
});
const verify = await load(
  'paVerifyPaymentNotice',
  soap('paVerifyPaymentNotice', (n) => verifyRequest(n.address, n.nav)),
);
const activate = await load(
  'paGetPaymentV2',
  soap('paGetPaymentV2', (n) => activationRequest('paGetPaymentV2', n.address, n.nav, { paymentNote: 'bench' })),
);

const paid = await load('paSendRTV2 (each pays a notice)', {
  url: `http://127.0.0.1:${info.cassa}/pagopa/paForNode`,
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"paSendRTV2"' },
      setupRequest: (request) => ({ ...request, body: nextReceipt() }),
    },
  ],
});

server.stdin!.end();
await once(server, 'exit');

const row = (label: string, f: Figures, ratio?: string) =>
  console.log(
    `${label.padEnd(24)}${Math.round(f.rps).toLocaleString('en').padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors}/${f.requests}${ratio ? `   ${ratio}` : ''}`,
  );
const ratio = (f: Figures) => `${((100 * f.rps) / ceiling.rps).toFixed(1)} % of the ceiling`;
console.log(
  `\ndatabase: ${info.database}, ${notices.length.toLocaleString('en')} notices of ${values.entities} entities, ${connections} connections, ${duration} s each`,
);
row('ceiling (bare lookup)', ceiling);
row('paVerifyPaymentNotice', verify, ratio(verify));
row('paGetPaymentV2', activate, ratio(activate));
row('paSendRTV2', paid);
console.log(
  `paSendRTV2: ${Math.min(receipts, notices.length).toLocaleString('en')} notices paid by receipts${receipts > notices.length ? `, ${(receipts - notices.length).toLocaleString('en')} later receipts held as over-payments (raise --positions)` : ''}`,
);
