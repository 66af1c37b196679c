// The console's positions pages over app.inject: the search (each kind of key the text box
// recognises, the filters, the order, the pages, a role limited to one service), the exports read
// back (the CSV parsed, the XLSX unzipped and its sheet parsed; the same rows as SQL over the tables,
// and an audit record each), the detail's one timeline, and another entity's position as not found.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import type { Entity } from '../src/modules/entities/entity.ts';
import { insertAttempt } from '../src/modules/payments/attempts/attempts.db.ts';
import type { Position } from '../src/modules/positions/position.ts';
import { insertOverpayment } from '../src/modules/receipts/intake/overpayments.db.ts';
import { readCsv } from '../src/shared/csv.ts';
import { grantsFor } from '../src/shared/principal.ts';
import { type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { positionsWorld, SERVICE_CATEGORY, SERVICE_ID } from './support/console-positions.ts';
import { ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let a: Entity;
let b: Entity;
let admin: SignedInOperator;
let limited: SignedInOperator;
let world: Awaited<ReturnType<typeof positionsWorld>>;
const base = () => `/console/e/${a.fiscalCode}/posizioni`;

before(async () => {
  ctx = await testContext();
  a = (await entityWithKey(ctx, ENTITY_A)).entity;
  b = (await entityWithKey(ctx, ENTITY_B)).entity;
  world = await positionsWorld(ctx.services, a, b);
  const w = { services: ctx.services, app: ctx.app, clock: ctx.clock };
  admin = await signedInOperator(w, { entityId: a.id, email: 'anna@comune.example.it', roles: ['administrator'] });
  await ctx.services.operators.roles.define(
    a.id,
    { name: 'Sportello servizi', grants: [{ area: 'positions', access: 'read' }], services: [SERVICE_CATEGORY] },
    testActor,
  );
  limited = await signedInOperator(w, {
    entityId: a.id,
    email: 'luca@comune.example.it',
    roles: ['Sportello servizi'],
  });
});
after(() => ctx.close());

const get = (who: SignedInOperator, url: string) => ctx.app.inject({ url, headers: { cookie: who.cookie } });

/** The IUPDs of the results table, in order. */
async function found(query: string, who = admin): Promise<string[]> {
  const res = await get(who, `${base()}${query}`);
  assert.equal(res.statusCode, 200, res.body.slice(0, 400));
  const table = /<table class="table table-sm" id="positions">[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
  return [...table.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

const nav = (p: Position) => p.options[0]!.installments[0]!.nav;

describe('the positions search', () => {
  it('recognises a notice number, an IUV, a fiscal code, an IUPD and words of a name', async () => {
    const spaced = nav(world.rossi).replace(/(\d{4})/g, '$1 ');
    assert.deepEqual(await found(`?q=${encodeURIComponent(spaced)}`), ['TARI-001']);
    assert.deepEqual(await found(`?q=${nav(world.rossi).slice(1)}`), ['TARI-001']);
    assert.deepEqual((await found('?q=rssmra80a01h501u')).sort(), ['TARI-001', 'TARI-003']);
    assert.deepEqual(await found('?q=01199250158'), ['DITTA-7']);
    assert.deepEqual(await found('?q=TARI-003'), ['TARI-003']);
    assert.deepEqual((await found('?q=rossi')).sort(), ['TARI-001', 'TARI-003']);
    assert.deepEqual((await found('?q=MAR+ross')).sort(), ['TARI-001', 'TARI-003']);
    assert.deepEqual(await found('?q=bianchi+costr'), ['DITTA-7']);
    assert.deepEqual(await found('?q=verdi'), []);
    // Entity B's position has the same debtor: never found at A.
    assert.deepEqual(await found(`?q=${nav(world.other)}`), []);
    const page = await get(admin, `${base()}?q=${nav(world.rossi)}`);
    assert.match(page.body, new RegExp(`Cerco il numero avviso ${nav(world.rossi)}`));
  });

  it('filters by status, due dates and catalogue service, and says which dates it could not read', async () => {
    assert.deepEqual(await found('?stato=DRAFT'), ['TARI-003']);
    assert.deepEqual(await found('?scadenzaDal=2026-08-01&scadenzaAl=2026-08-31'), ['DITTA-7']);
    assert.deepEqual((await found('?scadenzaDal=2026-09-30')).sort(), ['TARI-001', 'TARI-003']);
    assert.deepEqual(await found(`?servizio=${SERVICE_ID}`), ['DITTA-7']);
    assert.deepEqual(await found('?q=rossi&stato=VALID'), ['TARI-001']);
    const res = await get(admin, `${base()}?scadenzaDal=31%2F12%2F2026`);
    assert.match(res.body, /non erano nella forma AAAA-MM-GG/);
  });

  it('sorts by a column through its heading’s link, with aria-sort on it', async () => {
    assert.deepEqual(await found('?ordina=iupd&verso=asc'), ['DITTA-7', 'TARI-001', 'TARI-003']);
    assert.deepEqual(await found('?ordina=iupd&verso=desc'), ['TARI-003', 'TARI-001', 'DITTA-7']);
    assert.deepEqual(await found('?ordina=debtor&verso=asc'), ['DITTA-7', 'TARI-001', 'TARI-003']);
    const res = await get(admin, `${base()}?q=rossi&ordina=iupd&verso=asc`);
    assert.match(res.body, /<th scope="col" aria-sort="ascending">\s*<a href="[^"]*ordina=iupd&amp;verso=desc"/);
    assert.match(
      res.body,
      /<th scope="col" aria-sort="none">\s*<a href="[^"]*q=rossi[^"]*ordina=status&amp;verso=asc"/,
    );
  });

  it('pages by 50, with the count, the previous and next links', async () => {
    for (let i = 0; i < 52; i++) {
      await ctx.services.positions.create(
        a,
        singlePayment(`BULK-${String(i).padStart(2, '0')}`),
        { toPublish: false },
        testActor,
      );
    }
    const first = await get(admin, `${base()}?q=rossi&ordina=iupd&verso=asc`);
    assert.match(first.body, /54 posizioni trovate/);
    assert.equal((await found('?q=rossi&ordina=iupd&verso=asc')).length, 50);
    assert.match(first.body, /href="[^"]*pagina=2" rel="next"/);
    const second = await found('?q=rossi&ordina=iupd&verso=asc&pagina=2');
    assert.deepEqual(second, ['BULK-50', 'BULK-51', 'TARI-001', 'TARI-003']);
    const page2 = await get(admin, `${base()}?q=rossi&ordina=iupd&verso=asc&pagina=2`);
    assert.match(page2.body, /rel="prev"/);
    assert.doesNotMatch(page2.body, /rel="next"/);
  });

  it('shows a role limited to a service only the positions made for it', async () => {
    assert.deepEqual(await found('', limited), ['DITTA-7']);
    assert.deepEqual(await found('?q=rossi', limited), []);
    assert.equal((await get(limited, `${base()}/TARI-001`)).statusCode, 404);
    assert.equal((await get(limited, `${base()}/DITTA-7`)).statusCode, 200);
  });
});

/** The instalments of entity A's positions as SQL sees them: notice number → amount in cents. */
async function instalmentsBySql(where = sql`true`) {
  const { rows } = await sql<{ nav: string; amount_cents: string }>`
    SELECT i.nav, i.amount_cents FROM installments i JOIN positions p ON p.id = i.position_id
    WHERE i.entity_id = ${a.id} AND ${where}`.execute(ctx.services.database.db);
  return new Map(rows.map((r) => [r.nav, Number(r.amount_cents)]));
}

const cents = (euros: string) => {
  assert.match(euros, /^\d+\.\d{2}$/);
  const [whole, decimals] = euros.split('.');
  return Number(whole) * 100 + Number(decimals);
};

describe('the exports of a search', () => {
  it('CSV: one row per instalment, the same as SQL over the tables, recorded in the audit log', async () => {
    const res = await get(admin, `${base()}/export.csv?q=rossi&stato=DRAFT`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="posizioni-80016350821-.*\.csv"/);
    const records: string[][] = [];
    for await (const r of readCsv(
      (async function* () {
        yield res.body.replace(/^\uFEFF/, '');
      })(),
    ))
      records.push(r.fields);
    const [header, ...rows] = records;
    const col = (name: string) => header!.indexOf(name);
    const bySql = await instalmentsBySql(
      sql`p.status = 'DRAFT' AND p.options::jsonb #>> '{0,debtor,fullName}' ILIKE '%rossi%'`,
    );
    assert.equal(rows.length, bySql.size);
    assert.equal(rows.length, 52 + 4);
    for (const row of rows) assert.equal(cents(row[col('amount_eur')]!), bySql.get(row[col('notice_number')]!));
    const tari = rows.filter((r) => r[col('iupd')] === 'TARI-003');
    assert.deepEqual(
      tari.map((r) => r[col('due_date')]),
      ['2026-09-30', '2026-09-30', '2026-10-30', '2026-11-30'],
    );
    assert.deepEqual(
      tari.map((r) => r[col('amount_eur')]),
      ['300.00', '100.00', '100.00', '100.00'],
    );
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('action', '=', 'positions.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, `operator:${admin.operatorId}`);
    assert.deepEqual(JSON.parse(String(audit.after)), {
      format: 'csv',
      filters: { q: 'rossi', kind: 'text', status: 'DRAFT' },
      services: '*',
    });
  });

  it('XLSX: a valid workbook whose sheet holds the same rows, amounts as numbers', async () => {
    const res = await get(admin, `${base()}/export.xlsx`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    assert.deepEqual(Object.keys(files).sort(), [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const types = strFromU8(files['[Content_Types].xml']!);
    assert.match(
      types,
      /PartName="\/xl\/workbook.xml" ContentType="application\/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main\+xml"/,
    );
    assert.match(strFromU8(files['_rels/.rels']!), /Target="xl\/workbook.xml"/);
    assert.match(strFromU8(files['xl/_rels/workbook.xml.rels']!), /Target="worksheets\/sheet1.xml"/);
    assert.match(strFromU8(files['xl/workbook.xml']!), /<sheet name="Posizioni" sheetId="1" r:id="rId1"\/>/);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const rows = [...sheet.matchAll(/<row r="(\d+)">([\s\S]*?)<\/row>/g)].map((m) => {
      const cells = new Map<string, string>();
      for (const c of m[2]!.matchAll(
        /<c r="([A-Z]+)\d+"[^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g,
      )) {
        cells.set(c[1]!, c[2] ?? c[3]!);
      }
      return { n: Number(m[1]), cells };
    });
    assert.deepEqual(
      rows.map((r) => r.n),
      rows.map((_, i) => i + 1),
    );
    const header = rows[0]!.cells;
    const letter = (name: string) => [...header].find(([, v]) => v === name)![0];
    const body = rows.slice(1);
    const bySql = await instalmentsBySql();
    assert.equal(body.length, bySql.size);
    for (const r of body)
      assert.equal(cents(r.cells.get(letter('amount_eur'))!), bySql.get(r.cells.get(letter('notice_number'))!));
    // Amounts are numbers with the 0.00 style; text cells inline strings.
    assert.match(sheet, /<c r="K2" s="1"><v>\d+\.\d{2}<\/v><\/c>/);
    assert.match(sheet, /<c r="A2" t="inlineStr"><is><t xml:space="preserve">/);
    assert.match(strFromU8(files['xl/styles.xml']!), /<xf numFmtId="2"[^>]*applyNumberFormat="1"\/>/);
  });

  it('exports for a limited role only its service’s rows', async () => {
    const res = await get(limited, `${base()}/export.csv`);
    const lines = res.body.trim().split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^DITTA-7,/);
  });
});

describe('a position’s page', () => {
  it('merges attempts, receipts, over-payments, events, webhook deliveries and audit into one timeline, newest first', async () => {
    const db = ctx.services.database.db;
    await ctx.services.webhooks.create(
      a,
      { url: 'https://ente.example/hook', events: ['installment.paid'] },
      testActor,
    );
    ctx.clock.advance(60_000);
    const p = await ctx.services.positions.create(a, singlePayment('PAY-1', 12_345), { toPublish: true }, testActor);
    const inst = p.options[0]!.installments[0]!;
    ctx.clock.advance(60_000);
    await insertAttempt(db, {
      id: '01890000-0000-7000-8000-0000000a7701',
      entityId: a.id,
      status: 'STARTED',
      checkout: 'sandbox',
      notices: [
        {
          nav: inst.nav,
          installmentId: inst.id,
          amountCents: inst.amountCents,
          description: 'TARI',
          companyName: 'Comune di Prova',
          paidAt: null,
        },
      ],
      totalCents: inst.amountCents,
      returnUrls: {
        ok: 'https://e.example/ok',
        cancel: 'https://e.example/c',
        error: 'https://e.example/e',
        waiting: 'https://e.example/w',
      },
      email: null,
      redirectUrl: null,
      lastReturn: null,
      note: null,
      createdAt: ctx.clock.now(),
      expiresAt: new Date(ctx.clock.now().getTime() + 30 * 60_000),
      updatedAt: ctx.clock.now(),
      requestedBy: 'citizen:RSSMRA80A01H501U',
      browserTag: null,
    });
    ctx.clock.advance(60_000);
    // Recorded by the operator (as the console's payment form does): the timeline names them.
    const operatorId = `operator:${admin.operatorId}`;
    const byOperator = {
      id: operatorId,
      principal: { kind: 'operator' as const, id: operatorId, grants: grantsFor(a.id, 'write') },
    };
    const { receipt } = await ctx.services.receipts.recordPayment(
      a,
      inst.nav,
      { source: 'paids', channel: 'BANK', receiptId: 'R-PAY-1' },
      byOperator,
    );
    await ctx.services.events.drain('webhooks');
    ctx.clock.advance(60_000);
    await insertOverpayment(db, {
      id: '01890000-0000-7000-8000-0000000a7702',
      entityId: a.id,
      receiptRef: receipt.id,
      nav: inst.nav,
      reason: 'ALREADY_PAID',
      amountCents: inst.amountCents,
      status: 'OPEN',
      note: null,
      createdAt: ctx.clock.now(),
      closedAt: null,
      closedBy: null,
    });
    const res = await get(admin, `${base()}/PAY-1`);
    assert.equal(res.statusCode, 200);
    const items = [
      ...(/<ol class="list-unstyled" id="timeline"[\s\S]*?<\/ol>/.exec(res.body)?.[0] ?? '').matchAll(
        /<time datetime="([^"]+)">[^<]*<\/time> · <strong>([^<]+)<\/strong><br>([^<]*)<\/li>/g,
      ),
    ].map((m) => ({ at: m[1]!, source: m[2]!, text: m[3]! }));
    const texts = items.map((i) => `${i.source}: ${i.text}`);
    const expect = [
      /^Eccedenza: Eccedenza di 123,45\s€ sull’avviso \d{18} \(avviso già pagato\); stato: da trattare\.$/,
      /^Ricevuta: Ricevuta R-PAY-1: pagati 123,45\s€ per l’avviso \d{18}\.$/,
      /^Evento: L’avviso \d{18} risulta pagato \(123,45\s€\)\.$/,
      /^Evento: La posizione è pagata per intero\.$/,
      /^Evento: Sono arrivati i soldi per l’avviso \d{18}\.$/,
      /^Notifica al gestionale: Notifica «installment.paid» a https:\/\/ente.example\/hook: in attesa \(tentativi: 0\)\.$/,
      /^Registro: Pagamento registrato — l’operatore Anna Bianchi\.$/,
      /^Tentativo di pagamento: Tentativo di pagamento dell’avviso \d{18} \(123,45\s€\) tramite la pagina di pagamento di prova, avviato da: il cittadino\. Stato: il pagatore è al pagamento\.$/,
      /^Registro: Posizione creata — test:runner\.$/,
    ];
    for (const pattern of expect)
      assert.ok(
        texts.some((t) => pattern.test(t)),
        `${pattern} in\n${texts.join('\n')}`,
      );
    const times = items.map((i) => Date.parse(i.at));
    assert.deepEqual(
      times,
      [...times].sort((x, y) => y - x),
      'newest first',
    );
    // The test's clock moved a minute between the attempt, the receipt and the over-payment (the
    // audit log takes the database's own time, so it is left out of this comparison).
    const order = ['Eccedenza', 'Ricevuta', 'Tentativo di pagamento'].map((s) =>
      texts.findIndex((t) => t.startsWith(s)),
    );
    assert.deepEqual(
      order,
      [...order].sort((x, y) => x - y),
    );
    // The instalments, the debtor, and the help desk's form to send the receipt.
    assert.match(res.body, new RegExp(`<td>${inst.nav}</td>`));
    assert.match(res.body, /Mario Rossi/);
    assert.match(res.body, /name="kind" value="receipt"><input type="hidden" name="receiptId" value="R-PAY-1">/);
    const en = await get(admin, `${base()}/PAY-1?lang=en`);
    assert.match(en.body, /Receipt R-PAY-1: €123.45 paid for notice \d{18}\./);
  });

  it('offers the acts the grants and the state allow', async () => {
    const draft = await get(admin, `${base()}/TARI-003`);
    assert.match(draft.body, /href="[^"]*\/posizioni\/TARI-003\/modifica"/);
    assert.match(draft.body, /action="[^"]*\/posizioni\/TARI-003\/pubblica"/);
    assert.doesNotMatch(draft.body, /\/annulla"/);
    const valid = await get(admin, `${base()}/TARI-001`);
    assert.match(valid.body, /\/posizioni\/TARI-001\/annulla"/);
    assert.match(valid.body, /\/posizioni\/TARI-001\/pagamento"/);
    assert.match(valid.body, /\/posizioni\/TARI-001\/avviso.pdf"/);
    assert.match(
      valid.body,
      /name="kind" value="notice"><input type="hidden" name="nav" value="\d{18}"><input type="hidden" name="back" value="\/console\/e\/80016350821\/posizioni\/TARI-001">/,
    );
    const readOnly = await get(limited, `${base()}/DITTA-7`);
    assert.doesNotMatch(readOnly.body, /\/modifica"|\/annulla"|\/pagamento"|assistenza\/invio/);
  });

  it('answers another entity’s IUPD with the same 404 as a missing one', async () => {
    const other = await get(admin, `${base()}/B-ONLY`);
    const missing = await get(admin, `${base()}/NO-SUCH`);
    assert.equal(other.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    const strip = (body: string) =>
      body
        .replace(/value="[^"]+"/g, '')
        .replace(/nonce="[^"]+"/g, '')
        .replace(/B-ONLY|NO-SUCH/g, 'X');
    assert.equal(strip(other.body), strip(missing.body));
    assert.equal((await get(admin, `/console/e/${b.fiscalCode}/posizioni/B-ONLY`)).statusCode, 404);
    assert.equal((await get(admin, `/console/e/${b.fiscalCode}/posizioni/export.csv`)).statusCode, 404);
  });
});
