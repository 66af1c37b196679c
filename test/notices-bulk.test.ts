// `cassa notices print`, run as a real process against a fresh database (support/db.ts):
// a merged PDF whose pages and QR codes are those of the printable positions, a ZIP of one valid PDF
// per position with safe unique names, skipped positions reported, refusals that write nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { renderNotice } from '../src/modules/notices/notice.pdf.ts';
import { type NoticeData, noticeFromPosition } from '../src/modules/notices/notice.ts';
import { NOTICE_TEXTS } from '../src/modules/notices/notice-texts.ts';
import { createServices } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { createPdf } from '../src/shared/pdf/document.ts';
import { ENTITY_A, ENTITY_B, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { decodeQrCodes, pdfPageCount, pdfText } from './support/pdf.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';

const root = join(import.meta.dirname, '..');
const CF = ENTITY_A.fiscalCode;
let dataDir: string;
let out: string;
let pg: TestDatabase;
/** The notice each printable position must produce, by iupd. */
const notices = new Map<string, NoticeData>();

// Printable: published (VALID) positions; not printable: a draft and an invalidated one.
const PRINTABLE = ['P-1', 'P-2', 'P-3', 'PLAN-1', 'TARI:2026:1', 'tari:2026:1'];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cassa-notices-cli-'));
  out = mkdtempSync(join(dataDir, 'out-'));
  pg = await freshDatabase();
  const database = pg.database;
  // The test positions' due dates are after this day (test/support/positions.ts).
  const services = createServices(database, { clock: fixedClock('2026-06-15T10:00:00Z') });
  const entity = await services.entities.create(ENTITY_A, testActor);
  const b = await services.entities.create(ENTITY_B, testActor);
  await services.positions.create(
    b,
    singlePayment('B-DRAFT', 5000, '2026-12-31', ENTITY_B.ibans[0]),
    { toPublish: false },
    testActor,
  );
  const create = (body: ReturnType<typeof singlePayment>, publish = true) =>
    services.positions.create(entity, body, { toPublish: publish }, testActor);
  for (const [i, iupd] of ['P-1', 'P-2', 'P-3', 'TARI:2026:1', 'tari:2026:1'].entries()) {
    await create(singlePayment(iupd, 10_000 + i * 111));
  }
  await create(fullOrInstalments('PLAN-1', 3, 30_000));
  await create(singlePayment('DRAFT-1', 5000), false);
  await create(singlePayment('INVALID-1', 6000));
  await services.lifecycle.invalidate(entity, 'INVALID-1', testActor);
  for (const iupd of PRINTABLE)
    notices.set(iupd, noticeFromPosition(entity, await services.positions.get(entity, iupd)));
});
after(async () => {
  await pg.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Pages the notice takes when rendered alone. */
function pagesOf(notice: NoticeData): number {
  const doc = createPdf({ title: 't', author: 'a', lang: 'it-IT', createdAt: new Date() });
  let pages = 0;
  doc.on('pageAdded', () => pages++);
  renderNotice(doc, notice, 'it');
  doc.end();
  return pages;
}

/** The notice rendered alone in a document of its own. */
async function alone(notice: NoticeData): Promise<Uint8Array> {
  const doc = createPdf({ title: 't', author: 'a', lang: 'it-IT', createdAt: new Date() });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const ended = once(doc, 'end');
  renderNotice(doc, notice, 'it');
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

const qrsOf = (iupds: string[]) =>
  iupds.flatMap((i) => notices.get(i)!.options.flatMap((o) => o.payments.map((p) => p.qrPayload)));

function cassa(...args: string[]) {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: pg.url };
  const result = spawnSync(process.execPath, [join(root, 'src/cli.ts'), ...args], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const print = (...args: string[]) => {
  const r = cassa('notices', 'print', '--entity', CF, ...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
/** Files in the output folder: a refused or failed run leaves nothing, not even a temporary file. */
const outFiles = () => readdirSync(out).sort();

describe('cassa notices print: merged PDF', () => {
  it('prints every printable position in iupd order, one notice after the other, and reports the skipped ones', async () => {
    const summary = print('--all', '--out', join(out, 'all.pdf'));
    assert.equal(summary.printed, PRINTABLE.length);
    assert.equal(summary.skipped, 2);
    assert.deepEqual(summary.skippedPositions, [
      { iupd: 'DRAFT-1', status: 'DRAFT' },
      { iupd: 'INVALID-1', status: 'INVALID' },
    ]);
    assert.equal(summary.format, 'pdf');
    assert.equal(summary.language, 'it');
    assert.ok(summary.seconds >= 0);
    const pdf = readFileSync(join(out, 'all.pdf'));
    assert.equal(summary.bytes, pdf.byteLength);
    assert.deepEqual(outFiles(), ['all.pdf']);

    const expectedPages = PRINTABLE.map((i) => pagesOf(notices.get(i)!));
    assert.ok(expectedPages[3]! > 1, 'the plan takes more than one page');
    assert.equal(
      await pdfPageCount(pdf),
      expectedPages.reduce((a, b) => a + b),
    );
    const qrs = await decodeQrCodes(pdf);
    assert.deepEqual(qrs.flat().sort(), qrsOf(PRINTABLE).sort());
    // The order of the notices: iupd order (byte order: upper case before lower case).
    assert.deepEqual(qrs[0], qrsOf(['P-1']));
    assert.deepEqual(qrs.at(-1), qrsOf(['tari:2026:1']));
  });

  it('prints a status, a list from a file (in its order) and a single position', async () => {
    const valid = print('--status', 'VALID', '--out', join(out, 'valid.pdf'));
    assert.equal(valid.printed, PRINTABLE.length);
    assert.equal(valid.skipped, 0);

    const list = join(dataDir, 'list.txt');
    writeFileSync(list, 'P-3\n\n  PLAN-1\r\nDRAFT-1\n');
    const listed = print('--from-file', list, '--out', join(out, 'list.pdf'));
    assert.equal(listed.printed, 2);
    assert.deepEqual(listed.skippedPositions, [{ iupd: 'DRAFT-1', status: 'DRAFT' }]);
    const qrs = await decodeQrCodes(readFileSync(join(out, 'list.pdf')));
    assert.deepEqual(qrs[0], qrsOf(['P-3']));
    assert.deepEqual(qrs.slice(1).flat().sort(), qrsOf(['PLAN-1']).sort());

    const one = print('--iupd', 'P-2', '--out', join(out, 'one.pdf'), '--lang', 'it-en');
    assert.equal(one.printed, 1);
    assert.equal(one.language, 'it-en');
    const text = await pdfText(readFileSync(join(out, 'one.pdf')));
    assert.match(text, new RegExp(NOTICE_TEXTS.title.en));
  });
});

describe('cassa notices print: ZIP', () => {
  it('holds one valid PDF per printable position, named <iupd>.pdf, made safe and unique', async () => {
    const summary = print('--all', '--out', join(out, 'all.zip'));
    assert.equal(summary.printed, PRINTABLE.length);
    assert.equal(summary.skipped, 2);
    const zip = readFileSync(join(out, 'all.zip'));
    assert.equal(summary.bytes, zip.byteLength);
    const entries = unzipSync(zip);
    assert.deepEqual(Object.keys(entries), [
      'P-1.pdf',
      'P-2.pdf',
      'P-3.pdf',
      'PLAN-1.pdf',
      'TARI_2026_1.pdf',
      'tari_2026_1-2.pdf',
    ]);
    for (const [i, iupd] of PRINTABLE.entries()) {
      const pdf = Object.values(entries)[i]!;
      assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
      assert.equal(await pdfPageCount(pdf), pagesOf(notices.get(iupd)!), iupd);
    }
    assert.deepEqual(await decodeQrCodes(entries['tari_2026_1-2.pdf']!), [qrsOf(['tari:2026:1'])]);
    // Deep in the run (documents share their fonts' word layouts) a notice reads as one printed alone.
    assert.equal(await pdfText(entries['PLAN-1.pdf']!), await pdfText(await alone(notices.get('PLAN-1')!)));
  });
});

describe('cassa notices print: refusals', () => {
  it('answers a wrong combination of options with exit code 2 and the usage', () => {
    const file = join(out, 'x.pdf');
    for (const args of [
      ['--out', file],
      ['--all', '--status', 'VALID', '--out', file],
      ['--all', '--out', join(out, 'x.txt')],
      ['--status', 'PAID', '--out', file],
      ['--all', '--lang', 'fr', '--out', file],
    ]) {
      const r = cassa('notices', 'print', '--entity', CF, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /usage: cassa notices print/);
    }
    assert.equal(cassa('notices', 'print', '--all', '--out', file).code, 2);
    assert.deepEqual(outFiles(), ['all.pdf', 'all.zip', 'list.pdf', 'one.pdf', 'valid.pdf']);
  });

  it('refuses unknown or repeated IUPDs in a file, listing them, before writing anything', () => {
    const list = join(dataDir, 'unknown.txt');
    writeFileSync(list, 'P-1\nNOPE-1\nP-2\nNOPE-2\n');
    const unknown = cassa('notices', 'print', '--entity', CF, '--from-file', list, '--out', join(out, 'u.pdf'));
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /2 of the IUPDs/);
    assert.match(unknown.stderr, /NOPE-1/);
    assert.match(unknown.stderr, /NOPE-2/);
    writeFileSync(list, 'P-1\nP-2\nP-1\n');
    const repeated = cassa('notices', 'print', '--entity', CF, '--from-file', list, '--out', join(out, 'u.zip'));
    assert.equal(repeated.code, 1);
    assert.match(repeated.stderr, /line 3: P-1 is already on line 1/);
    assert.ok(!outFiles().some((f) => f.startsWith('u.') || f.includes('.tmp')), outFiles().join());
  });

  it('refuses one named position that cannot be printed, and a run with nothing printable, leaving no file', () => {
    const draft = cassa('notices', 'print', '--entity', CF, '--iupd', 'DRAFT-1', '--out', join(out, 'd.pdf'), '--json');
    assert.equal(draft.code, 1);
    assert.equal(JSON.parse(draft.stderr).error, 'NOTICE_NOT_PRINTABLE');
    const list = join(dataDir, 'none.txt');
    writeFileSync(list, 'DRAFT-1\nINVALID-1\n');
    const none = cassa('notices', 'print', '--entity', CF, '--from-file', list, '--out', join(out, 'n.zip'), '--json');
    assert.equal(none.code, 1);
    assert.equal(JSON.parse(none.stderr).error, 'NOTHING_TO_PRINT');
    const other = cassa('notices', 'print', '--entity', ENTITY_B.fiscalCode, '--all', '--out', join(out, 'b.pdf'));
    assert.equal(other.code, 1);
    assert.match(other.stderr, /None of the 1 selected/);
    const missingDir = cassa('notices', 'print', '--entity', CF, '--all', '--out', join(out, 'no', 'such', 'x.pdf'));
    assert.equal(missingDir.code, 1);
    assert.match(missingDir.stderr, /ENOENT/);
    assert.deepEqual(outFiles(), ['all.pdf', 'all.zip', 'list.pdf', 'one.pdf', 'valid.pdf']);
  });
});
