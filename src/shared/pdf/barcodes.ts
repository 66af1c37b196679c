// QR codes and DataMatrix symbols drawn as vector rectangles (not images): sharp at any print
// resolution and small in the file. bwip-js encodes; the module matrix is drawn here.
import bwipjs from 'bwip-js';

/** A 2D symbol: `size` modules per side (columns × rows), dark modules true, row by row. */
export interface ModuleMatrix {
  columns: number;
  rows: number;
  dark: (x: number, y: number) => boolean;
}

interface RawSymbol {
  pixs: number[];
  pixx: number;
  pixy: number;
}

function matrixOf(symbol: RawSymbol): ModuleMatrix {
  const { pixs, pixx, pixy } = symbol;
  return { columns: pixx, rows: pixy, dark: (x, y) => pixs[y * pixx + x] === 1 };
}

/**
 * The QR code of a pagoPA notice: symbol version 4 (33×33) at least, error correction M, as the
 * notice specification asks; bwip-js grows the version if the text needs it.
 */
export function qrMatrix(text: string): ModuleMatrix {
  const [symbol] = bwipjs.raw({
    bcid: 'qrcode',
    text,
    eclevel: 'M',
    // bwip-js refuses `version: undefined`: the key is left out for longer texts (e.g. receipt URLs).
    ...(text.length <= 62 && { version: '4' }),
  } as never) as unknown as RawSymbol[];
  return matrixOf(symbol!);
}

/** A square ECC 200 DataMatrix, as Poste Italiane reads on the Bollettino Postale PA. */
export function dataMatrix(text: string): ModuleMatrix {
  const [symbol] = bwipjs.raw({ bcid: 'datamatrix', text } as never) as unknown as RawSymbol[];
  return matrixOf(symbol!);
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
