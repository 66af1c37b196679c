// npm run bench:notices -- --count 10000
// Creates an entity (with a postal account, so every notice carries a QR code and a DataMatrix) and
// `count` published single-payment positions in a fresh database (PostgreSQL when DATABASE_URL is
// set, otherwise an embedded one for the run), then prints them with Cassa's bulk printing as one
// merged PDF and as a ZIP of one PDF each, both to a temporary file, and prints notices/s and peak
// RSS; the barcodes are encoded by one worker thread per core, as the CLI does. In the same run it
// measures the ceiling — bare pdfkit pages carrying the same text, one QR code and one DataMatrix,
// on one thread, in one document (and, for the ZIP mode, one document per page) — and prints each
// mode's ratio to it.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemActor } from '../src/modules/audit/audit.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { OutputSink } from '../src/modules/notices/bulk/output-sink.ts';
import { printNotices } from '../src/modules/notices/bulk/print-run.ts';
import { type PrintSelection, selectionBatches } from '../src/modules/notices/bulk/print-selection.ts';
import { renderNotice } from '../src/modules/notices/notice.pdf.ts';
import { noticeFromPosition, noticeNavs } from '../src/modules/notices/notice.ts';
import { createServices, type Services } from '../src/services.ts';
import { personCheckCharacter } from '../src/shared/identifiers/fiscal-code.ts';
import { barcodePool } from '../src/shared/pdf/barcode-pool.ts';
import { dataMatrix, drawMatrix, qrMatrix } from '../src/shared/pdf/barcodes.ts';
import { createPdf, mm, type Pdf } from '../src/shared/pdf/document.ts';
import type { FontName } from '../src/shared/pdf/fonts.ts';
import { freshDatabase } from '../test/support/db.ts';
import { ensureTestServer } from '../test/support/test-server.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '10000' }, keep: { type: 'boolean' } },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');

// As `cassa notices print` runs: one barcode worker per core.
const workers = availableParallelism();
const pool = barcodePool(workers);
const work = mkdtempSync(join(tmpdir(), 'cassa-bench-notices-'));
const IBAN = 'IT60X0542811101000000123456';
const actor = systemActor('bench');

interface Timing {
  seconds: number;
  /** CPU time of this process: steadier than wall time on a machine other work shares. */
  cpuSeconds: number;
  peakMb: number;
}

/** Runs fn while sampling RSS; returns wall and CPU seconds and the peak RSS seen. */
async function measure(fn: () => Promise<void>): Promise<Timing> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, peakMb: peak / 1024 / 1024 };
}

/** `count` VALID single-payment positions, created through the bulk import (a CSV on disk). */
async function createPositions(services: Services, entity: Entity) {
  const csv = join(work, 'positions.csv');
  const out = createWriteStream(csv);
  out.write(
    'iupd,debtor_type,debtor_fiscal_code,debtor_name,description,amount,due_date,iban,category,remittance_information\n',
  );
  const names = ['ROSSI MARIO', 'BIANCHI LAURA', 'VERDI GIUSEPPE', 'FERRARI ANNA'];
  for (let i = 0; i < count; i++) {
    const cf15 = `RSSMRA${String(40 + (i % 60)).padStart(2, '0')}A${String(1 + (i % 28)).padStart(2, '0')}H501`;
    const cents = 1000 + (i % 90000);
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const line = `TARI-2027-${String(i).padStart(8, '0')},F,${cf15}${personCheckCharacter(cf15)},${names[i % 4]},TARI 2027 rata unica,${amount},2027-03-31,${IBAN},9/0101101IM/,TARI 2027 utenza ${i}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { result } = await services.imports.importFile(
    entity,
    csv,
    { format: 'csv', mode: 'create', toPublish: true, fileName: 'positions.csv' },
    actor,
  );
  if (!result.ok || result.created !== count)
    throw new Error(`creating the positions failed: ${result.errors[0]?.message}`);
}

async function printRun(services: Services, entity: Entity, format: 'pdf' | 'zip', selection: PrintSelection) {
  const file = join(work, `notices.${format}`);
  let printed = 0;
  const timing = await measure(async () => {
    const result = await printNotices({
      barcodes: pool,
      entity,
      format,
      language: entity.noticeLanguage,
      batches: selectionBatches(services.positions, entity, selection),
      output: createWriteStream(file),
      now: new Date(),
    });
    printed = result.printed;
  });
  return { ...timing, printed, mb: statSync(file).size / 1024 / 1024 };
}

interface TextCall {
  font: FontName;
  size: number;
  text: string;
}

/** The texts one notice draws (font, size, string), recorded from a real rendering. */
function textOfOneNotice(entity: Entity, position: Parameters<typeof noticeFromPosition>[1]): TextCall[] {
  const doc = createPdf({ title: 'sample', author: 'bench', lang: 'it-IT', createdAt: new Date() });
  const calls: TextCall[] = [];
  let font: FontName = 'regular';
  const setFont = doc.font.bind(doc);
  const setText = doc.text.bind(doc);
  (doc as unknown as { font: (name: FontName) => Pdf }).font = (name) => {
    font = name;
    return setFont(name);
  };
  (doc as unknown as { text: (t: string, ...rest: unknown[]) => Pdf }).text = (text, ...rest) => {
    calls.push({ font, size: (doc as unknown as { _fontSize: number })._fontSize, text });
    return (setText as (...args: unknown[]) => Pdf)(text, ...rest);
  };
  renderNotice(doc, noticeFromPosition(entity, position), entity.noticeLanguage);
  doc.end();
  return calls;
}

/**
 * The ceiling: per page the same texts (set one per line, no measuring or wrapping), one QR code and
 * one DataMatrix with payloads that change every page, written to a file. `perFile`: every page is a
 * document of its own (the ceiling of the ZIP mode), their bytes written one after the other.
 */
async function ceiling(pages: number, texts: TextCall[], qrSample: string, dmSample: string, perFile: boolean) {
  const file = join(work, 'ceiling.pdf');
  const newDoc = () => createPdf({ title: 'ceiling', author: 'bench', lang: 'it-IT', createdAt: new Date() });
  return measure(async () => {
    // Bytes go through the same 64 KiB coalescing as a print run's, so the two pay the same for I/O.
    const sink = new OutputSink(createWriteStream(file));
    // Read in paused mode after each page, as a print run reads its documents (see print-run.ts).
    const take = (doc: Pdf) => {
      for (let chunk = doc.read() as Uint8Array | null; chunk !== null; chunk = doc.read() as Uint8Array | null) {
        sink.push(chunk);
      }
    };
    let doc = newDoc();
    for (let i = 0; i < pages; i++) {
      const serial = String(i).padStart(8, '0');
      if (perFile && i > 0) doc = newDoc();
      doc.addPage();
      texts.forEach((t, n) => {
        doc
          .font(t.font)
          .fontSize(t.size)
          .text(t.text, mm(10), mm(10) + (n % 60) * 12, { lineBreak: false });
      });
      drawMatrix(doc, qrMatrix(qrSample.slice(0, -8) + serial), mm(20), mm(150), mm(35));
      drawMatrix(doc, dataMatrix(dmSample.slice(0, 20) + serial + dmSample.slice(28)), mm(150), mm(240), mm(30));
      if (perFile || i === pages - 1) doc.end();
      take(doc);
      await sink.relieve();
    }
    await sink.close();
  });
}

async function main() {
  const stopServer = await ensureTestServer();
  const db = await freshDatabase({ prefix: 'cassa_bench' });
  try {
    const services = createServices(db.database, {
      config: { importMaxBytes: 10 * 1024 * 1024 * 1024, importMaxRows: Math.max(count, 1) },
    });
    const entity = await services.entities.create(
      {
        fiscalCode: '80016350821',
        name: 'Comune di Bench',
        sector: 'Ufficio Tributi',
        segregationCode: '02',
        cbill: 'A0EDT',
        postalAccount: '001234567890',
        ibans: [IBAN],
      },
      actor,
    );
    process.stdout.write(`Creating ${count.toLocaleString('en')} positions... `);
    const created = await measure(() => createPositions(services, entity));
    process.stdout.write(`${created.seconds.toFixed(1)} s\n`);

    const [sample] = (await services.positions.batches(entity, undefined, 1).next()).value ?? [];
    if (!sample) throw new Error('no position to sample');
    const texts = textOfOneNotice(entity, sample);
    const notice = noticeFromPosition(entity, sample);
    const payment = notice.options[0]!.payments[0]!;
    if (noticeNavs(notice).length !== 1 || !payment.postalPayload)
      throw new Error('the sample notice is not as expected');

    // Warm-up, not measured: the first few hundred barcodes run before the JIT has compiled bwip-js.
    const warm = Math.min(count, 200);
    const warmIupds = Array.from({ length: warm }, (_, i) => `TARI-2027-${String(i).padStart(8, '0')}`);
    await printRun(services, entity, 'pdf', { iupds: warmIupds });
    await printRun(services, entity, 'zip', { iupds: warmIupds });
    await ceiling(warm, texts, payment.qrPayload, payment.postalPayload, false);
    await ceiling(warm, texts, payment.qrPayload, payment.postalPayload, true);

    const baselineMb = process.memoryUsage.rss() / 1024 / 1024;
    // Each mode right after its ceiling, so both see the same state of the machine and the heap.
    const top = await ceiling(count, texts, payment.qrPayload, payment.postalPayload, false);
    const merged = await printRun(services, entity, 'pdf', { all: true });
    const topFiles = await ceiling(count, texts, payment.qrPayload, payment.postalPayload, true);
    const zipped = await printRun(services, entity, 'zip', { all: true });
    if (merged.printed !== count || zipped.printed !== count) throw new Error('not every notice was printed');
    const rate = (t: Timing) => count / t.seconds;
    const cpuRate = (t: Timing) => count / t.cpuSeconds;
    const ratio = (a: Timing, b: Timing) =>
      `${((100 * rate(a)) / rate(b)).toFixed(1)} % (by CPU time ${((100 * cpuRate(a)) / cpuRate(b)).toFixed(1)} %)`;
    const perSecond = (t: Timing) =>
      `${Math.round(rate(t)).toLocaleString('en')}/s (${Math.round(cpuRate(t)).toLocaleString('en')}/CPU-s)`;
    const characters = texts.reduce((n, t) => n + t.text.length, 0);
    const line = (label: string, text: string) => console.log(`${label.padEnd(22)}${text}`);
    line('database:', db.database.kind);
    line(
      'notices:',
      `${count.toLocaleString('en')}, 1 page each: ${texts.length} texts (${characters} characters), QR + DataMatrix`,
    );
    line('barcode workers:', `${workers} (as the CLI; the ceiling encodes on the main thread)`);
    line('RSS before printing:', `${baselineMb.toFixed(0)} MB`);
    for (const [name, run] of [
      ['merged PDF', merged],
      ['ZIP', zipped],
    ] as const) {
      line(
        `${name}:`,
        `${perSecond(run)} notices, ${run.seconds.toFixed(1)} s, ${run.mb.toFixed(1)} MB file, peak RSS ${run.peakMb.toFixed(0)} MB`,
      );
    }
    line('ceiling:', `${perSecond(top)} pages (bare pdfkit pages, same text, QR + DataMatrix, one document)`);
    line('ceiling, per file:', `${perSecond(topFiles)} pages (the same, one document per page)`);
    line('ratio merged PDF:', `${ratio(merged, top)} of the ceiling`);
    line('ratio ZIP:', `${ratio(zipped, top)} of the ceiling, ${ratio(zipped, topFiles)} of the per-file one`);
  } finally {
    await pool.close();
    await db.drop();
    await stopServer();
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

await main();
