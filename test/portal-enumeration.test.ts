// Enumeration of notices (reliability battery G2, ADR 0023), as the probe that found it did it: guessed
// sequential notice numbers from one address are stopped after the documented budget (20 failures,
// 60 successes in 10 minutes), a crawl spread over many addresses by the entity's budget; no anonymous
// answer ever carries the debtor's name or fiscal code, and the notice PDF (which does) is sent only
// to whoever types the debtor's fiscal code or is signed in as the debtor. A 429 stops the request:
// nothing is counted, started or logged twice after it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { NOTICE_BUDGETS } from '../src/modules/portal/notice-access.ts';
import { baseFromNoticeNumber, buildNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { injectBrowser } from './support/browser.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { DEBTOR, singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
let navs: string[];

const NOTICES = 72;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  navs = [];
  for (let i = 0; i < NOTICES; i++) {
    const position = await ctx.services.positions.create(
      entity,
      singlePayment(`ENUM-${i}`, 1_000 + i),
      { toPublish: true },
      testActor,
    );
    navs.push(position.options[0]!.installments[0]!.nav);
  }
});
after(() => ctx.close());

/** Neither the debtor's name nor their fiscal code, in any spelling a page could use. */
function assertNoPersonalData(res: { body: string; headers: Record<string, unknown> }, what: string) {
  assert.doesNotMatch(String(res.headers['content-type'] ?? ''), /pdf/, `${what}: no PDF`);
  assert.ok(!res.body.includes(DEBTOR.fullName), `${what}: the debtor's name`);
  assert.ok(!res.body.toUpperCase().includes(DEBTOR.fiscalCode), `${what}: the debtor's fiscal code`);
}

const hitsOf = async (key: string, kind: 'success' | 'failure') => {
  const rows = await ctx.db.database.db
    .selectFrom('access_hits')
    .select('hits')
    .where('key', '=', key)
    .where('kind', '=', kind)
    .execute();
  return rows.reduce((sum, r) => sum + r.hits, 0);
};

describe('guessing notice numbers', () => {
  it('140 sequential numbers from one address: answered until 60 notices were found, then 429, never the debtor', async () => {
    const first = baseFromNoticeNumber(navs[0]!);
    const start = first >= 2n ? first - 2n : 0n;
    const misses = Number(first - start);
    const guesses = Array.from({ length: 140 }, (_, i) =>
      buildNoticeNumber(ENTITY_A.segregationCode, start + BigInt(i)),
    );
    const probe = injectBrowser(ctx.app, '192.0.2.10');
    const statuses: number[] = [];
    for (const nav of guesses) {
      const res = await probe.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}/pdf`);
      statuses.push(res.statusCode);
      assertNoPersonalData(res, nav);
      if (res.statusCode === 429) assert.ok(Number(res.headers['retry-after']) > 0, 'Retry-After');
    }
    const firstBlocked = statuses.indexOf(429);
    // A miss or two before the first notice, then one notice per number: the 61st notice is refused.
    assert.deepEqual(statuses.slice(0, firstBlocked), [
      ...Array(misses).fill(404),
      ...Array(NOTICE_BUDGETS.address.successes).fill(303),
    ]);
    assert.ok(misses > 0, 'the probe guessed numbers that do not exist too');
    assert.ok(
      statuses.slice(firstBlocked).every((s) => s === 429),
      'everything after the budget is refused',
    );
    // Redirected to the notice page, which shows no debtor either.
    const shown = await injectBrowser(ctx.app, '192.0.2.11').request(
      'GET',
      `/e/${entity.fiscalCode}/avviso/${navs[0]}`,
    );
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /10,00/);
    assertNoPersonalData(shown, 'notice page');
  });

  it('numbers that do not exist: 20 failures from one address, then 429 even for a real notice', async () => {
    const probe = injectBrowser(ctx.app, '192.0.2.20');
    const token = probe.token((await probe.request('GET', `/e/${entity.fiscalCode}`)).body);
    for (let i = 0; i < NOTICE_BUDGETS.address.failures; i++) {
      const res = await probe.request('POST', `/e/${entity.fiscalCode}/avviso`, {
        nav: buildNoticeNumber(ENTITY_A.segregationCode, 9_000_000n + BigInt(i)),
        _csrf: token,
      });
      assert.equal(res.statusCode, 400);
      assertNoPersonalData(res, `failure ${i}`);
    }
    for (const url of [`/e/${entity.fiscalCode}/avviso/${navs[1]}`, `/e/${entity.fiscalCode}/avviso/${navs[1]}/pdf`]) {
      const blocked = await probe.request('GET', url);
      assert.equal(blocked.statusCode, 429, url);
      assert.match(blocked.body, /Troppi tentativi/);
    }
  });

  it('successes count too: the same notice shown 60 times to one address, then 429', async () => {
    const reader = injectBrowser(ctx.app, '192.0.2.30');
    for (let i = 0; i < NOTICE_BUDGETS.address.successes; i++) {
      assert.equal((await reader.request('GET', `/e/${entity.fiscalCode}/avviso/${navs[2]}`)).statusCode, 200);
    }
    assert.equal(await hitsOf('address:192.0.2.30', 'success'), NOTICE_BUDGETS.address.successes);
    assert.equal(await hitsOf('address:192.0.2.30', 'failure'), 0);
    const blocked = await reader.request('GET', `/e/${entity.fiscalCode}/avviso/${navs[2]}`);
    assert.equal(blocked.statusCode, 429);
    assert.equal(Number(blocked.headers['retry-after']), 600);
  });

  it('a burst of concurrent requests cannot slip under the budget: exactly 20 failures, never more than 60 notices', async () => {
    const burst = (address: string, urls: string[]) =>
      Promise.all(urls.map((url) => injectBrowser(ctx.app, address).request('GET', url)));
    const unknown = Array.from(
      { length: 60 },
      (_, i) => `/e/${entity.fiscalCode}/avviso/${buildNoticeNumber(ENTITY_A.segregationCode, 6_000_000n + BigInt(i))}`,
    );
    const misses = await burst('192.0.2.35', unknown);
    const count = (list: { statusCode: number }[], status: number) =>
      list.filter((r) => r.statusCode === status).length;
    assert.equal(count(misses, 404), NOTICE_BUDGETS.address.failures);
    assert.equal(count(misses, 429), 60 - NOTICE_BUDGETS.address.failures);
    // Each request in flight holds a failure too: at most 20 at once, and never more than 60 in all.
    const shown = await burst(
      '192.0.2.36',
      Array.from({ length: 100 }, (_, i) => `/e/${entity.fiscalCode}/avviso/${navs[i % NOTICES]}`),
    );
    const admitted = count(shown, 200);
    assert.ok(admitted >= 1 && admitted <= NOTICE_BUDGETS.address.failures, `${admitted} admitted at once`);
    assert.equal(count(shown, 429), 100 - admitted);
    assert.equal(await hitsOf('address:192.0.2.36', 'failure'), 0, 'the reservations of the refused were given back');
    const reader = injectBrowser(ctx.app, '192.0.2.36');
    for (let i = admitted; i < NOTICE_BUDGETS.address.successes; i++) {
      assert.equal(
        (await reader.request('GET', `/e/${entity.fiscalCode}/avviso/${navs[i % NOTICES]}`)).statusCode,
        200,
      );
    }
    assert.equal((await reader.request('GET', `/e/${entity.fiscalCode}/avviso/${navs[0]}`)).statusCode, 429);
    assert.equal(await hitsOf('address:192.0.2.36', 'success'), NOTICE_BUDGETS.address.successes);
  });

  it("a stranger's result pages count as failures: 20 unknown payments, then 429", async () => {
    const probe = injectBrowser(ctx.app, '192.0.2.40');
    for (let i = 0; i < NOTICE_BUDGETS.address.failures; i++) {
      const url = i % 2 ? `/pagamento/${randomUUID()}` : `/pagamento/${randomUUID()}/ricevuta/${navs[3]}`;
      assert.equal((await probe.request('GET', url)).statusCode, 404);
    }
    assert.equal((await probe.request('GET', `/pagamento/${randomUUID()}`)).statusCode, 429);
    assert.equal((await probe.request('GET', `/e/${entity.fiscalCode}/avviso/${navs[3]}`)).statusCode, 429);
  });
});

describe('the notice PDF', () => {
  it("a stranger gets it only by typing the debtor's fiscal code; a wrong code is a failure named at the field", async () => {
    const b = injectBrowser(ctx.app, '192.0.2.50');
    const url = `/e/${entity.fiscalCode}/avviso/${navs[4]}`;
    const page = await b.request('GET', url);
    assert.match(page.body, /per scaricare l’avviso, scrivi il codice fiscale dell’intestatario/i);
    assert.doesNotMatch(page.body, new RegExp(`href="${url}/pdf"`), 'no link to the PDF for a stranger');
    const _csrf = b.token(page.body);
    const redirected = await b.request('GET', `${url}/pdf`);
    assert.equal(redirected.statusCode, 303);
    assert.equal(redirected.headers.location, `${url}#debtorFiscalCode`);

    const empty = await b.request('POST', `${url}/pdf`, { debtorFiscalCode: '', _csrf });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Inserisci il codice fiscale dell’intestatario/);
    const wrong = await b.request('POST', `${url}/pdf`, { debtorFiscalCode: DEMO_CITIZENS[2]!.fiscalCode, _csrf });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /id="error-summary"[\s\S]*href="#debtorFiscalCode"/);
    assert.match(wrong.body, /aria-invalid="true"/);
    assert.match(wrong.body, /non è quello dell’intestatario/);
    for (const res of [page, redirected, empty, wrong]) assertNoPersonalData(res, 'before the fiscal code');
    assert.equal(await hitsOf('address:192.0.2.50', 'failure'), 1, 'only the wrong code is a failure');

    const typed = DEBTOR.fiscalCode.toLowerCase().replace(/(.{4})/g, '$1 ');
    const pdf = await b.request('POST', `${url}/pdf`, { debtorFiscalCode: typed, _csrf });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.equal(pdf.headers['cache-control'], 'private, no-store');
  });

  it('the debtor signed in gets the link and the PDF; another citizen signed in is asked for the code', async () => {
    const url = `/e/${entity.fiscalCode}/avviso/${navs[5]}`;
    const as = async (fiscalCode: string) => {
      const { token } = await ctx.services.sessions.start({ fiscalCode, method: 'sandbox' }, testActor);
      return (path: string) =>
        ctx.app.inject({
          url: path,
          remoteAddress: '192.0.2.60',
          headers: { accept: 'text/html', cookie: `__Host-cassa-session=${token}` },
        });
    };
    const debtor = await as(DEBTOR.fiscalCode);
    assert.match((await debtor(url)).body, new RegExp(`href="${url}/pdf"`));
    const pdf = await debtor(`${url}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const other = await as(DEMO_CITIZENS[2]!.fiscalCode);
    const refused = await other(`${url}/pdf`);
    assert.equal(refused.statusCode, 303);
    assertNoPersonalData(await other(url), 'another citizen');
  });
});

describe('the entity-wide budget', () => {
  let small: FastifyInstance;
  let b: Entity;
  let navB: string;
  before(async () => {
    // The same database with small entity budgets, so that a handful of addresses reach them.
    small = await buildApp({
      services: ctx.services,
      logLevel: 'silent',
      noticeBudgets: { ...NOTICE_BUDGETS, entity: { failures: 10, successes: 15 } },
    });
    b = await ctx.services.entities.create(ENTITY_B, testActor);
    const position = await ctx.services.positions.create(
      b,
      singlePayment('B-1', 5_000, '2026-12-31', ENTITY_B.ibans[0]),
      { toPublish: true },
      testActor,
    );
    navB = position.options[0]!.installments[0]!.nav;
  });
  after(() => small.close());

  it('stops a crawl spread over many addresses, for that entity only; a signed-in citizen goes on', async () => {
    const at = (i: number) => injectBrowser(small, `198.18.0.${i}`);
    const unknown = (i: number) => buildNoticeNumber(ENTITY_B.segregationCode, 8_000_000n + BigInt(i));
    // Five addresses, two failures each: ten for the entity, two for each address.
    for (let i = 0; i < 10; i++) {
      const res = await at(i % 5).request('GET', `/e/${b.fiscalCode}/avviso/${unknown(i)}`);
      assert.equal(res.statusCode, 404);
    }
    const fresh = await at(100).request('GET', `/e/${b.fiscalCode}/avviso/${navB}`);
    assert.equal(fresh.statusCode, 429, 'a new address, but the entity has no failures left');
    assert.ok(Number(fresh.headers['retry-after']) > 0);
    const otherEntity = await injectBrowser(ctx.app, '198.18.0.100').request(
      'GET',
      `/e/${entity.fiscalCode}/avviso/${navs[6]}`,
    );
    assert.equal(otherEntity.statusCode, 200, 'another entity is not affected');
    const { token } = await ctx.services.sessions.start(
      { fiscalCode: DEBTOR.fiscalCode, method: 'sandbox' },
      testActor,
    );
    const signedIn = await small.inject({
      url: `/e/${b.fiscalCode}/avviso/${navB}`,
      remoteAddress: '198.18.0.101',
      headers: { accept: 'text/html', cookie: `__Host-cassa-session=${token}` },
    });
    assert.equal(signedIn.statusCode, 200, 'signed-in citizens count against their address only');

    // Ten minutes on, the failures have left the window; fifteen notices shown over five addresses.
    ctx.clock.advance(NOTICE_BUDGETS.windowMs + 1);
    for (let i = 0; i < 15; i++) {
      assert.equal((await at(i % 5).request('GET', `/e/${b.fiscalCode}/avviso/${navB}`)).statusCode, 200);
    }
    assert.equal(await hitsOf(`entity:${b.id}`, 'success'), 15);
    assert.equal((await at(101).request('GET', `/e/${b.fiscalCode}/avviso/${navB}`)).statusCode, 429);
  });
});

describe('a 429 stops the request', () => {
  it('nothing is counted, started or sent twice after it ("Reply was already sent" never logged)', async () => {
    const lines: string[] = [];
    const logged = await buildApp({
      services: ctx.services,
      logLevel: 'info',
      logStream: { write: (l) => lines.push(l) },
    });
    try {
      const b = injectBrowser(logged, '192.0.2.70');
      const _csrf = b.token((await b.request('GET', `/e/${entity.fiscalCode}`)).body);
      for (let i = 0; i < NOTICE_BUDGETS.address.failures; i++) {
        await b.request('GET', `/e/${entity.fiscalCode}/avviso/${buildNoticeNumber('02', 7_000_000n + BigInt(i))}`);
      }
      const counted = {
        failures: await hitsOf('address:192.0.2.70', 'failure'),
        successes: await hitsOf('address:192.0.2.70', 'success'),
        entity: await hitsOf(`entity:${entity.id}`, 'failure'),
      };
      const attempts = async () =>
        (await ctx.db.database.db.selectFrom('payment_attempts').select('id').execute()).length;
      const attemptsBefore = await attempts();
      const url = `/e/${entity.fiscalCode}/avviso/${navs[7]}`;
      const tries: [string, string, Record<string, string>?][] = [
        ['POST', `/e/${entity.fiscalCode}/avviso`, { nav: navs[7]!, _csrf }],
        ['GET', url],
        ['GET', `${url}/pdf`],
        ['POST', `${url}/pdf`, { debtorFiscalCode: DEBTOR.fiscalCode, _csrf }],
        ['POST', `${url}/paga`, { _csrf }],
        ['GET', `/pagamento/${randomUUID()}`],
      ];
      for (const [method, path, form] of tries) {
        const res = await b.request(method as 'GET' | 'POST', path, form);
        assert.equal(res.statusCode, 429, `${method} ${path}`);
        assert.match(String(res.headers['content-type']), /text\/html/);
      }
      assert.deepEqual(
        {
          failures: await hitsOf('address:192.0.2.70', 'failure'),
          successes: await hitsOf('address:192.0.2.70', 'success'),
          entity: await hitsOf(`entity:${entity.id}`, 'failure'),
        },
        counted,
        'a refused request counts nothing',
      );
      assert.equal(await attempts(), attemptsBefore, 'no payment started');
      const log = lines.join('');
      assert.doesNotMatch(log, /Reply was already sent/);
      assert.equal(log.match(/"code":"TOO_MANY_REQUESTS"/g)?.length, tries.length, 'each 429 logged once');
    } finally {
      await logged.close();
    }
  });
});
