// The citizen portal's rules through app.inject: security headers and cookies, CSRF, the limit on
// failed look-ups, the payment result bound to the browser that started it, error pages for
// browsers (problem+json for API clients), the language switch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { buildNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { injectBrowser, setCookies } from './support/browser.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
let nav: string;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  const position = await ctx.services.positions.create(
    entity,
    singlePayment('P-1', 9_900),
    { toPublish: true },
    testActor,
  );
  nav = position.options[0]!.installments[0]!.nav;
});
after(() => ctx.close());

const browser = (remoteAddress?: string) => injectBrowser(ctx.app, remoteAddress);

describe('portal pages', () => {
  it('send a nonce CSP without inline script, the security headers and __Host- cookies', async () => {
    const res = await ctx.app.inject({ url: `/e/${entity.fiscalCode}` });
    assert.equal(res.statusCode, 200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"])
      assert.ok(csp.includes(d), d);
    assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.doesNotMatch(res.body, /<script(?![^>]*nonce=)/, 'no script without the nonce');
    const [csrf] = setCookies(res);
    assert.match(csrf!, /^__Host-cassa-csrf=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
  });

  it('a form sent from another site is refused even with a valid token (Origin, Sec-Fetch-Site)', async () => {
    const b = browser('198.51.100.60');
    const home = await b.request('GET', `/e/${entity.fiscalCode}`);
    const form = { nav, _csrf: b.token(home.body) };
    const send = (headers: Record<string, string>) =>
      ctx.app.inject({
        method: 'POST',
        url: `/e/${entity.fiscalCode}/avviso`,
        remoteAddress: '198.51.100.60',
        headers: {
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `__Host-cassa-csrf=${b.cookie('__Host-cassa-csrf')}`,
          ...headers,
        },
        payload: new URLSearchParams(form).toString(),
      });
    assert.equal((await send({ origin: 'https://evil.example' })).statusCode, 400);
    assert.equal((await send({ 'sec-fetch-site': 'cross-site' })).statusCode, 400);
    assert.equal((await send({ origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' })).statusCode, 303);
    assert.equal((await send({})).statusCode, 303, 'no Origin (older browsers): the token decides');
  });

  it('the home page lists the entities when there are several, and sends to the only one otherwise', async () => {
    assert.equal((await ctx.app.inject({ url: '/' })).headers.location, `/e/${entity.fiscalCode}`);
    await ctx.services.entities.create(ENTITY_B, testActor);
    const list = await ctx.app.inject({ url: '/' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Comune di Prova/);
    assert.match(list.body, /Comune di Altrove/);
  });

  it('browsers get error pages in the portal’s design; API clients keep problem+json', async () => {
    const page = await ctx.app.inject({ url: '/no/such/page', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /Pagina non trovata/);
    const api = await ctx.app.inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    assert.match(String(api.headers['content-type']), /problem\+json/);
  });

  it('a reply that sets several cookies sends each once', async () => {
    const res = await ctx.app.inject({ url: `/e/${entity.fiscalCode}?lang=en` });
    const names = setCookies(res).map((c) => c.slice(0, c.indexOf('=')));
    assert.deepEqual([...names].sort(), ['__Host-cassa-csrf', '__Host-cassa-lang']);
  });

  it('switches to English and remembers it', async () => {
    const b = browser();
    const en = await b.request('GET', `/e/${entity.fiscalCode}?lang=en`);
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /Pay a notice/);
    const again = await b.request('GET', `/e/${entity.fiscalCode}`);
    assert.match(again.body, /Pay a notice/);
    // The switch keeps the page's other parameters, and only one lang.
    const filtered = await b.request('GET', `/e/${entity.fiscalCode}?x=1&lang=en&y=a%20b`);
    assert.match(filtered.body, /href="\/e\/\d{11}\?x=1&amp;y=a\+b&amp;lang=it"/);
  });
});

describe('paying by notice number', () => {
  it('checks the number the way people type it, and names the problem at the field', async () => {
    const b = browser('198.51.100.20');
    const home = await b.request('GET', `/e/${entity.fiscalCode}`);
    const _csrf = b.token(home.body);
    const cases: [string, RegExp][] = [
      ['', /Inserisci il codice avviso/],
      ['1234', /deve avere 18 cifre/],
      ['302000000000000099', /non è valido/],
      [buildNoticeNumber('02', 999_999n), /Non c’è un avviso da pagare/],
    ];
    for (const [typed, message] of cases) {
      const res = await b.request('POST', `/e/${entity.fiscalCode}/avviso`, { nav: typed, _csrf });
      assert.equal(res.statusCode, 400, typed);
      assert.match(res.body, message, typed);
      assert.match(res.body, /id="error-summary"[\s\S]*href="#nav"/);
      assert.match(res.body, /aria-invalid="true"/);
    }
    const spaced = nav.replace(/(\d{4})(?=\d)/g, '$1 ');
    const ok = await b.request('POST', `/e/${entity.fiscalCode}/avviso`, { nav: spaced, _csrf });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `/e/${entity.fiscalCode}/avviso/${nav}`);
    const notice = await b.request('GET', ok.headers.location as string);
    assert.match(notice.body, /99,00/);
  });

  it('20 failed look-ups from one address, then 429 with Retry-After; other addresses are not affected', async () => {
    const b = browser('203.0.113.50');
    const _csrf = b.token((await b.request('GET', `/e/${entity.fiscalCode}`)).body);
    for (let i = 0; i < 20; i++) {
      const res = await b.request('POST', `/e/${entity.fiscalCode}/avviso`, {
        nav: `30200000000099${String(i).padStart(4, '0')}`,
        _csrf,
      });
      assert.equal(res.statusCode, 400);
    }
    const blocked = await b.request('POST', `/e/${entity.fiscalCode}/avviso`, { nav, _csrf });
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal((await b.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}`)).statusCode, 429);
    const other = browser('203.0.113.51');
    assert.equal((await other.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}`)).statusCode, 200);
  });

  it('paying names a notice number too: unknown numbers sent to the pay form count against the same limit', async () => {
    const b = browser('203.0.113.80');
    const _csrf = b.token((await b.request('GET', `/e/${entity.fiscalCode}`)).body);
    for (let i = 0; i < 20; i++) {
      const res = await b.request(
        'POST',
        `/e/${entity.fiscalCode}/avviso/30200000000098${String(i).padStart(4, '0')}/paga`,
        {
          _csrf,
        },
      );
      assert.equal(res.statusCode, 404);
    }
    const blocked = await b.request('POST', `/e/${entity.fiscalCode}/avviso/${nav}/paga`, { _csrf });
    assert.equal(blocked.statusCode, 429, 'a real notice too, once the address is over the limit');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
  });

  it('the limit holds across processes: failures seen by one instance count in another; the window slides', async () => {
    // A second app on the same database stands for a second process behind the load balancer.
    const second = await buildApp({ services: ctx.services, logLevel: 'silent' });
    try {
      const one = injectBrowser(ctx.app, '203.0.113.70');
      const two = injectBrowser(second, '203.0.113.70');
      const tokenOne = one.token((await one.request('GET', `/e/${entity.fiscalCode}`)).body);
      const tokenTwo = two.token((await two.request('GET', `/e/${entity.fiscalCode}`)).body);
      for (let i = 0; i < 20; i++) {
        const [b, _csrf] = i % 2 === 0 ? [one, tokenOne] : [two, tokenTwo];
        const res = await b.request('POST', `/e/${entity.fiscalCode}/avviso`, { nav: '1234', _csrf });
        assert.equal(res.statusCode, 400);
      }
      const blocked = await two.request('POST', `/e/${entity.fiscalCode}/avviso`, { nav, _csrf: tokenTwo });
      assert.equal(blocked.statusCode, 429, '10 failures on each instance are 20 for the address');
      assert.equal(Number(blocked.headers['retry-after']), 600);
      ctx.clock.advance(5 * 60_000);
      assert.equal(
        Number((await one.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}`)).headers['retry-after']),
        300,
      );
      ctx.clock.advance(5 * 60_000 + 1);
      assert.equal((await one.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}`)).statusCode, 200);
      const failures = () =>
        ctx.db.database.db
          .selectFrom('access_hits')
          .select(['bucket', 'hits'])
          .where('key', '=', 'address:203.0.113.70')
          .where('kind', '=', 'failure')
          .where('hits', '>', 0)
          .execute();
      assert.deepEqual(
        (await failures()).map((r) => r.hits),
        [20],
        'one counter per 10-second bucket, kept until the longest window is over',
      );
      ctx.clock.advance(50 * 60_000);
      await one.request('POST', `/e/${entity.fiscalCode}/avviso`, { nav: '1234', _csrf: tokenOne });
      assert.deepEqual(
        (await failures()).map((r) => r.hits),
        [1],
        'counters older than an hour are deleted as new hits come in',
      );
    } finally {
      await second.close();
    }
  });

  it('the payment result is shown only to the browser that started the payment', async () => {
    const payerBrowser = browser('198.51.100.30');
    const page = await payerBrowser.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}`);
    const started = await payerBrowser.request('POST', `/e/${entity.fiscalCode}/avviso/${nav}/paga`, {
      _csrf: payerBrowser.token(page.body),
    });
    assert.equal(started.statusCode, 303);
    const result = started.headers.location as string;
    assert.match(result, /^\/pagamento\/[0-9a-f-]{36}$/);
    const shown = await payerBrowser.request('GET', result);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /<meta http-equiv="refresh" content="0;url=http:\/\/localhost:3000\/sandbox\/checkout\//);
    assert.match(shown.body, /Vai alla pagina di pagamento pagoPA/);
    const stranger = browser('198.51.100.31');
    assert.equal((await stranger.request('GET', result)).statusCode, 404);
    assert.equal((await stranger.request('GET', `${result}/ricevuta/${nav}`)).statusCode, 404);
  });
});
