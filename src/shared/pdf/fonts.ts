// The fonts embedded in Cassa's PDF documents: Titillium Web (SIL Open Font License), the typeface
// of the pagoPA notice and of the Italian government design system, from @fontsource/titillium-web.
// Only the glyphs a document uses are embedded (pdfkit subsets them).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type FontName = 'regular' | 'semibold' | 'bold';

const WEIGHTS: Record<FontName, number> = { regular: 400, semibold: 600, bold: 700 };

const fontDir = join(
  dirname(createRequire(import.meta.url).resolve('@fontsource/titillium-web/package.json')),
  'files',
);

let loaded: Record<FontName, Buffer> | undefined;

/** The font files, read once per process and shared by every document. */
export function fontData(): Record<FontName, Buffer> {
  loaded ??= {
    regular: readFileSync(join(fontDir, `titillium-web-latin-${WEIGHTS.regular}-normal.woff`)),
    semibold: readFileSync(join(fontDir, `titillium-web-latin-${WEIGHTS.semibold}-normal.woff`)),
    bold: readFileSync(join(fontDir, `titillium-web-latin-${WEIGHTS.bold}-normal.woff`)),
  };
  return loaded;
}
