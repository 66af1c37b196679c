// Drawing primitives of the payment notice: one-line texts that never leave their box, short
// paragraphs wrapped by hand (a greedy word wrap on measured widths, far cheaper than pdfkit's
// LineWrapper), bilingual labels, section bands and the cached entity logo.
import {
  type BarcodeKind,
  encodePacked,
  type ModuleMatrix,
  type PackedMatrix,
  unpack,
} from '../../shared/pdf/barcodes.ts';
import type { Pdf } from '../../shared/pdf/document.ts';
import { mm, safeText } from '../../shared/pdf/document.ts';
import type { FontName } from '../../shared/pdf/fonts.ts';
import type { NoticeLanguage } from '../entities/entity.ts';
import type { NoticeData } from './notice.ts';
import { type TextKey, textOf } from './notice-texts.ts';

export const INK = '#17324d';
export const GREY = '#5c6f82';
export const LIGHT = '#eef2f6';
export const RULE = '#b8c4cf';

/** An image pdfkit has opened (parsed once, embedded once, then drawn by reference on every page). */
type OpenedImage = { width: number; height: number };
// pdfkit has openImage and accepts its result in image(), but @types/pdfkit does not declare either.
type ImageDoc = {
  openImage(src: Buffer): OpenedImage;
  image(image: OpenedImage, x: number, y: number, options: object): unknown;
};

/**
 * Per-document state: the entity logo opened once and reused on every page, and the symbols a bulk
 * run has had encoded ahead (barcode-pool.ts), by barcodeKey; a symbol not there is encoded here.
 */
export interface NoticeRenderCache {
  doc?: Pdf;
  logos: Map<Uint8Array, OpenedImage | null>;
  barcodes: Map<string, PackedMatrix>;
}

/** The key of a symbol in NoticeRenderCache.barcodes. */
export const barcodeKey = (kind: BarcodeKind, text: string) => `${kind}:${text}`;

/** The module matrix of a symbol: encoded ahead by a bulk run, or now. */
export function symbolOf(ctx: DrawContext, kind: BarcodeKind, text: string): ModuleMatrix {
  const packed = ctx.cache.barcodes.get(barcodeKey(kind, text));
  return unpack(packed ?? encodePacked(kind, text));
}

export interface DrawContext {
  doc: Pdf;
  language: NoticeLanguage;
  notice: NoticeData;
  cache: NoticeRenderCache;
}

export interface TextStyle {
  font: FontName;
  size: number;
  color?: string;
}

const ELLIPSIS = '…';

function apply(doc: Pdf, style: TextStyle): void {
  doc
    .font(style.font)
    .fontSize(style.size)
    .fillColor(style.color ?? INK);
}

/** `text` cut with "…" so that it is at most `width` points wide in the current font. */
function fitWidth(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${chars.slice(0, mid).join('').trimEnd()}${ELLIPSIS}`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}${ELLIPSIS}`;
}

/** Smallest size a code or an amount shrinks to: they are never cut, whatever the box. */
export const CODE = 4;

/**
 * One line of text at (x, y) (points, top of the line), fitted to `width` when given: first made
 * smaller down to `minSize`, then cut with "…". `data` marks text from the database, whose
 * characters the font may lack. Returns the width drawn.
 */
export function line(
  doc: Pdf,
  style: TextStyle,
  text: string,
  x: number,
  y: number,
  opts: { width?: number; align?: 'left' | 'right' | 'center'; data?: boolean; minSize?: number } = {},
): number {
  apply(doc, style);
  let shown = opts.data ? safeText(doc, text) : text;
  if (opts.width !== undefined) {
    if (opts.minSize !== undefined) {
      let size = style.size;
      while (size > opts.minSize && doc.widthOfString(shown) > opts.width) {
        size = Math.max(opts.minSize, size - 0.5);
        doc.fontSize(size);
      }
    }
    shown = fitWidth(doc, shown, opts.width);
  }
  const w = doc.widthOfString(shown);
  let left = x;
  if (opts.align === 'right' && opts.width !== undefined) left = x + opts.width - w;
  else if (opts.align === 'center' && opts.width !== undefined) left = x + (opts.width - w) / 2;
  doc.text(shown, left, y, { lineBreak: false });
  return w;
}

/** Splits text into at most `maxLines` lines of at most `width` points; the last is cut with "…". */
export function wrap(doc: Pdf, text: string, width: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (let i = 0; i < words.length; i++) {
    const candidate = current ? `${current} ${words[i]}` : words[i]!;
    if (doc.widthOfString(candidate) <= width || !current) {
      current = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(fitWidth(doc, `${current} ${words.slice(i).join(' ')}`, width));
      return lines;
    }
    lines.push(current);
    current = words[i]!;
  }
  if (current) lines.push(fitWidth(doc, current, width));
  return lines;
}

const fixedWraps = new Map<string, string[]>();

/** A wrapped paragraph; returns the height used (points). */
export function paragraph(
  doc: Pdf,
  style: TextStyle,
  text: string,
  x: number,
  y: number,
  width: number,
  opts: { maxLines?: number; lineHeight?: number; data?: boolean; fixed?: boolean } = {},
): number {
  apply(doc, style);
  const maxLines = opts.maxLines ?? 3;
  let lines: string[];
  if (opts.fixed) {
    // The fixed texts are a small closed set: wrap each once per process, not once per notice.
    const key = `${style.font}|${style.size}|${width}|${maxLines}|${text}`;
    lines = fixedWraps.get(key) ?? wrap(doc, text, width, maxLines);
    fixedWraps.set(key, lines);
  } else {
    lines = wrap(doc, opts.data ? safeText(doc, text) : text, width, maxLines);
  }
  const lineHeight = opts.lineHeight ?? style.size * 1.2;
  lines.forEach((l, i) => {
    doc.text(l, x, y + i * lineHeight, { lineBreak: false });
  });
  return lines.length * lineHeight;
}

/**
 * A fixed text in the notice's languages: Italian in `style`, the translation after " / " in grey
 * on the same line (cut to the box when long). Returns the height used.
 */
export function label(
  ctx: DrawContext,
  key: TextKey,
  style: TextStyle,
  x: number,
  y: number,
  width: number,
  values?: Record<string, string | number>,
): number {
  const text = textOf(key, ctx.language, values);
  const used = line(ctx.doc, style, text.it, x, y, { width });
  if (text.second) {
    const rest = width - used - style.size * 0.4;
    if (rest > style.size * 2) {
      line(
        ctx.doc,
        { font: 'regular', size: style.size * 0.85, color: GREY },
        `/ ${text.second}`,
        x + used + 3,
        y + style.size * 0.12,
        {
          width: rest,
        },
      );
    }
  }
  return style.size * 1.25;
}

/**
 * A fixed sentence: Italian wrapped in `style`, then (bilingual) the translation beneath, smaller
 * and grey. Returns the height used.
 */
export function sentence(
  ctx: DrawContext,
  key: TextKey,
  style: TextStyle,
  x: number,
  y: number,
  width: number,
  maxLines = 3,
  values?: Record<string, string | number>,
): number {
  const text = textOf(key, ctx.language, values);
  let used = paragraph(ctx.doc, style, text.it, x, y, width, { maxLines, fixed: true });
  if (text.second) {
    const small = { font: 'regular' as const, size: style.size * 0.88, color: GREY };
    used += paragraph(ctx.doc, small, text.second, x, y + used, width, { maxLines, fixed: true });
  }
  return used;
}

/** A section title with a rule under it. */
export function sectionTitle(ctx: DrawContext, key: TextKey, x: number, y: number, width: number): number {
  label(ctx, key, { font: 'bold', size: 9.5 }, x, y, width);
  ctx.doc
    .moveTo(x, y + 13)
    .lineTo(x + width, y + 13)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  return 17;
}

/** A filled band across the box, for the headings of the payment sections. */
export function band(doc: Pdf, x: number, y: number, width: number, height: number, color = LIGHT): void {
  doc.rect(x, y, width, height).fill(color);
}

/**
 * A small grey caption over a value: "Cod. Avviso" above "3020 0000 …". `data`: the value is a name
 * or a subject from the database, otherwise a code or an amount. Returns the height used.
 */
export function field(
  ctx: DrawContext,
  key: TextKey,
  value: string,
  x: number,
  y: number,
  width: number,
  valueStyle: TextStyle = { font: 'semibold', size: 10.5 },
  data = false,
): number {
  label(ctx, key, { font: 'regular', size: 7, color: GREY }, x, y, width);
  // Names and subjects may be cut (after shrinking a little); codes and amounts only shrink.
  const minSize = data ? valueStyle.size * 0.85 : CODE;
  line(ctx.doc, valueStyle, value, x, y + 8.5, { width, data, minSize });
  return 8.5 + valueStyle.size * 1.3;
}

/** Draws the entity's logo fitted into the box; SVG logos are skipped (pdfkit cannot draw them). */
export function drawLogo(ctx: DrawContext, x: number, y: number, side: number): void {
  const logo = ctx.notice.entity.logo;
  if (!logo || (logo.mediaType !== 'image/png' && logo.mediaType !== 'image/jpeg')) return;
  const { doc, cache } = ctx;
  if (cache.doc !== doc) {
    // A cache belongs to one document: an image opened in another one cannot be drawn here.
    cache.doc = doc;
    cache.logos.clear();
  }
  let image = cache.logos.get(logo.data);
  if (image === undefined) {
    try {
      const bytes = Buffer.from(logo.data.buffer, logo.data.byteOffset, logo.data.byteLength);
      image = (doc as unknown as ImageDoc).openImage(bytes);
    } catch {
      image = null; // a damaged image leaves the box empty rather than failing the whole notice
    }
    cache.logos.set(logo.data, image);
  }
  if (image) (doc as unknown as ImageDoc).image(image, x, y, { fit: [side, side], align: 'center', valign: 'center' });
}

export { mm };
