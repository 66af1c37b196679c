// The account statement of a debtor with 5 000 positions (issue 12): the page shows the instalments
// by due date with what tells them apart (due date, "Rata 2 di 3"), 50 at a time with links that work
// without JavaScript, while the totals stay those of the whole statement (checked against SQL sums);
// walking the pages shows every notice exactly once, in due-date order.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Entity } from '../src/modules/entities/entity.ts';
import { STATEMENT_PAGE_SIZE } from '../src/modules/statements/statement-page.ts';
import { formatEuro } from '../src/shared/money.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { DEBTOR, fullOrInstalments } from './support/positions.ts';

const POSITIONS = 5_000;
let ctx: TestContext;
let entity: Entity;
let cookie: string;
let dir: string;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  dir = await mkdtemp(join(tmpdir(), 'cassa-statement-'));
  // 5 000 single payments through a CSV import: 50 due dates, so many rows share one (the tie-breaker).
  const rows = Array.from({ length: POSITIONS }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(7 + (Math.floor(i / 28) % 2)).padStart(2, '0');
    const euros = `${10 + (i % 97)},${String(i % 100).padStart(2, '0')}`;
    return `BIG-${String(i).padStart(5, '0')};${DEBTOR.fiscalCode};${DEBTOR.fullName};Tassa ${i};${euros};${day}/${month}/2026;9/0101101IM/`;
  });
  const path = join(dir, 'big.csv');
  await writeFile(
    path,
    `iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category\n${rows.join('\n')}\n`,
  );
  const imported = await ctx.services.imports.importFile(
    entity,
    path,
    { format: 'csv', mode: 'create', toPublish: true, fileName: 'big.csv' },
    testActor,
  );
  assert.equal(imported.result.created, POSITIONS, JSON.stringify(imported.result).slice(0, 500));
  // And one debt payable in full or in 3 instalments: four rows, told apart by due date and "Rata n di 3".
  await ctx.services.positions.create(entity, fullOrInstalments('PLAN-1', 3, 30_000), { toPublish: true }, testActor);
  // A month later: the July instalments are past their due date.
  ctx.clock.set('2026-08-01T10:00:00Z');
  const { token } = await ctx.services.sessions.start(
    { fiscalCode: DEBTOR.fiscalCode, fullName: DEBTOR.fullName, method: 'sandbox' },
    testActor,
  );
  cookie = `__Host-cassa-session=${token}`;
});
after(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string) => ctx.app.inject({ url, headers: { accept: 'text/html', cookie } });
const statementUrl = () => `/e/${entity.fiscalCode}/estratto`;
const decode = (html: string) => html.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"');

interface Line {
  dueDate: string;
  subject: string;
  instalment: string;
  iupd: string;
}

function linesOf(html: string): Line[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [
    ...body.matchAll(
      /<tr[^>]*><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td>.*?\(([^)]+)\)<\/span><\/a><\/td><\/tr>/g,
    ),
  ].map((m) => ({ dueDate: m[1]!, subject: decode(m[2]!), instalment: m[3]!, iupd: m[4]! }));
}

const nextLink = (html: string) => /<a class="page-link" href="([^"]+)">Pagina successiva<\/a>/.exec(html)?.[1];
const isoOf = (italian: string) => italian.split('/').reverse().join('-');

async function sqlSums() {
  const db = ctx.db.database.db;
  // Every imported position has one instalment; PLAN-1 counts through its pay-in-full option (index 0).
  const row = await db
    .selectFrom('installments')
    .where('debtor_fiscal_code', '=', DEBTOR.fiscalCode)
    .where('option_index', '=', 0)
    .select([
      sql<string>`sum(amount_cents)`.as('due'),
      sql<string>`sum(amount_cents) filter (where due_date < '2026-08-01')`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { due: Number(row.due), overdue: Number(row.overdue) };
}

describe('the statement of a debtor with 5 000 positions', () => {
  it('page 1: at most 50 rows by due date, a small page, the totals of the whole statement', async () => {
    const started = performance.now();
    const res = await get(statementUrl());
    const ms = performance.now() - started;
    assert.equal(res.statusCode, 200);
    const lines = linesOf(res.body);
    assert.equal(lines.length, STATEMENT_PAGE_SIZE);
    assert.ok(res.body.length < 60_000, `${res.body.length} bytes of HTML`);
    console.log(`statement page 1 of ${POSITIONS} positions: ${Math.round(ms)} ms, ${res.body.length} bytes`);
    assert.match(res.body, /<th scope="col">Scadenza<\/th>/);
    assert.equal(lines[0]!.dueDate, '01/07/2026');
    const sums = await sqlSums();
    assert.ok(sums.overdue > 0 && sums.overdue < sums.due);
    assert.ok(res.body.includes(`<strong>${formatEuro(sums.due, 'it')}</strong>`), `due ${sums.due}`);
    assert.ok(res.body.includes(`(di cui scaduto ${formatEuro(sums.overdue, 'it')})`), `overdue ${sums.overdue}`);
    assert.match(res.body, /aria-current="page">1 \/ 101</, '5 004 instalments, 50 a page');
  });

  it('walking the pages shows every notice exactly once, in due-date order, and the plan told apart', async () => {
    const seen: Line[] = [];
    let url: string | undefined = statementUrl();
    let pages = 0;
    while (url) {
      const res = await get(url);
      assert.equal(res.statusCode, 200);
      const lines = linesOf(res.body);
      assert.ok(lines.length > 0 && lines.length <= STATEMENT_PAGE_SIZE);
      seen.push(...lines);
      url = nextLink(res.body);
      if (url) url = decode(url);
      pages++;
    }
    assert.equal(pages, 101);
    assert.equal(seen.length, POSITIONS + 4);
    const singles = seen.filter((l) => l.iupd.startsWith('BIG-'));
    assert.equal(new Set(singles.map((l) => l.iupd)).size, POSITIONS, 'every position once');
    assert.ok(singles.every((l) => l.instalment === 'Unica soluzione'));
    const dates = seen.map((l) => isoOf(l.dueDate));
    assert.deepEqual(dates, dates.toSorted(), 'by due date across pages');
    const plan = seen.filter((l) => l.iupd === 'PLAN-1').map((l) => `${l.dueDate} ${l.instalment}`);
    assert.deepEqual(plan, [
      '30/09/2026 Unica soluzione',
      '30/09/2026 Rata 1 di 3',
      '30/10/2026 Rata 2 di 3',
      '30/11/2026 Rata 3 di 3',
    ]);
  });

  it('pages past the end or not numbers show the last or the first page; the filter is kept in the links', async () => {
    const last = await get(`${statementUrl()}?pagina=9999`);
    assert.match(last.body, /aria-current="page">101 \/ 101</);
    assert.equal(linesOf(last.body).length, POSITIONS + 4 - 100 * STATEMENT_PAGE_SIZE);
    for (const value of ['abc', '-3', '0', '1e9']) {
      const res = await get(`${statementUrl()}?pagina=${value}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /aria-current="page">1 \/ 101</, value);
    }
    const toPay = await get(`${statementUrl()}?stato=da-pagare`);
    assert.match(toPay.body, /href="\/e\/\d{11}\/estratto\?stato=da-pagare&amp;pagina=2"/);
    const paid = await get(`${statementUrl()}?stato=pagate`);
    assert.equal(linesOf(paid.body).length, 0);
    assert.match(paid.body, /Nessuna posizione con questo filtro/);
    const sums = await sqlSums();
    assert.ok(paid.body.includes(formatEuro(sums.due, 'it')), 'the totals whatever the filter');
  });

  it('in English the amounts read €1,234.56', async () => {
    const res = await get(`${statementUrl()}?lang=en`);
    const sums = await sqlSums();
    assert.ok(res.body.includes(`<strong>${formatEuro(sums.due, 'en')}</strong>`));
    assert.match(formatEuro(sums.due, 'en'), /^€\d{1,3}(,\d{3})*\.\d{2}$/);
    assert.match(res.body, /<td[^>]* class="text-end">€\d+\.\d{2}<\/td>/);
    assert.doesNotMatch(res.body, /\d,\d{2}\u00a0€/);
  });
});
