// The account statement through the API: CSV read back with our own CSV reader, PDF read back with
// pdftotext; totals over every kind of position (open, paid, plan partly paid, cancelled, expired,
// draft); formula neutralisation; errors and tenant isolation. Runs on the embedded database and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GpdPosition } from '../src/modules/positions/gpd-v3.mapper.ts';
import { readCsv } from '../src/shared/csv.ts';
import { formatNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { pdfPageCount, pdfText } from './support/pdf.ts';
import { DEBTOR, fullOrInstalments, IBAN_A, singlePayment } from './support/positions.ts';

const OTHER_DEBTOR = { type: 'F' as const, fiscalCode: 'VRDGPP75M15F205F', fullName: 'Giuseppe Verdi' };
const BUSY_DEBTOR = { type: 'F' as const, fiscalCode: 'BNCLRA85T50F205A', fullName: 'Laura Bianchi' };
const INJECTIONS = ['=HYPERLINK("http://x")', '+1', '-1', '@x'];

let ctx: TestContext;
let callA: ReturnType<typeof api>;
let callB: ReturnType<typeof api>;
const navs: Record<string, string[]> = {};

const url = (cf: string, query = '') =>
  `/api/v1/organizations/${ENTITY_A.fiscalCode}/debtors/${cf}/statement${query ? `?${query}` : ''}`;

function withInstallments(
  iupd: string,
  debtor: typeof DEBTOR,
  installments: { cents: number; due: string; description: string }[],
  switchToExpired = false,
): GpdPosition {
  return {
    iupd,
    companyName: 'Comune di Prova',
    paymentOption: [
      {
        debtor,
        switchToExpired,
        installments: installments.map((i) => ({
          amount: i.cents,
          description: i.description,
          dueDate: i.due,
          transfer: [
            {
              idTransfer: '1',
              amount: i.cents,
              remittanceInformation: 'Tributo',
              category: '9/0101101IM/',
              iban: IBAN_A,
            },
          ],
        })),
      },
    ],
  };
}

const csvRecords = async (body: string) => {
  const records: string[][] = [];
  const chunks = (async function* () {
    yield body;
  })();
  for await (const r of readCsv(chunks, { delimiter: ';' })) {
    records.push(r.fields);
  }
  return records;
};
const normalize = (text: string) => text.replace(/\u00a0/g, ' ');

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  const a = await entityWithKey(ctx, ENTITY_A);
  const b = await entityWithKey(ctx, ENTITY_B);
  callA = api(ctx, a.key);
  callB = api(ctx, b.key);
  const create = async (body: GpdPosition, publish = true, entity = a.entity) => {
    const p = await ctx.services.positions.create(entity, body, { toPublish: publish }, testActor);
    navs[body.iupd] = p.options.flatMap((o) => o.installments.map((i) => i.nav));
  };
  const pay = async (nav: string) => {
    const res = await callA({
      method: 'POST',
      url: `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}/paymentoptions/paids/${nav}`,
      payload: { paymentChannel: 'BANK' },
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  await create(singlePayment('S-OPEN', 15_000, '2026-12-31'));
  await create(singlePayment('S-PAID', 8_050, '2026-12-31'));
  await pay(navs['S-PAID']![0]!);
  await create(fullOrInstalments('TARI-FULL'));
  await create(fullOrInstalments('TARI-PLAN'));
  await pay(navs['TARI-PLAN']![1]!); // the first instalment of the plan (option 1)
  await create(singlePayment('CANCELLED', 5_000));
  await ctx.services.lifecycle.invalidate(a.entity, 'CANCELLED', testActor);
  await create(singlePayment('DRAFT', 9_900), false);
  await create(withInstallments('EXPIRING', DEBTOR, [{ cents: 4_000, due: '2026-07-31', description: 'Multa' }], true));
  await create(
    withInstallments(
      'INJECT',
      DEBTOR,
      INJECTIONS.map((description, i) => ({ cents: (i + 1) * 100, due: `2026-11-0${i + 1}`, description })),
    ),
  );
  await create(withInstallments('OTHER', OTHER_DEBTOR, [{ cents: 7_000, due: '2026-12-31', description: 'Altro' }]));
  await create(singlePayment('B-ONLY', 6_600, '2026-12-31', ENTITY_B.ibans[0]), true, b.entity);
  for (let n = 0; n < 60; n++) {
    const due = `2026-12-${String((n % 28) + 1).padStart(2, '0')}`;
    await create(
      withInstallments(`BUSY-${String(n).padStart(2, '0')}`, BUSY_DEBTOR, [
        { cents: 1_000 + n, due, description: `Canone ${n}` },
      ]),
    );
  }
  // Four months later: the full payment of TARI-FULL is past its due date, EXPIRING has expired.
  ctx.clock.set('2026-10-15T10:00:00Z');
  await ctx.services.lifecycle.advanceByTime(testActor);
});
after(() => ctx.close());

describe('statement as CSV', () => {
  it('has a BOM, `;`, a header, one row per instalment and unambiguous total rows', async () => {
    const res = await callA({ method: 'GET', url: url(DEBTOR.fiscalCode, 'format=csv') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="estratto-conto-${DEBTOR.fiscalCode}-2026-10-15.csv"`,
    );
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.rawPayload[0], 0xef); // UTF-8 BOM
    const [header, ...records] = await csvRecords(res.body);
    assert.deepEqual(header, [
      'tipo_riga',
      'iupd',
      'oggetto',
      'stato_posizione',
      'modalita',
      'codice_avviso',
      'descrizione',
      'scadenza',
      'importo',
      'importo_centesimi',
      'stato',
      'data_pagamento',
      'nel_totale',
    ]);
    const rows = records.filter((r) => r[0] === 'rata');
    const totals = records.filter((r) => r[0] === 'totale');
    assert.equal(rows.length + totals.length, records.length);
    // S-OPEN 1, S-PAID 1, TARI-FULL 1 + 3, TARI-PLAN 1 + 3, CANCELLED 1, EXPIRING 1, INJECT 4.
    assert.equal(rows.length, 16);
    const iupds = new Set(rows.map((r) => r[1]));
    assert.deepEqual([...iupds].sort(), [
      'CANCELLED',
      'EXPIRING',
      'INJECT',
      'S-OPEN',
      'S-PAID',
      'TARI-FULL',
      'TARI-PLAN',
    ]);
    const paid = rows.find((r) => r[1] === 'S-PAID')!;
    assert.deepEqual(paid.slice(3), [
      'Pagata',
      'Unica soluzione',
      navs['S-PAID']![0]!,
      'TARI 2026',
      '2026-12-31',
      '80,50',
      '8050',
      'Pagata',
      '2026-06-15',
      'sì',
    ]);
    assert.match(paid[5]!, /^\d{18}$/);
    const plan = rows.filter((r) => r[1] === 'TARI-PLAN');
    assert.deepEqual(
      plan.map((r) => [r[4], r[10], r[12]]),
      [
        ['Unica soluzione', 'Non dovuta', 'no'],
        ['Rata 1 di 3', 'Pagata', 'sì'],
        ['Rata 2 di 3', 'Da pagare', 'sì'],
        ['Rata 3 di 3', 'Da pagare', 'sì'],
      ],
    );
    assert.equal(plan[0]![3], 'Pagata in parte');
    assert.deepEqual(
      rows.filter((r) => r[1] === 'TARI-FULL').map((r) => r[12]),
      ['sì', 'no', 'no', 'no'],
    );
    assert.equal(rows.find((r) => r[1] === 'CANCELLED')![10], 'Annullata');
    assert.equal(rows.find((r) => r[1] === 'EXPIRING')![10], 'Scaduta');
    assert.deepEqual(
      totals.map((r) => [r[2], r[8], r[9]]),
      [
        ['Totale da pagare', '660,00', '66000'],
        ['di cui con scadenza passata', '300,00', '30000'],
        ['Totale pagato', '180,50', '18050'],
        ['Scaduto, non più pagabile con pagoPA', '40,00', '4000'],
      ],
    );
    // The totals can be recomputed from the rows that say they are in them.
    const counted = (state: (s: string) => boolean) =>
      rows.filter((r) => r[12] === 'sì' && state(r[10]!)).reduce((sum, r) => sum + Number(r[9]), 0);
    assert.equal(
      counted((s) => s.startsWith('Da pagare')),
      66_000,
    );
    assert.equal(
      counted((s) => s === 'Pagata'),
      18_050,
    );
  });

  it('neutralises every text cell that a spreadsheet would run as a formula', async () => {
    const res = await callA({ method: 'GET', url: url(DEBTOR.fiscalCode, 'format=csv') });
    const rows = (await csvRecords(res.body)).filter((r) => r[1] === 'INJECT');
    assert.deepEqual(
      rows.map((r) => r[6]),
      INJECTIONS.map((d) => `'${d}`),
    );
    assert.equal(rows[0]![2], `'${INJECTIONS[0]}`); // the subject comes from the first instalment
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@]/);
  });

  it('in English: English header and states, amounts with a decimal point', async () => {
    const res = await callA({ method: 'GET', url: url(DEBTOR.fiscalCode, 'format=csv&lang=en') });
    const [header, ...records] = await csvRecords(res.body);
    assert.equal(header![0], 'row_type');
    const paid = records.find((r) => r[1] === 'S-PAID')!;
    assert.deepEqual([paid[0], paid[8], paid[10]], ['instalment', '80.50', 'Paid']);
    assert.deepEqual(records.at(-4)!.slice(0, 3), ['total', '', 'Total to pay']);
  });

  it('a valid fiscal code without positions gets 200 and an empty statement', async () => {
    const res = await callA({ method: 'GET', url: url('MRNLCU70A01F205C', 'format=csv') });
    assert.equal(res.statusCode, 200, res.body);
    const [, ...records] = await csvRecords(res.body);
    assert.deepEqual(
      records.map((r) => [r[0], r[9]]),
      [
        ['totale', '0'],
        ['totale', '0'],
        ['totale', '0'],
        ['totale', '0'],
      ],
    );
  });
});

describe('statement as PDF', () => {
  it('shows the parties, notice numbers in groups of four, amounts, states and totals', async () => {
    const res = await callA({ method: 'GET', url: url(DEBTOR.fiscalCode.toLowerCase()) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="estratto-conto-${DEBTOR.fiscalCode}-2026-10-15.pdf"`,
    );
    const text = normalize(await pdfText(res.rawPayload));
    for (const expected of [
      'Estratto conto',
      'Situazione al 15/10/2026',
      'Comune di Prova',
      `Codice fiscale ${ENTITY_A.fiscalCode}`,
      'Mario Rossi',
      `Codice fiscale ${DEBTOR.fiscalCode}`,
      formatNoticeNumber(navs['S-OPEN']![0]!),
      formatNoticeNumber(navs['TARI-PLAN']![2]!),
      '150,00 €',
      '80,50 €',
      'Pagata in parte',
      'Annullata',
      'Scaduta',
      'Non dovuta',
      'Rata 2 di 3',
      'Pagina 1 di 1',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
    }
    assert.match(formatNoticeNumber(navs['S-OPEN']![0]!), /^\d{4} \d{4} \d{4} \d{4} \d{2}$/);
    assert.match(text, /Totale da pagare\s+660,00 €/);
    assert.match(text, /di cui con scadenza passata\s+300,00 €/);
    assert.match(text, /Totale pagato\s+180,50 €/);
    assert.match(text, /Scaduto, non più pagabile con pagoPA\s+40,00 €/);
    assert.match(text, /TARI-PLAN — TARI 2026 - rata unica\s+Pagata in parte · Residuo 200,00 €/);
    for (const hidden of ['DRAFT', 'OTHER', 'B-ONLY', '99,00 €', '66,00 €']) assert.ok(!text.includes(hidden), hidden);
  });

  it('in English', async () => {
    const res = await callA({ method: 'GET', url: url(DEBTOR.fiscalCode, 'format=pdf&lang=en') });
    const text = normalize(await pdfText(res.rawPayload));
    for (const expected of ['Account statement', 'Statement as of 15/10/2026', 'Page 1 of 1', 'Partly paid']) {
      assert.ok(text.includes(expected), expected);
    }
    assert.match(text, /Total to pay\s+€660\.00/);
  });

  it('a long statement runs over pages, with the header and table header on each and the totals at the end', async () => {
    const res = await callA({ method: 'GET', url: url(BUSY_DEBTOR.fiscalCode) });
    assert.equal(res.statusCode, 200);
    const count = await pdfPageCount(res.rawPayload);
    assert.ok(count >= 3, `60 positions should take several pages, got ${count}`);
    const pages = normalize(await pdfText(res.rawPayload))
      .split('\f')
      .filter((p) => p.trim().length > 0);
    assert.equal(pages.length, count);
    pages.forEach((page, i) => {
      assert.ok(page.includes('Estratto conto'), `page ${i + 1} title`);
      assert.ok(page.includes('Laura Bianchi'), `page ${i + 1} debtor`);
      assert.ok(page.includes('Codice avviso'), `page ${i + 1} table header`);
      assert.ok(page.includes(`Pagina ${i + 1} di ${count}`), `page ${i + 1} number`);
      assert.equal(page.includes('Totale da pagare'), i === count - 1, `totals only on the last page (${i + 1})`);
    });
    const all = pages.join('\n');
    for (let n = 0; n < 60; n++) assert.ok(all.includes(`BUSY-${String(n).padStart(2, '0')}`), `BUSY-${n}`);
    // 60 × 10,00 € + (0 + 1 + … + 59) cents = 600,00 € + 17,70 €
    assert.match(all, /Totale da pagare\s+617,70 €/);
  });

  it('an empty statement says there is nothing', async () => {
    const res = await callA({ method: 'GET', url: url('MRNLCU70A01F205C') });
    assert.equal(res.statusCode, 200);
    const text = normalize(await pdfText(res.rawPayload));
    assert.ok(text.includes('Non risultano posizioni debitorie'));
    assert.match(text, /Totale da pagare\s+0,00 €/);
  });
});

describe('statement errors and access', () => {
  it('refuses an invalid fiscal code with 400 problem+json', async () => {
    for (const bad of ['RSSMRA80A01H501X', 'ANONIMO', '12345678901', 'x']) {
      const res = await callA({ method: 'GET', url: url(bad) });
      assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'VALIDATION_FAILED');
      assert.equal(res.json().errors[0].path, 'fiscalcode');
    }
  });

  it('refuses an unknown format or language; German is one (bodies that print German notices)', async () => {
    for (const query of ['format=xlsx', 'lang=fr']) {
      const res = await callA({ method: 'GET', url: url(DEBTOR.fiscalCode, query) });
      assert.equal(res.statusCode, 400, query);
    }
    const german = await callA({ method: 'GET', url: url(DEBTOR.fiscalCode, 'format=csv&lang=de') });
    assert.equal(german.statusCode, 200);
    assert.match(german.body, /^\uFEFFtipo_riga;iupd;/, 'the columns keep their names');
    assert.match(german.body, /Insgesamt zu zahlen/);
  });

  it("another entity's key gets 404, and the statement of its own entity does not include A's positions", async () => {
    const foreign = await callB({ method: 'GET', url: url(DEBTOR.fiscalCode) });
    assert.equal(foreign.statusCode, 404);
    const own = await callB({
      method: 'GET',
      url: `/api/v1/organizations/${ENTITY_B.fiscalCode}/debtors/${DEBTOR.fiscalCode}/statement?format=csv`,
    });
    assert.equal(own.statusCode, 200);
    const rows = (await csvRecords(own.body)).filter((r) => r[0] === 'rata');
    assert.deepEqual(
      rows.map((r) => r[1]),
      ['B-ONLY'],
    );
  });

  it('is documented in OpenAPI under Documents with both content types', async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = spec.paths['/api/v1/organizations/{organizationfiscalcode}/debtors/{fiscalcode}/statement'].get;
    assert.equal(op.operationId, 'getDebtorStatement');
    assert.deepEqual(op.tags, ['Documents']);
    assert.deepEqual(Object.keys(op.responses['200'].content).sort(), ['application/pdf', 'text/csv']);
  });
});
