// The fonts embedded in Cassa's PDF documents: Titillium Web (SIL Open Font License), the typeface
// of the pagoPA notice and of the Italian government design system, from @fontsource/titillium-web.
// Only the glyphs a document uses are embedded (pdfkit subsets them).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sfntFromWoff } from './woff.ts';

export type FontName = 'regular' | 'semibold' | 'bold';

const WEIGHTS: Record<FontName, number> = { regular: 400, semibold: 600, bold: 700 };

const fontDir = join(
  dirname(createRequire(import.meta.url).resolve('@fontsource/titillium-web/package.json')),
  'files',
);

let loaded: Record<FontName, Buffer> | undefined;

/** The font files, read (and unpacked from WOFF: see woff.ts) once per process, shared by every document. */
export function fontData(): Record<FontName, Buffer> {
  loaded ??= {
    regular: sfntFromWoff(readFileSync(join(fontDir, `titillium-web-latin-${WEIGHTS.regular}-normal.woff`))),
    semibold: sfntFromWoff(readFileSync(join(fontDir, `titillium-web-latin-${WEIGHTS.semibold}-normal.woff`))),
    bold: sfntFromWoff(readFileSync(join(fontDir, `titillium-web-latin-${WEIGHTS.bold}-normal.woff`))),
  };
  return loaded;
}

/** A font as parsed by fontkit; pdfkit takes one wherever it takes font bytes. */
export type FontFace = { layout(text: string): unknown };

// The fontkit pdfkit itself loads, so the parsed fonts are the objects it expects; on first use
// (document.ts loads pdfkit then too).
const fontkit = () =>
  createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as {
    create(data: Uint8Array): FontFace;
  };

let faces: Record<FontName, FontFace> | undefined;

/**
 * The fonts parsed once per process and shared by every document: opening font bytes makes fontkit
 * parse the tables again in each document (≈ 5 ms per font), which dominated one-PDF-per-notice output.
 */
export function fontFaces(): Record<FontName, FontFace> {
  if (!faces) {
    const data = fontData();
    const kit = fontkit();
    faces = { regular: kit.create(data.regular), semibold: kit.create(data.semibold), bold: kit.create(data.bold) };
  }
  return faces;
}
