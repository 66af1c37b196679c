// pdfkit tuned for runs of thousands of notices. Everything here relies on pdfkit internals
// (0.17–0.20) and degrades to pdfkit's own behaviour if they change: nothing breaks, memory grows
// or runs slow down as before, and test/notices-bulk-memory.test.ts and the benchmark say so.
// - A merged run is one document, and pdfkit holds on to every page's dictionary (with its
//   resources and content objects) though, once a page is written, only its reference ("12 0 R",
//   for the page tree at the end) is used again: ≈ 1.1 KB a page. Written pages are emptied (the
//   output is byte for byte the same).
// - pdfkit caches, per font and document, every word it lays out (`layoutCache`). A merged run sees
//   new names, addresses and numbers on every notice, so the cache is started afresh from time to
//   time; a ZIP run opens a new document per notice, so the documents share one cache per font
//   instead of each laying out every word again (a third of a ZIP notice's time otherwise).
import type { Pdf } from '../../../shared/pdf/document.ts';
import type { FontName } from '../../../shared/pdf/fonts.ts';

interface EmbeddedFont {
  name?: string;
  layoutCache?: object;
}

interface Internals {
  _root?: { data?: { Pages?: { data?: { Kids?: { offset?: number; data: object }[] } } } };
  _fontFamilies?: Record<string, EmbeddedFont>;
}

const internals = (doc: Pdf) => doc as unknown as Internals;
const fontsOf = (doc: Pdf) => new Set(Object.values(internals(doc)._fontFamilies ?? {}));

/** Releases what `doc` holds of the pages already written; returns where to start next time. */
export function forgetWrittenPages(doc: Pdf, from: number): number {
  const kids = internals(doc)._root?.data?.Pages?.data?.Kids;
  if (!kids) return from;
  let next = from;
  // A page is written (its `offset` set) when the next page begins or the document ends.
  for (; next < kids.length && kids[next]!.offset !== undefined; next++) kids[next]!.data = {};
  return next;
}

/** Empties the per-font caches of laid-out words (they fill again with the words still in use). */
export function forgetLaidOutWords(doc: Pdf): void {
  for (const font of fontsOf(doc)) if (font.layoutCache) font.layoutCache = Object.create(null);
}

/**
 * Opens `fonts` in a new document and gives them the word caches kept in `shared` (by font), so a
 * run of small documents lays out each word once. Clear `shared` from time to time to bound it.
 */
export function shareLaidOutWords(doc: Pdf, fonts: readonly FontName[], shared: Map<string, object>): void {
  for (const name of fonts) doc.font(name);
  for (const font of fontsOf(doc)) {
    if (!font.name || !font.layoutCache) continue;
    const cache = shared.get(font.name);
    if (cache) font.layoutCache = cache;
    else shared.set(font.name, font.layoutCache);
  }
  doc.font(fonts[0]!);
}
