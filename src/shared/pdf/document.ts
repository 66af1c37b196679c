// A pdfkit document set up the way every Cassa document is: A4, points as units, Titillium Web
// registered under the names of shared/pdf/fonts.ts, metadata filled, compression on.
import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';
import { type FontName, fontFaces } from './fonts.ts';
import { printable } from './text.ts';

export type Pdf = PDFKit.PDFDocument;

// pdfkit and its fontkit (≈ 80 modules, some 20 MB) load with the first document, not with every
// module that can render one: a server or a command that renders no PDF never loads them. Its
// CommonJS build, so that pdfkit and fonts.ts share one fontkit.
let PDFDocument: typeof PDFKitDocument | undefined;

/** Millimetres to PDF points. */
export const mm = (value: number): number => (value * 72) / 25.4;

export interface PdfOptions {
  title: string;
  author: string;
  /** BCP 47 language of the text, e.g. "it-IT". */
  lang: string;
  /** The creation date written in the metadata (from the injected clock). */
  createdAt: Date;
}

/**
 * A new A4 document with the Cassa fonts. `autoFirstPage` is off: callers add pages as they lay
 * them out. Pipe it to a stream and call `end()`.
 */
export function createPdf(options: PdfOptions): Pdf {
  PDFDocument ??= createRequire(import.meta.url)('pdfkit') as typeof PDFKitDocument;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: true,
    lang: options.lang,
    displayTitle: true,
    info: {
      Title: options.title,
      Author: options.author,
      Producer: 'Cassa',
      Creator: 'Cassa',
      CreationDate: options.createdAt,
    },
  });
  const fonts = fontFaces();
  // pdfkit accepts a parsed fontkit font as a font source; its type declarations only list bytes.
  for (const name of Object.keys(fonts) as FontName[]) doc.registerFont(name, fonts[name] as unknown as Buffer);
  doc.font('regular');
  return doc;
}

/** `text` with characters the current font lacks replaced (see shared/pdf/text.ts). */
export function safeText(doc: Pdf, text: string): string {
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font
    ?.font;
  const has = font?.hasGlyphForCodePoint?.bind(font);
  return has ? printable(text, has) : text;
}
