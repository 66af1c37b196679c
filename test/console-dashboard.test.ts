// The entity's dashboard (GET /console/e/<cf>) after a generated day of payments (support/
// dashboard-day.ts, on the 23-hour day Rome's clocks go forward): every figure of its data tables
// equals an independent SQL sum over the receipts (Rome's calendar read by PostgreSQL's AT TIME
// ZONE, not by the ranges of instants the dashboard uses) and the sums known from what was
// generated; the tax run, the attention items, a role limited to one service, and the live feed:
// a payment reaches an open stream, and the streams end at shutdown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { dashboardFeed, type Listener } from '../src/modules/console/dashboard/feed.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { DAY_CLOCK, type GeneratedDay, generateDay, payByPagopa } from './support/dashboard-day.ts';

let ctx: TestContext;
let entity: Entity;
let day: GeneratedDay;
let finance: SignedInOperator;
let canteenOnly: SignedInOperator;

before(async () => {
  ctx = await testContext(DAY_CLOCK);
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  day = await generateDay(ctx, entity);
  finance = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'finanza@comune.example.it',
    roles: ['finance-office'],
  });
  await ctx.services.operators.roles.define(
    entity.id,
    { name: 'Mensa', grants: [{ area: 'payments', access: 'read' }], services: [day.canteen.id] },
    testActor,
  );
  canteenOnly = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'mensa@comune.example.it',
    roles: ['Mensa'],
  });
});
after(() => ctx?.close());

/** A data table of the page: each body row's header text and its cells' data-cents, in order. */
function table(html: string, id: string): { head: string; cents: number[]; text: string }[] {
  const found = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  assert.ok(found, `no table #${id}`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(found[1]!)![1]!;
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) => ({
    head: /<th scope="row">([\s\S]*?)<\/th>/.exec(row!)?.[1]?.trim() ?? '',
    cents: [...row!.matchAll(/data-cents="(-?\d+)"/g)].map((m) => Number(m[1])),
    text: row!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}

const dashboard = async (who: SignedInOperator, query = '') => {
  const res = await ctx.app.inject({ url: `/console/e/${entity.fiscalCode}${query}`, headers: { cookie: who.cookie } });
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  return res.body;
};

/** The receipts' sums read independently: Rome's calendar day, month and year of each payment. */
async function sqlSums(where = sql`true`) {
  const { rows } = await sql<{ key: string; day: string; month: string; year: string }>`
    SELECT CASE WHEN source = 'paids' THEN channel ELSE 'pagoPA' END AS key,
      coalesce(sum(amount_cents) FILTER (WHERE (paid_at AT TIME ZONE 'Europe/Rome')::date = '2026-03-29'), 0) AS day,
      coalesce(sum(amount_cents) FILTER (WHERE to_char(paid_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') = '2026-03'), 0) AS month,
      coalesce(sum(amount_cents) FILTER (WHERE to_char(paid_at AT TIME ZONE 'Europe/Rome', 'YYYY') = '2026'), 0) AS year
    FROM receipts WHERE entity_id = ${entity.id} AND ${where}
    GROUP BY 1 ORDER BY 1
  `.execute(ctx.services.database.db);
  return new Map(rows.map((r) => [r.key, [Number(r.day), Number(r.month), Number(r.year)]]));
}

describe('the dashboard after a generated day of payments', () => {
  it('collected today / this month / this year equal the SQL sums over the receipts (Rome days, DST)', async () => {
    const html = await dashboard(finance);
    const byKey = await sqlSums();
    const total = [0, 1, 2].map((i) => [...byKey.values()].reduce((s, v) => s + v[i]!, 0));
    // And what was generated: today 25 + 40 + 150 + 30 (cancelled, held) + 25 (paid twice, held).
    assert.deepEqual(total, [27_000, 38_249, 39_949]);
    const summary = table(html, 'table-summary');
    assert.deepEqual(
      summary.map((r) => r.cents[0]),
      total,
      'collected per period',
    );
    // What falls due then (the cancelled notice is not due; the two-option debt counts its first option).
    assert.deepEqual(
      summary.map((r) => r.cents[1]),
      [21_500, 37_749, 56_449],
    );
    // By channel: pagoPA, and the back office's channels as recorded.
    const channels = table(html, 'table-channels');
    const pagopa = channels.find((r) => r.head.startsWith('pagoPA'))!;
    assert.deepEqual(pagopa.cents, byKey.get('pagoPA'));
    for (const name of ['BANK', 'POST_OFFICE']) {
      const row = channels.find((r) => r.head.endsWith(name))!;
      assert.deepEqual(row.cents, byKey.get(name), name);
    }
    assert.equal(channels.length, 3);
    assert.match(pagopa.text, /pagoPA.* 5 /, 'five pagoPA payments today… and the counts are shown');
  });

  it('by service and category: the sums of each service’s receipts and instalments', async () => {
    const rows = table(await dashboard(finance), 'table-services');
    const row = (label: string) => rows.find((r) => r.head === label)!;
    // [today collected, today due, month collected, month due, year collected, year due]
    assert.deepEqual(row('Mensa scolastica - ricarica').cents, [5_000, 2_500, 6_250, 8_750, 6_250, 8_750]);
    assert.deepEqual(row('Certificato anagrafico').cents, [4_000, 4_000, 4_000, 4_000, 4_700, 10_700]);
    assert.deepEqual(row('Posizioni non dal catalogo').cents, [18_000, 15_000, 27_999, 24_999, 28_999, 36_999]);
    assert.match(row('Mensa scolastica - ricarica').text, /9\/0401104SP\//);
    // Each column adds up to the summary's figure.
    const summary = table(await dashboard(finance), 'table-summary');
    for (let i = 0; i < 6; i++) {
      const period = Math.floor(i / 2);
      assert.equal(
        rows.reduce((s, r) => s + r.cents[i]!, 0),
        summary[period]!.cents[i % 2],
      );
    }
  });

  it('the year’s tax run by service: paid, not yet due, overdue, cancelled or expired', async () => {
    const rows = table(await dashboard(finance), 'table-run');
    const row = (label: string) => rows.find((r) => r.head === label)!;
    // [paid, to come, overdue, closed, total]
    assert.deepEqual(row('Mensa scolastica - ricarica').cents, [3_750, 0, 5_000, 0, 8_750]);
    assert.deepEqual(row('Certificato anagrafico').cents, [4_700, 6_000, 0, 0, 10_700]);
    assert.deepEqual(row('Posizioni non dal catalogo').cents, [27_999, 9_000, 0, 3_000, 39_999]);
    assert.match(row('Posizioni non dal catalogo').text, /^Posizioni non dal catalogo 9\/0101101IM\/ 6 /);
    assert.match(row('Mensa scolastica - ricarica').text, /43\s?% pagato/);
  });

  it('the open over-payments and the failed deliveries need attention, with their links', async () => {
    const html = await dashboard(finance);
    assert.match(html, /2 eccedenze aperte per 55,00/);
    assert.ok(html.includes(`href="/console/e/${entity.fiscalCode}/eccedenze"`));
    const items = table(html, 'table-overpayments');
    assert.deepEqual(
      items.map((i) => [i.head, i.cents[0]]),
      [
        [day.navs.A1, 2_500],
        [day.navs.Q, 3_000],
      ],
    );
    assert.match(items[0]!.text, /Avviso già pagato/);
    assert.match(items[1]!.text, /Posizione annullata/);
    assert.match(html, /Nessuna notifica webhook non consegnata/);
  });

  it('charts: accessible SVG (role img, title and description) each followed by its data table', async () => {
    const html = await dashboard(finance);
    const charts = [...html.matchAll(/<svg[^>]*role="img" aria-labelledby="([\w-]+)-title \1-desc"[\s\S]*?<\/svg>/g)];
    assert.equal(charts.length, 3);
    for (const [svg, id] of charts) {
      assert.ok(svg.includes(`<title id="${id}-title">`) && svg.includes(`<desc id="${id}-desc">`), id);
      const after = html.slice(html.indexOf(svg) + svg.length);
      assert.match(after, /^\s*<div class="table-responsive">\s*<table/, `${id} is followed by its table`);
    }
    assert.match(charts[0]![0], /Mensa scolastica - ricarica: 62,50/);
  });

  it('a role limited to one service sees only that service’s sums and over-payments', async () => {
    const html = await dashboard(canteenOnly);
    assert.match(html, /Vedi solo i servizi del tuo ruolo: Mensa scolastica - ricarica/);
    const summary = table(html, 'table-summary');
    const expected = await sqlSums(
      sql`installment_id IN (SELECT id FROM installments WHERE transfers LIKE ${`%"${day.canteen.id}"%`})`,
    );
    assert.deepEqual(
      summary.map((r) => r.cents[0]),
      [0, 1, 2].map((i) => [...expected.values()].reduce((s, v) => s + v[i]!, 0)),
    );
    assert.deepEqual(
      summary.map((r) => r.cents[0]),
      [5_000, 6_250, 6_250],
    );
    assert.deepEqual(
      table(html, 'table-services').map((r) => r.head),
      ['Mensa scolastica - ricarica'],
    );
    assert.match(html, /1 eccedenze aperte per 25,00/);
    assert.ok(!html.includes('id="attention-deliveries"'), 'deliveries are no service’s');
  });

  it('in English, the same figures', async () => {
    const html = await dashboard(finance, '?lang=en');
    assert.match(html, /<h1>Dashboard<\/h1>/);
    assert.deepEqual(
      table(html, 'table-summary').map((r) => r.cents[0]),
      [27_000, 38_249, 39_949],
    );
    assert.match(html, /€270\.00/);
  });
});

const tokenOf = (who: SignedInOperator) => /__Host-cassa-console=([^;]+)/.exec(who.cookie)![1]!;

/** Waits (at most 5 s) until `ok()` holds. */
async function eventually(ok: () => boolean, what: string) {
  for (let i = 0; i < 250 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(ok(), what);
}

describe('the live feed, listener by listener', () => {
  it('a payment sends new figures once; an ended session ends its stream (told); close() ends the rest', async () => {
    const feed = dashboardFeed({ db: ctx.services.database.db, clock: ctx.clock }, { pollMs: 20, sessionCheckMs: 0 });
    const leaving = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'via@comune.example.it',
      roles: ['auditor'],
    });
    const sessionOf = async (who: SignedInOperator) =>
      (await ctx.services.operators.sessions.resolve(tokenOf(who)))!.session.id;
    const heard: Record<string, (number | string)[]> = { stays: [], leaves: [] };
    const listener = (name: string, sessionId: string, seen: string | undefined): Listener => ({
      entityId: entity.id,
      scope: '*',
      lang: 'it',
      sessionId,
      seen,
      update: (f) => heard[name]!.push(f.totals.collected.year.cents),
      end: (told) => heard[name]!.push(told ? 'end' : 'closed'),
      ping: () => {},
    });
    const mark = await feed.markOf(entity.id);
    const stop = feed.listen(listener('stays', await sessionOf(finance), mark));
    feed.listen(listener('leaves', await sessionOf(leaving), mark));
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(heard, { stays: [], leaves: [] }, 'nothing moved, nothing sent');
    await ctx.services.operators.sessions.end(tokenOf(leaving), { requestId: 'test' });
    await eventually(() => heard.leaves!.length > 0, 'the ended session’s stream ends');
    assert.deepEqual(heard.leaves, ['end']);
    await payByPagopa(ctx, entity, day.navs.B3!, 6_000, '2026-03-29T22:00:00');
    await eventually(() => heard.stays!.length > 0, 'the figures after the payment');
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(heard.stays, [45_949], 'once, with the payment');
    assert.equal(feed.size(), 1);
    stop();
    assert.equal(feed.size(), 0, 'a disconnected listener is gone');
    feed.listen(listener('stays', await sessionOf(finance), mark));
    await feed.close();
    assert.deepEqual(heard.stays, [45_949, 'closed']);
    assert.deepEqual(heard.leaves, ['end']);
  });
});

describe('the live feed', () => {
  it('sends the figures again after a payment, and ends at shutdown', { timeout: 20_000 }, async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.server.address() as { port: number };
    const page = await dashboard(finance);
    const feed = /data-feed="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    const aborted = new AbortController();
    const res = await fetch(`http://127.0.0.1:${address.port}${feed}`, {
      headers: { cookie: finance.cookie },
      signal: aborted.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      return pattern.exec(received);
    };
    await until(/retry: \d+/);
    // Nothing moved since the page: no update yet. Then a payment of the overdue canteen notice.
    await payByPagopa(ctx, entity, day.navs.A3!, 5_000, '2026-03-29T23:00:00');
    const update = await until(/event: figures\ndata: (.*)\n\n/);
    assert.ok(update, received.slice(0, 300));
    const data = JSON.parse(update[1]!) as { html: string; updated: string };
    assert.deepEqual(
      table(data.html, 'table-summary').map((r) => r.cents[0]),
      [38_000, 49_249, 50_949],
    );
    assert.match(data.updated, /Cifre aggiornate alle/);
    // Shutdown ends the stream (the browser would reconnect to the next server); close() returns.
    const closing = ctx.app.close();
    assert.equal((await until(/$^/)) ?? null, null);
    const { done } = await reader.read();
    assert.equal(done, true);
    await closing;
  });
});
