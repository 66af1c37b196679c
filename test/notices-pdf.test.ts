// The printed payment notice, read back as a person and a scanner would: the text (pdftotext), every
// QR code (zbarimg) and every Poste DataMatrix (dmtxread). The expected symbol texts are written
// out here field by field from the position's data, not computed by the code under test.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import type { Entity } from '../src/modules/entities/entity.ts';
import { instalmentGroups, noticeRenderCache, renderNotice } from '../src/modules/notices/notice.pdf.ts';
import { noticeFromPosition } from '../src/modules/notices/notice.ts';
import type { GpdPosition } from '../src/modules/positions/gpd-v3.mapper.ts';
import type { Position } from '../src/modules/positions/position.ts';
import { AppError } from '../src/shared/errors.ts';
import { createPdf } from '../src/shared/pdf/document.ts';
import { ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { decodeQrCodes, pdfPageCount, pdfText } from './support/pdf.ts';
import { fullOrInstalments, IBAN_A, singlePayment } from './support/positions.ts';

const run = promisify(execFile);
const IBAN_B = ENTITY_B.ibans[0]!;
const AUTH = 'AUT. DB/SSIC/E 12345 DEL 01/01/2026';

let ctx: TestContext;
let entityA: Entity;
let entityB: Entity;
let keyA: string;

before(async () => {
  ctx = await testContext();
  const a = await entityWithKey(ctx, { ...ENTITY_A, postalAuthorization: AUTH });
  entityA = a.entity;
  keyA = a.key;
  entityB = (await entityWithKey(ctx, ENTITY_B)).entity;
});
after(() => ctx.close());

async function bytes(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function publish(entity: Entity, body: GpdPosition): Promise<Position> {
  return ctx.services.positions.create(entity, body, { toPublish: true }, testActor);
}

async function noticePdf(entity: Entity, iupd: string, language?: 'it' | 'it-en' | 'it-de', nav?: string) {
  return bytes((await ctx.services.notices.pdf(entity, iupd, { language, nav })).stream);
}

/** Text with the non-breaking spaces of amounts made ordinary, and runs of blanks collapsed. */
const flat = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ');

/** The notice number as printed: groups of four digits, 22 characters. */
function printedNav(nav: string): string {
  const printed = `${nav.slice(0, 4)} ${nav.slice(4, 8)} ${nav.slice(8, 12)} ${nav.slice(12, 16)} ${nav.slice(16)}`;
  assert.equal(printed.length, 22);
  return printed;
}

const qr = (nav: string, cf: string, cents: number) => `PAGOPA|002|${nav}|${cf}|${String(cents).padStart(10, '0')}`;

/** pagopa-facts §2.4, field by field, for ENTITY_A (postal account 001234567890) and the test debtor. */
function poste(nav: string, cents: number, subject: string, debtorName = 'Mario Rossi'): string {
  return (
    `codfase=NBPA;18${nav}12001234567890` +
    `10${String(cents).padStart(10, '0')}` +
    '38961P1' +
    '80016350821' +
    'RSSMRA80A01H501U' +
    debtorName.padEnd(40, ' ') +
    subject.padEnd(110, ' ') +
    `${' '.repeat(12)}A`
  );
}

const sorted = (pages: string[][]) => pages.map((p) => [...p].sort());
const navs = (position: Position, option: number) => position.options[option]!.installments.map((i) => i.nav);

/** A plan of `count` monthly instalments of 1,00 € each (option 1), after a pay-in-full option. */
function monthlyPlan(iupd: string, count: number, iban: string): GpdPosition {
  const body = fullOrInstalments(iupd, 2, 100 * count, iban);
  const template = body.paymentOption[1]!.installments[0]!;
  body.paymentOption[1]!.installments = Array.from({ length: count }, (_, i) => ({
    ...template,
    amount: 100,
    description: `TARI 2026 - rata ${i + 1}`,
    dueDate: `${2026 + Math.floor((6 + i) / 12)}-${String(((6 + i) % 12) + 1).padStart(2, '0')}-28`,
    transfer: [{ ...template.transfer![0]!, amount: 100 }],
  }));
  return body;
}

describe('a single payment', () => {
  it('with a postal account: text, QR code and Poste DataMatrix on one page', async () => {
    const position = await publish(entityA, singlePayment('S-A', 102_099));
    const nav = position.options[0]!.installments[0]!.nav;
    const pdf = await noticePdf(entityA, 'S-A');
    assert.equal(await pdfPageCount(pdf), 1);
    const text = flat(await pdfText(pdf));
    for (const expected of [
      'AVVISO DI PAGAMENTO',
      'TARI 2026',
      'ENTE CREDITORE',
      'Comune di Prova',
      'Ufficio Tributi',
      'DESTINATARIO',
      'Mario Rossi',
      'RSSMRA80A01H501U',
      'QUANTO E QUANDO PAGARE?',
      '1.020,99 €',
      'entro il 31/12/2026',
      'DOVE PAGARE?',
      "PAGA CON L'APP IO",
      'PAGA SUL TERRITORIO',
      'DATI PER IL PAGAMENTO',
      'Rata unica entro il 31/12/2026',
      'Cod. CBILL',
      'A0EDT',
      'Cod. Avviso',
      printedNav(nav),
      'Cod. Fiscale Ente',
      '80016350821',
      'BOLLETTINO POSTALE PA',
      'sul C/C n.',
      '001234567890',
      'Intestato a',
      'Tipo P1',
      AUTH,
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
    }
    assert.ok(!text.includes('Puoi pagare'), 'no instalment info without a plan');
    assert.deepEqual(await decodeQrCodes(pdf), [[qr(nav, '80016350821', 102_099)]]);
    const matrices = await dataMatrices(pdf, [1]);
    assert.deepEqual(matrices, [[poste(nav, 102_099, 'TARI 2026')]]);
    assert.equal(matrices[0]![0]!.length, 256);
  });

  it('without a postal account: no bollettino, no DataMatrix, no CBILL', async () => {
    const position = await publish(entityB, singlePayment('S-B', 15_000, '2026-12-31', IBAN_B));
    const nav = position.options[0]!.installments[0]!.nav;
    const pdf = await noticePdf(entityB, 'S-B');
    const text = flat(await pdfText(pdf));
    for (const expected of [
      'Comune di Altrove',
      'Mario Rossi',
      '150,00 €',
      '31/12/2026',
      printedNav(nav),
      '01199250158',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
    for (const absent of ['BOLLETTINO POSTALE PA', 'Cod. CBILL', 'Tipo P1']) assert.ok(!text.includes(absent), absent);
    assert.deepEqual(await decodeQrCodes(pdf), [[qr(nav, '01199250158', 15_000)]]);
    assert.deepEqual(await dataMatrices(pdf, [0]), [[]]);
  });
});

describe('instalment plans', () => {
  it('pay in full or in 3 instalments: the full option on page 1, the 3 instalments together on page 2', async () => {
    const position = await publish(entityA, fullOrInstalments('P-3', 3, 30_000));
    const [full] = navs(position, 0);
    const rates = navs(position, 1);
    const pdf = await noticePdf(entityA, 'P-3');
    assert.equal(await pdfPageCount(pdf), 2);
    const text = flat(await pdfText(pdf));
    for (const expected of [
      'Puoi pagare per intero oppure in 3 rate',
      '300,00 €',
      '100,00 €',
      'entro il 30/09/2026',
      'Rata 1 di 3',
      'Rata 2 di 3',
      'Rata 3 di 3',
      'entro il 30/10/2026',
      'entro il 30/11/2026',
      printedNav(full!),
      ...rates.map(printedNav),
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
    const cf = '80016350821';
    assert.deepEqual(sorted(await decodeQrCodes(pdf)), [
      [qr(full!, cf, 30_000)],
      rates.map((nav) => qr(nav, cf, 10_000)).sort(),
    ]);
    assert.deepEqual(sorted(await dataMatrices(pdf, [1, 3])), [
      [poste(full!, 30_000, 'TARI 2026 - rata unica')],
      rates.map((nav) => poste(nav, 10_000, 'TARI 2026 - rata unica')).sort(),
    ]);
  });

  it('4 instalments go 2 and 2 on two pages (never 3 and 1)', async () => {
    const position = await publish(entityB, fullOrInstalments('P-4', 4, 40_000, IBAN_B));
    const pdf = await noticePdf(entityB, 'P-4');
    const pages = await decodeQrCodes(pdf);
    assert.deepEqual(
      pages.map((p) => p.length),
      [1, 2, 2],
    );
    const cf = '01199250158';
    assert.deepEqual(sorted(pages), [
      [qr(navs(position, 0)[0]!, cf, 40_000)],
      navs(position, 1)
        .slice(0, 2)
        .map((nav) => qr(nav, cf, 10_000))
        .sort(),
      navs(position, 1)
        .slice(2)
        .map((nav) => qr(nav, cf, 10_000))
        .sort(),
    ]);
  });

  it('two single-payment options: a page each, labelled', async () => {
    const body = singlePayment('TWO-1', 10_000, '2026-12-31', IBAN_B);
    const reduced = structuredClone(body.paymentOption[0]!);
    reduced.installments[0]!.amount = 7_000;
    reduced.installments[0]!.dueDate = '2026-07-15';
    reduced.installments[0]!.transfer![0]!.amount = 7_000;
    body.paymentOption.unshift(reduced);
    const position = await publish(entityB, body);
    const pdf = await noticePdf(entityB, 'TWO-1');
    const pages = (await pdfText(pdf)).split('\f').map(flat);
    assert.ok(pages[0]!.includes('Opzione 1 · Rata unica entro il 15/07/2026'), pages[0]);
    assert.ok(pages[1]!.includes('Opzione 2 · Rata unica entro il 31/12/2026'), pages[1]);
    const cf = '01199250158';
    assert.deepEqual(await decodeQrCodes(pdf), [
      [qr(navs(position, 0)[0]!, cf, 7_000)],
      [qr(navs(position, 1)[0]!, cf, 10_000)],
    ]);
  });

  it('groups instalments by 3 when the count allows it, else by 2', () => {
    assert.deepEqual(instalmentGroups(2), [2]);
    assert.deepEqual(instalmentGroups(3), [3]);
    assert.deepEqual(instalmentGroups(4), [2, 2]);
    assert.deepEqual(instalmentGroups(5), [2, 2, 1]);
    assert.deepEqual(instalmentGroups(6), [3, 3]);
    assert.deepEqual(instalmentGroups(8), [2, 2, 2, 2]);
  });

  it('12 instalments without a postal account: small cards, every QR code still decodes', async () => {
    const position = await publish(entityB, monthlyPlan('P-12B', 12, IBAN_B));
    const pdf = await noticePdf(entityB, 'P-12B');
    assert.equal(await pdfPageCount(pdf), 2, 'the pay-in-full page and one page of 12 cards');
    const text = flat(await pdfText(pdf));
    for (const nav of navs(position, 1)) assert.ok(text.includes(printedNav(nav)), nav);
    assert.ok(text.includes('Rata 12 di 12'));
    assert.ok(text.includes('entro il 28/06/2027'));
    const cf = '01199250158';
    assert.deepEqual(sorted(await decodeQrCodes(pdf)), [
      [qr(navs(position, 0)[0]!, cf, 1200)],
      navs(position, 1)
        .map((nav) => qr(nav, cf, 100))
        .sort(),
    ]);
  });

  it('12 instalments with a postal account: a QR code and a DataMatrix for each, all readable', async () => {
    const position = await publish(entityA, monthlyPlan('P-12A', 12, IBAN_A));
    const pdf = await noticePdf(entityA, 'P-12A');
    const qrPages = await decodeQrCodes(pdf);
    const qrs = qrPages.flat().sort();
    const cf = '80016350821';
    const all = [
      ...navs(position, 0).map((nav) => qr(nav, cf, 1200)),
      ...navs(position, 1).map((nav) => qr(nav, cf, 100)),
    ];
    assert.deepEqual(qrs, all.sort());
    // One bollettino beside each QR code: as many DataMatrix symbols on each page as QR codes.
    const matrices = (
      await dataMatrices(
        pdf,
        qrPages.map((p) => p.length),
      )
    )
      .flat()
      .sort();
    const subject = 'TARI 2026 - rata unica';
    assert.deepEqual(
      matrices,
      [poste(navs(position, 0)[0]!, 1200, subject), ...navs(position, 1).map((nav) => poste(nav, 100, subject))].sort(),
    );
  });
});

describe('what is printed', () => {
  it('a draft, an invalidated and a paid position cannot be printed', async () => {
    await ctx.services.positions.create(entityA, singlePayment('D-1'), { toPublish: false }, testActor);
    const draft = await ctx.services.positions.get(entityA, 'D-1');
    assert.throws(
      () => noticeFromPosition(entityA, draft),
      (e: unknown) => e instanceof AppError && e.code === 'NOTICE_NOT_PRINTABLE' && e.status === 409,
    );
    const paid = await publish(entityA, singlePayment('PAID-1'));
    await pay(paid.options[0]!.installments[0]!.nav);
    await assert.rejects(ctx.services.notices.pdf(entityA, 'PAID-1'), { code: 'NOTICE_NOT_PRINTABLE' });
    await publish(entityA, singlePayment('INV-1'));
    await ctx.services.lifecycle.invalidate(entityA, 'INV-1', testActor);
    await assert.rejects(ctx.services.notices.pdf(entityA, 'INV-1'), { code: 'NOTICE_NOT_PRINTABLE' });
  });

  it('partially paid: only the unpaid instalments of the option being paid', async () => {
    const position = await publish(entityB, fullOrInstalments('PP-1', 3, 30_000, IBAN_B));
    const [full] = navs(position, 0);
    const [first, second, third] = navs(position, 1);
    await pay(first!, 'Comune di Altrove');
    const pdf = await noticePdf(entityB, 'PP-1');
    const text = flat(await pdfText(pdf));
    assert.ok(text.includes('Restano da pagare 2 rate di 3'), text);
    assert.ok(!text.includes(printedNav(first!)) && !text.includes(printedNav(full!)));
    const cf = '01199250158';
    assert.deepEqual(
      (await decodeQrCodes(pdf)).flat().sort(),
      [qr(second!, cf, 10_000), qr(third!, cf, 10_000)].sort(),
    );
    await assert.rejects(ctx.services.notices.pdf(entityB, 'PP-1', { nav: first }), { code: 'NOTICE_NOT_PRINTABLE' });
    await assert.rejects(ctx.services.notices.pdf(entityB, 'PP-1', { nav: full }), { code: 'NOTICE_NOT_PRINTABLE' });
    await assert.rejects(ctx.services.notices.pdf(entityB, 'PP-1', { nav: '302999999999999966' }), {
      code: 'NOT_FOUND',
    });
  });

  it('a due date on or after 31/12/2099 prints an "avviso senza scadenza"', async () => {
    const position = await publish(entityB, singlePayment('NS-1', 5_000, '2099-12-31', IBAN_B));
    const pdf = await noticePdf(entityB, 'NS-1');
    const text = flat(await pdfText(pdf));
    assert.ok(text.includes('senza scadenza'));
    assert.ok(!text.includes('entro il'), text);
    assert.ok(!text.includes('2099'));
    assert.deepEqual(await decodeQrCodes(pdf), [[qr(position.options[0]!.installments[0]!.nav, '01199250158', 5_000)]]);
  });
});

describe('texts', () => {
  it('cuts a 200-character subject and long names with a visible "…", inside the page margins', async () => {
    // The largest amount a bollettino carries: amounts shrink to fit, they are never cut.
    const base = await publish(entityA, singlePayment('LONG-1', 9_999_999_999));
    const words = 'Canone per occupazione di suolo pubblico con dehors e fioriere, zona centro storico';
    const subject = `${words}, ${words}, ${words}`.slice(0, 200);
    const option = base.options[0]!;
    const position: Position = {
      ...base,
      options: [
        {
          ...option,
          description: subject,
          debtor: {
            ...option.debtor,
            fullName: `Società Cooperativa Agricola ${'Montagnana '.repeat(8)}`.trim(),
            streetName: `Via ${'dei Lunghissimi Nomi '.repeat(6)}`.trim(),
            civicNumber: '12/B',
            postalCode: '00100',
            city: 'Roma',
            province: 'RM',
          },
        },
      ],
    };
    const longEntity: Entity = { ...entityA, name: `Comune di ${'Sant’Angelo '.repeat(12)}`.trim() };
    const notice = noticeFromPosition(longEntity, position);
    assert.equal(notice.subject.length, 90);
    assert.ok(notice.subject.endsWith('…'));
    assert.equal(notice.entity.name.length, 50);
    assert.equal(notice.debtor.fullName.length, 70);
    assert.ok(notice.debtor.address!.length <= 140);
    const pdf = await render((doc) => renderNotice(doc, notice, 'it', noticeRenderCache()));
    const text = flat(await pdfText(pdf));
    const oneLine = text.replace(/\s+/g, ' ');
    assert.ok(oneLine.includes(notice.subject.slice(0, 40)), oneLine);
    assert.ok(oneLine.includes('…'));
    assert.equal(oneLine.split('99.999.999,99 €').length - 1, 3, 'the amount, whole, in each of its 3 places');
    // The subject is whole up to the cut, over at most two lines under the title.
    const header = oneLine.slice(oneLine.indexOf('AVVISO DI PAGAMENTO') + 20, oneLine.indexOf('ENTE CREDITORE')).trim();
    assert.equal(header, notice.subject);
    const outside = await wordsOutsideMargins(pdf);
    assert.deepEqual(outside, []);
    // The DataMatrix keeps its own field lengths (40 and 110) from the full texts.
    const [matrix] = (await dataMatrices(pdf, [1])).flat();
    assert.equal(matrix!.length, 256);
    assert.equal(matrix!.slice(133, 243), subject.slice(0, 110));
  });

  it('it-de: German beneath the Italian, amounts and dates still Italian', async () => {
    await publish(entityA, fullOrInstalments('DE-1', 3, 30_000));
    const pdf = await noticePdf(entityA, 'DE-1', 'it-de');
    const text = flat(await pdfText(pdf));
    for (const expected of [
      'AVVISO DI PAGAMENTO',
      'ZAHLUNGSAVIS',
      'GLÄUBIGER',
      'EMPFÄNGER',
      'WO ZAHLEN?',
      'Rate 2 von 3',
      '300,00 €',
      '30/09/2026',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
    assert.deepEqual(await wordsOutsideMargins(pdf), []);
  });

  it("it-en, and the entity's own language when none is asked for", async () => {
    await publish(entityB, singlePayment('EN-1', 15_000, '2026-12-31', IBAN_B));
    const en = flat(await pdfText(await noticePdf(entityB, 'EN-1', 'it-en')));
    for (const expected of ['PAYMENT NOTICE', 'HOW MUCH AND WHEN TO PAY?', 'WHERE TO PAY?', '150,00 €']) {
      assert.ok(en.includes(expected), `missing "${expected}"`);
    }
    const plain = flat(await pdfText(await noticePdf(entityB, 'EN-1')));
    assert.ok(!plain.includes('PAYMENT NOTICE'), "ENTITY_B's language is Italian");
  });
});

describe('the entity logo', () => {
  it('a PNG logo is embedded once and drawn on every page; an SVG one leaves the box empty', async () => {
    const withPng = await ctx.services.entities.create(
      {
        ...ENTITY_B,
        fiscalCode: '03012345678',
        segregationCode: '09',
        logo: { data: tinyPng(), mediaType: 'image/png' },
      },
      testActor,
    );
    await publish(withPng, fullOrInstalments('LOGO-1', 4, 40_000, IBAN_B));
    const pdf = await noticePdf(withPng, 'LOGO-1');
    const images = await listImages(pdf);
    assert.equal(images.length, 3, 'drawn on each of the 3 pages');
    assert.equal(new Set(images.map((i) => i.object)).size, 1, 'one image object for all pages');

    const notice = await ctx.services.notices.noticeData(withPng, 'LOGO-1');
    const svg = {
      ...notice,
      entity: { ...notice.entity, logo: { data: new TextEncoder().encode('<svg/>'), mediaType: 'image/svg+xml' } },
    };
    const svgPdf = await render((doc) => renderNotice(doc, svg, 'it'));
    assert.deepEqual(await listImages(svgPdf), []);
  });
});

async function pay(nav: string, _entityName = 'Comune di Prova') {
  const entity = nav.slice(1, 3) === ENTITY_A.segregationCode ? entityA : entityB;
  const key = entity === entityA ? keyA : (await ctx.services.apiKeys.create(entity.fiscalCode, 'pay', testActor)).key;
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/gpd/v3/organizations/${entity.fiscalCode}/paymentoptions/paids/${nav}`,
    headers: { authorization: `Bearer ${key}` },
    payload: { paymentChannel: 'BANK' },
  });
  assert.equal(res.statusCode, 200, res.body);
}

async function render(draw: (doc: ReturnType<typeof createPdf>) => void): Promise<Uint8Array> {
  const doc = createPdf({ title: 'test', author: 'test', lang: 'it-IT', createdAt: new Date('2026-06-15T10:00:00Z') });
  draw(doc);
  doc.end();
  return bytes(doc);
}

/**
 * The DataMatrix symbols of each page, scanning page i for counts[i] symbols: dmtxread stops as soon
 * as it has them, and a page expected to have none gets a short scan (a full one takes 20 s).
 */
async function dataMatrices(pdf: Uint8Array, counts: number[]): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'cassa-dmtx-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-r', '150', '-png', join(dir, 'doc.pdf'), join(dir, 'page')]);
    const pages = (await readdir(dir)).filter((f) => f.startsWith('page')).sort();
    assert.equal(pages.length, counts.length, 'pages');
    const result: string[][] = [];
    for (const [i, page] of pages.entries()) {
      const count = counts[i]!;
      const args = ['-n', '-N', String(Math.max(count, 1)), '-m', count === 0 ? '3000' : '20000', join(dir, page)];
      const { stdout } = await run('dmtxread', args).catch((e) => {
        if (e.code === 1) return { stdout: '' };
        throw e;
      });
      result.push(stdout.split('\n').filter((l) => l.length > 0));
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Words whose box leaves the 10 mm page margins (pdftotext -bbox), as "word@x". */
async function wordsOutsideMargins(pdf: Uint8Array): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cassa-bbox-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-bbox', join(dir, 'doc.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 });
    const margin = (10 * 72) / 25.4 - 0.5;
    const outside: string[] = [];
    for (const m of stdout.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    )) {
      const [xMin, yMin, xMax, yMax] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      if (xMin < margin || xMax > 595.28 - margin || yMin < margin || yMax > 841.89 - margin)
        outside.push(`${m[5]}@${xMin}`);
    }
    return outside;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The images pdfimages lists: page and object number of each placement. */
async function listImages(pdf: Uint8Array): Promise<{ page: number; object: number }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cassa-img-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const { stdout } = await run('pdfimages', ['-list', join(dir, 'doc.pdf')]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/))
      .map((cols) => ({ page: Number(cols[0]), object: Number(cols[10]) }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An 8×8 PNG (red and blue halves), built by hand: signature, IHDR, IDAT, IEND. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Array.from({ length: 8 }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: 8 }, () => (y < 4 ? [200, 30, 30] : [30, 30, 200])).flat()]),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
