// The streaming core of bulk printing, shared by the CLI and the print-job worker. Positions come in
// batches; each printable one becomes a notice rendered either into ONE pdfkit document (a merged
// PDF for a print shop) or into its own small document stored in a streaming ZIP (one PDF per
// position, for e-mail). Nothing is kept once written: after every notice the run waits for the
// output if it is behind (see output-sink.ts), so memory does not grow with the count.
import type { Writable } from 'node:stream';
import { Zip, ZipPassThrough } from 'fflate';
import { AppError } from '../../../shared/errors.ts';
import type { BarcodePool, BarcodeRequest } from '../../../shared/pdf/barcode-pool.ts';
import type { PackedMatrix } from '../../../shared/pdf/barcodes.ts';
import { createPdf, type Pdf } from '../../../shared/pdf/document.ts';
import type { FontName } from '../../../shared/pdf/fonts.ts';
import type { Entity, NoticeLanguage } from '../../entities/entity.ts';
import type { PositionStatus } from '../../positions/position.ts';
import { noticeRenderCache, renderNotice } from '../notice.pdf.ts';
import { isPrintable, type NoticeData, noticeFromPosition } from '../notice.ts';
import { barcodeKey } from '../notice-draw.ts';
import { OutputSink } from './output-sink.ts';
import { forgetLaidOutWords, forgetWrittenPages, shareLaidOutWords } from './pdfkit-tuning.ts';
import type { PrintBatch, PrintFormat } from './print-selection.ts';
import { entryNames } from './zip-names.ts';

/** fflate writes no ZIP64 records: every offset in a ZIP must fit 32 bits. */
const ZIP_MAX_BYTES = 2 ** 32 - 1;
/** Positions per message to the barcode pool, and messages sent ahead of the drawing. */
const ENCODE_CHUNK = 16;
const ENCODE_AHEAD = 8;
/** Notices after which the cache of laid-out words starts afresh (pdfkit-tuning.ts). */
const FORGET_WORDS_EVERY = 100;
const FONTS: readonly FontName[] = ['regular', 'semibold', 'bold'];

export interface PrintProgress {
  /** Positions handled so far: printed or skipped. */
  processed: number;
  printed: number;
  skipped: number;
  bytes: number;
}

export interface PrintRunResult extends PrintProgress {
  /** The most bytes ever held between the renderer and the output (bounded: see output-sink.ts). */
  peakBuffered: number;
}

export interface PrintRunOptions {
  entity: Entity;
  format: PrintFormat;
  language: NoticeLanguage;
  batches: AsyncIterable<PrintBatch>;
  output: Writable;
  /** Creation date written in the PDFs' metadata (and the ZIP entries' dates). */
  now: Date;
  logo?: { data: Uint8Array; mediaType: string } | undefined;
  /**
   * Workers that encode the QR codes and DataMatrix symbols ahead of the drawing (the caller starts
   * and closes it); without one every symbol is encoded on this thread.
   */
  barcodes?: BarcodePool | undefined;
  /** A position that cannot be printed is an error (NOTICE_NOT_PRINTABLE) instead of a skip. */
  strict?: boolean;
  /** After every position; a returned promise is awaited (the print job records progress). */
  onProgress?: (progress: PrintProgress) => void | Promise<void>;
  /** Each position left out and why: its status, or MISSING when it was deleted meanwhile. */
  onSkip?: (iupd: string, reason: PositionStatus | 'MISSING') => void;
}

/** The document a notice is drawn in: one for the whole run, or a new one per notice. */
interface Target {
  /** Draws `notice`, with the symbols encoded ahead for it (by barcodeKey). */
  add(notice: NoticeData, barcodes: Map<string, PackedMatrix>): Promise<void>;
  finish(): Promise<void>;
  abort(error: Error): void;
}

/**
 * Prints the notices of every printable position of `batches` to `output` and ends it. On failure
 * the output is destroyed (the caller discards what it holds) and the error is thrown. Throws
 * NOTHING_TO_PRINT when no position could be printed.
 */
export async function printNotices(options: PrintRunOptions): Promise<PrintRunResult> {
  const sink = new OutputSink(options.output);
  const target = options.format === 'pdf' ? mergedPdf(options, sink) : zipOfPdfs(options, sink);
  const progress: PrintProgress = { processed: 0, printed: 0, skipped: 0, bytes: 0 };
  const report = async () => {
    progress.bytes = sink.bytes;
    await options.onProgress?.({ ...progress });
  };
  const skip = async (iupd: string, reason: PositionStatus | 'MISSING') => {
    progress.processed++;
    progress.skipped++;
    options.onSkip?.(iupd, reason);
    await report();
  };
  try {
    for await (const chunk of encodedAhead(items(options), options.barcodes)) {
      const barcodes = await chunk.barcodes;
      for (const item of chunk.items) {
        if ('skip' in item) {
          await skip(item.iupd, item.skip);
          continue;
        }
        await target.add(item.notice, barcodes);
        progress.processed++;
        progress.printed++;
        await report();
      }
    }
    if (progress.printed === 0) {
      throw new AppError(
        'NOTHING_TO_PRINT',
        `None of the ${progress.skipped} selected debt positions has a notice to print (paid, expired, invalid or draft)`,
      );
    }
    await target.finish();
  } catch (error) {
    target.abort(error as Error);
    throw error;
  }
  return { ...progress, bytes: sink.bytes, peakBuffered: sink.peakBuffered };
}

/** A position of the run: a notice to print, or left out and why. */
type Item = { notice: NoticeData } | { iupd: string; skip: PositionStatus | 'MISSING' };

async function* items(options: PrintRunOptions): AsyncGenerator<Item> {
  for await (const batch of options.batches) {
    for (const iupd of batch.missing) yield { iupd, skip: 'MISSING' };
    for (const position of batch.positions) {
      if (!options.strict && !isPrintable(position)) yield { iupd: position.iupd, skip: position.status };
      else yield { notice: noticeFromPosition(options.entity, position, { logo: options.logo }) };
    }
  }
}

/** Consecutive items and the symbols of their notices, by barcodeKey (encoded ahead, or none). */
interface Chunk {
  items: Item[];
  barcodes: Promise<Map<string, PackedMatrix>>;
}

const NONE_AHEAD: Promise<Map<string, PackedMatrix>> = Promise.resolve(new Map());

/**
 * The items in chunks whose symbols the pool is already encoding: ENCODE_AHEAD chunks are sent
 * before the first is drawn, so the workers are busy while the run draws. Without a pool, the items
 * one by one (the renderer encodes each symbol when it draws it).
 */
async function* encodedAhead(source: AsyncIterable<Item>, pool: BarcodePool | undefined): AsyncGenerator<Chunk> {
  if (!pool) {
    for await (const item of source) yield { items: [item], barcodes: NONE_AHEAD };
    return;
  }
  const queue: Chunk[] = [];
  let pending: Item[] = [];
  const send = () => {
    const barcodes = encodeSymbols(pool, pending);
    // Awaited when its chunk is drawn; a run that stops first must not leave a stray rejection.
    barcodes.catch(() => {});
    queue.push({ items: pending, barcodes });
    pending = [];
  };
  for await (const item of source) {
    pending.push(item);
    if (pending.length === ENCODE_CHUNK) send();
    if (queue.length > ENCODE_AHEAD) yield queue.shift()!;
  }
  if (pending.length > 0) send();
  while (queue.length > 0) yield queue.shift()!;
}

async function encodeSymbols(pool: BarcodePool, chunk: Item[]): Promise<Map<string, PackedMatrix>> {
  const requests = new Map<string, BarcodeRequest>();
  for (const item of chunk) {
    if (!('notice' in item)) continue;
    for (const payment of item.notice.options.flatMap((o) => o.payments)) {
      requests.set(barcodeKey('qr', payment.qrPayload), { kind: 'qr', text: payment.qrPayload });
      if (payment.postalPayload) {
        requests.set(barcodeKey('datamatrix', payment.postalPayload), {
          kind: 'datamatrix',
          text: payment.postalPayload,
        });
      }
    }
  }
  const matrices = await pool.encode([...requests.values()]);
  const keys = [...requests.keys()];
  return new Map(matrices.map((m, i) => [keys[i]!, m]));
}

function newDocument(options: PrintRunOptions, title: string): Pdf {
  return createPdf({ title, author: options.entity.name, lang: 'it-IT', createdAt: options.now });
}

/**
 * Moves what pdfkit has produced so far into `into`. The document is read in paused mode, right
 * after each notice: pdfkit pushes its bytes whether or not anyone reads, and in flowing mode they
 * would only move on a later tick — which a run whose awaits all resolve at once may
 * not reach for thousands of notices, the whole document piling up meanwhile. pdfkit's end() is
 * synchronous, so after it this takes everything.
 */
function take(doc: Pdf, into: (chunk: Uint8Array) => void): void {
  for (let chunk = doc.read() as Uint8Array | null; chunk !== null; chunk = doc.read() as Uint8Array | null) {
    into(chunk);
  }
}

/** Every notice's pages in one document, streamed to the output as they are drawn. */
function mergedPdf(options: PrintRunOptions, sink: OutputSink): Target {
  const doc = newDocument(options, `Avvisi di pagamento - ${options.entity.name}`);
  const cache = noticeRenderCache();
  const push = (chunk: Uint8Array) => sink.push(chunk);
  let notices = 0;
  let written = 0;
  return {
    async add(notice, barcodes) {
      cache.barcodes = barcodes;
      renderNotice(doc, notice, options.language, cache);
      take(doc, push);
      written = forgetWrittenPages(doc, written);
      if (++notices % FORGET_WORDS_EVERY === 0) forgetLaidOutWords(doc);
      await sink.relieve(doc.readableLength);
    },
    async finish() {
      doc.end();
      take(doc, push);
      await sink.close();
    },
    abort(error) {
      doc.destroy();
      sink.abort(error);
    },
  };
}

/** One small document per notice, each stored (not deflated: PDFs are compressed) in a streaming ZIP. */
function zipOfPdfs(options: PrintRunOptions, sink: OutputSink): Target {
  const cache = noticeRenderCache();
  const words = new Map<string, object>();
  const nameOf = entryNames();
  let notices = 0;
  let failure: Error | undefined;
  let complete = false;
  // fflate calls back synchronously: every entry is whole before the next one is added.
  const zip = new Zip((error, data, final) => {
    if (error) failure ??= error;
    else sink.push(data);
    if (final) complete = true;
  });
  return {
    async add(notice, barcodes) {
      cache.barcodes = barcodes;
      const entry = new ZipPassThrough(nameOf(notice.iupd));
      entry.mtime = options.now;
      zip.add(entry);
      const doc = newDocument(options, `Avviso di pagamento ${notice.iupd}`);
      if (++notices % FORGET_WORDS_EVERY === 0) words.clear();
      shareLaidOutWords(doc, FONTS, words);
      renderNotice(doc, notice, options.language, cache);
      doc.end();
      take(doc, (chunk) => entry.push(chunk));
      entry.push(new Uint8Array(0), true);
      if (failure) throw failure;
      if (sink.bytes > ZIP_MAX_BYTES) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          'The ZIP would pass 4 GiB, more than a ZIP without ZIP64 can hold: print a PDF or select fewer',
        );
      }
      await sink.relieve();
    },
    async finish() {
      zip.end();
      if (failure) throw failure;
      if (!complete) throw new Error('the ZIP was not completed');
      await sink.close();
    },
    abort(error) {
      zip.terminate();
      sink.abort(error);
    },
  };
}
