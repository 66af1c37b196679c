// The requests of `npm run bench:load` and what each must answer: the back office's GPD v3 reads and
// writes (API key), a citizen looking a notice up on the portal (anonymous, CSRF form, from a small
// set of addresses passed by a trusted proxy), the pagoPA Nodo's verify, activation and receipt, and
// a back office starting a payment on Checkout (the sandbox) and polling it. Each notice that a
// request changes (receipt, checkout start) is used once, so every answer is deterministic.
import { activationRequest, receiptRequest, verifyRequest } from '../src/modules/payments/sandbox/nodo-messages.ts';
import type { Operation } from './open-loop.ts';

export interface Notice {
  iupd: string;
  nav: string;
  iuv: string;
  amountCents: number;
}

export interface PortalClient {
  /** The address the trusted proxy says the citizen comes from (X-Forwarded-For). */
  ip: string;
  cookie: string;
  csrf: string;
}

export interface MixData {
  base: string;
  entity: { fiscalCode: string; brokerId: string; stationId: string };
  apiKey: string;
  /** Notices only read (GPD GET, portal, verify, activation). */
  reads: Notice[];
  /** Positions replaced by PUT, round robin. */
  updates: Notice[];
  /** Notices each paid once by a receipt. */
  receipts: Notice[];
  /** Notices each started once on Checkout. */
  checkouts: Notice[];
  clients: PortalClient[];
  /** The entities the portal's anonymous traffic is spread over, each with notices to look up. */
  portal: { fiscalCode: string; reads: Notice[] }[];
}

/** Share of each operation in every 100 requests. */
export const WEIGHTS = {
  'gpd GET position': 16,
  'gpd POST position': 6,
  'gpd PUT position': 6,
  'portal POST /avviso': 12,
  'portal GET notice page': 12,
  'soap paVerifyPaymentNotice': 14,
  'soap paGetPaymentV2': 10,
  'soap paSendRTV2': 8,
  'checkout POST start': 8,
  'checkout GET attempt': 8,
} as const;
export type OperationName = keyof typeof WEIGHTS;

const TIMEOUT_MS = 30_000;
const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const RETURN_URLS = {
  ok: 'https://ente.example/ok',
  cancel: 'https://ente.example/ko',
  error: 'https://ente.example/err',
  waiting: 'https://ente.example/wait',
};

/** A GPD v3 body with one single payment, due a year ahead. */
export function positionBody(iupd: string, cents: number) {
  return {
    iupd,
    companyName: 'Comune di Bench',
    paymentOption: [
      {
        debtor: { type: 'F', fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' },
        switchToExpired: false,
        installments: [
          {
            amount: cents,
            description: `TARI ${iupd}`,
            dueDate: `${new Date().getUTCFullYear() + 1}-12-31`,
            transfer: [
              {
                idTransfer: '1',
                amount: cents,
                remittanceInformation: `TARI ${iupd}`,
                category: '9/0101101IM/',
                iban: 'IT60X0542811101000000123456',
              },
            ],
          },
        ],
      },
    ],
  };
}

async function expect(response: Response, statuses: number[], mustContain?: string): Promise<string | undefined> {
  const text = await response.text();
  if (statuses.includes(response.status) && (mustContain === undefined || text.includes(mustContain))) return undefined;
  return `${response.status}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`;
}

/** The operations, each a function of a running counter of its own. */
export function operations(data: MixData): Record<OperationName, () => Operation> {
  const { base, entity, apiKey } = data;
  const gpd = `${base}/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions`;
  const checkout = `${base}/api/v1/organizations/${entity.fiscalCode}/checkout`;
  const address = { idPA: entity.fiscalCode, idBrokerPA: entity.brokerId, idStation: entity.stationId };
  const auth = { authorization: `Bearer ${apiKey}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const signal = () => AbortSignal.timeout(TIMEOUT_MS);
  const counters = new Map<string, number>();
  const next = (name: string) => {
    const n = counters.get(name) ?? 0;
    counters.set(name, n + 1);
    return n;
  };
  const cycle = <T>(list: T[], name: string) => list[next(name) % list.length]!;
  const once = <T>(list: T[], name: string): T => {
    const item = list[next(name)];
    if (!item) throw new Error(`${name}: out of seeded notices (seed more)`);
    return item;
  };
  const soap = (action: string, xml: string) =>
    fetch(`${base}/pagopa/paForNode`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
      body: xml,
      signal: signal(),
    });
  const started: string[] = [];
  const runId = Date.now().toString(36);

  const op = (name: OperationName, run: () => Promise<string | undefined>) => () => ({ name, run });
  return {
    'gpd GET position': op('gpd GET position', async () => {
      const n = cycle(data.reads, 'get');
      return expect(await fetch(`${gpd}/${n.iupd}`, { headers: auth, signal: signal() }), [200], n.iupd);
    }),
    'gpd POST position': op('gpd POST position', async () => {
      const iupd = `LOAD-${runId}-${next('post')}`;
      const body = JSON.stringify(positionBody(iupd, 5_000));
      return expect(
        await fetch(`${gpd}?toPublish=true`, { method: 'POST', headers: json, body, signal: signal() }),
        [201],
      );
    }),
    'gpd PUT position': op('gpd PUT position', async () => {
      const i = next('put');
      const n = data.updates[i % data.updates.length]!;
      const body = JSON.stringify(positionBody(n.iupd, 10_000 + (i % 500)));
      return expect(
        await fetch(`${gpd}/${n.iupd}?toPublish=true`, { method: 'PUT', headers: json, body, signal: signal() }),
        [200],
      );
    }),
    'portal POST /avviso': op('portal POST /avviso', async () => {
      const e = cycle(data.portal, 'lookup-entity');
      const n = cycle(e.reads, `lookup-${e.fiscalCode}`);
      const c = cycle(data.clients, 'lookup-client');
      const response = await fetch(`${base}/e/${e.fiscalCode}/avviso`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: c.cookie,
          'x-forwarded-for': c.ip,
        },
        body: new URLSearchParams({ nav: n.nav, _csrf: c.csrf }).toString(),
        signal: signal(),
      });
      const problem = await expect(response, [303]);
      const location = response.headers.get('location');
      return problem ?? (location?.endsWith(`/avviso/${n.nav}`) ? undefined : `303 to ${location}`);
    }),
    'portal GET notice page': op('portal GET notice page', async () => {
      const e = cycle(data.portal, 'page-entity');
      const n = cycle(e.reads, `page-${e.fiscalCode}`);
      const c = cycle(data.clients, 'page-client');
      const response = await fetch(`${base}/e/${e.fiscalCode}/avviso/${n.nav}`, {
        headers: { cookie: c.cookie, 'x-forwarded-for': c.ip },
        signal: signal(),
      });
      return expect(response, [200], '/paga');
    }),
    'soap paVerifyPaymentNotice': op('soap paVerifyPaymentNotice', async () => {
      const n = cycle(data.reads, 'verify');
      const xml = verifyRequest(address, n.nav);
      return expect(await soap('paVerifyPaymentNotice', xml), [200], '<outcome>OK</outcome>');
    }),
    'soap paGetPaymentV2': op('soap paGetPaymentV2', async () => {
      const n = cycle(data.reads, 'activate');
      const xml = activationRequest('paGetPaymentV2', address, n.nav, { paymentNote: 'bench' });
      return expect(await soap('paGetPaymentV2', xml), [200], '<outcome>OK</outcome>');
    }),
    'soap paSendRTV2': op('soap paSendRTV2', async () => {
      const n = once(data.receipts, 'receipt');
      const xml = receiptRequest('paSendRTV2', address, {
        receiptId: `load-${runId}-${n.iuv}`,
        nav: n.nav,
        iuv: n.iuv,
        fiscalCode: entity.fiscalCode,
        amount: euros(n.amountCents),
      });
      return expect(await soap('paSendRTV2', xml), [200], '<outcome>OK</outcome>');
    }),
    'checkout POST start': op('checkout POST start', async () => {
      const n = once(data.checkouts, 'checkout');
      const body = JSON.stringify({ noticeNumbers: [n.nav], returnUrls: RETURN_URLS });
      const response = await fetch(checkout, { method: 'POST', headers: json, body, signal: signal() });
      const text = await response.text();
      if (response.status !== 201) return `${response.status}: ${text.slice(0, 300)}`;
      const attempt = JSON.parse(text) as { id: string; status: string };
      if (attempt.status !== 'STARTED') return `201 but ${attempt.status}`;
      started.push(attempt.id);
      return undefined;
    }),
    'checkout GET attempt': op('checkout GET attempt', async () => {
      // Before the first start has answered there is nothing to poll: the newest known attempt then.
      const id = started[next('poll') % Math.max(1, started.length)];
      if (!id) return expect(await fetch(`${checkout}/${crypto.randomUUID()}`, { headers: auth }), [404]);
      return expect(await fetch(`${checkout}/${id}`, { headers: auth, signal: signal() }), [200], id);
    }),
  };
}

/** A fixed, interleaved order of operation names: WEIGHTS[name] of every 100, spread evenly. */
export function schedule(): OperationName[] {
  const slots: { name: OperationName; at: number }[] = [];
  for (const [name, weight] of Object.entries(WEIGHTS) as [OperationName, number][]) {
    for (let k = 0; k < weight; k++) slots.push({ name, at: (k + 0.5) / weight });
  }
  return slots.sort((a, b) => a.at - b.at).map((s) => s.name);
}
