// QR codes and DataMatrix symbols drawn as vector rectangles (not images): sharp at any print
// resolution and small in the file. bwip-js encodes; the module matrix is drawn here. Encoding is
// the slow part of a notice (≈ 7 ms a symbol): bulk printing encodes on worker threads
// (barcode-pool.ts), which hand back the same matrices in their packed form.
import { createRequire } from 'node:module';
import type BwipJs from 'bwip-js';

// bwip-js (a few MB of encoders) loads with the first symbol, not with every module that can draw one.
let bwipjs: typeof BwipJs | undefined;

/** A 2D symbol: `columns` × `rows` modules, dark modules true, row by row. */
export interface ModuleMatrix {
  columns: number;
  rows: number;
  dark: (x: number, y: number) => boolean;
}

/** The symbols Cassa prints: the pagoPA QR code and the Poste DataMatrix. */
export type BarcodeKind = 'qr' | 'datamatrix';

/** A matrix as plain data, one byte a module (1 dark), row by row: what crosses a worker boundary. */
export interface PackedMatrix {
  columns: number;
  rows: number;
  modules: Uint8Array;
}

interface RawSymbol {
  pixs: number[];
  pixx: number;
  pixy: number;
}

/** The packed module matrix of `text` encoded as `kind`. */
export function encodePacked(kind: BarcodeKind, text: string): PackedMatrix {
  const options =
    kind === 'qr'
      ? {
          bcid: 'qrcode',
          text,
          // Symbol version 4 (33×33) at least, error correction M, as the notice specification asks;
          // bwip-js refuses `version: undefined`, so the key is left out for longer texts (receipt URLs).
          eclevel: 'M',
          ...(text.length <= 62 && { version: '4' }),
        }
      : // A square ECC 200 DataMatrix, as Poste Italiane reads on the Bollettino Postale PA.
        { bcid: 'datamatrix', text };
  bwipjs ??= createRequire(import.meta.url)('bwip-js') as typeof BwipJs;
  const [symbol] = bwipjs.raw(options as never) as unknown as RawSymbol[];
  const { pixs, pixx, pixy } = symbol!;
  return { columns: pixx, rows: pixy, modules: Uint8Array.from(pixs) };
}

/** The drawable matrix of a packed one. */
export function unpack(packed: PackedMatrix): ModuleMatrix {
  const { columns, rows, modules } = packed;
  return { columns, rows, dark: (x, y) => modules[y * columns + x] === 1 };
}

/** The QR code of a pagoPA notice (or of any short URL). */
export function qrMatrix(text: string): ModuleMatrix {
  return unpack(encodePacked('qr', text));
}

/** The Poste DataMatrix of a Bollettino Postale PA. */
export function dataMatrix(text: string): ModuleMatrix {
  return unpack(encodePacked('datamatrix', text));
}

/** The minimal drawing surface the symbols need (pdfkit's document satisfies it). */
export interface RectCanvas {
  rect(x: number, y: number, w: number, h: number): unknown;
  fill(color?: string): unknown;
  save(): unknown;
  restore(): unknown;
}

/**
 * Draws the dark modules of `matrix` into the square (x, y, side) as one filled path. Runs of
 * adjacent dark modules on a row become one rectangle, which keeps the content stream short.
 */
export function drawMatrix(doc: RectCanvas, matrix: ModuleMatrix, x: number, y: number, side: number): void {
  const module = side / Math.max(matrix.columns, matrix.rows);
  doc.save();
  for (let row = 0; row < matrix.rows; row++) {
    let col = 0;
    while (col < matrix.columns) {
      if (!matrix.dark(col, row)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.columns && matrix.dark(col, row)) col++;
      doc.rect(x + start * module, y + row * module, (col - start) * module, module);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
