// The account statement as an A4 PDF: a header with the entity and the debtor on every page, one
// group of rows per position (its header repeated, marked "continued", when it runs onto the next
// page), the table header on every page, the totals at the end and "Pagina n di m" at the foot.
// Pages are planned before anything is drawn (every block has a known height), so the page count is
// known when the first footer is written and nothing needs to be buffered.
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { createPdf, mm, type Pdf, safeText } from '../../shared/pdf/document.ts';
import type { Statement, StatementPosition, StatementRow } from './statement.ts';
import {
  formatDay,
  formatEuro,
  installmentLabel,
  STATEMENT_TEXTS,
  type StatementLanguage,
  type StatementTexts,
} from './statement-texts.ts';

const PAGE_HEIGHT = 841.89;
const MARGIN = mm(15);
const WIDTH = 595.28 - 2 * MARGIN;
const TABLE_HEAD_Y = MARGIN + 76;
const TABLE_HEAD_HEIGHT = 16;
const CONTENT_TOP = TABLE_HEAD_Y + TABLE_HEAD_HEIGHT + 2;
const CONTENT_BOTTOM = PAGE_HEIGHT - mm(18);
const FOOTER_Y = PAGE_HEIGHT - mm(12);
const GROUP_HEIGHT = 20;
const ROW_HEIGHT = 15;
const EMPTY_HEIGHT = 28;
const TOTALS_HEIGHT = 92;
const NOTE_GAP = 10;
const CELL_PAD = 4;

const GREY = '#5c6f82';
const LINE = '#d4dbe2';
const HEAD_FILL = '#e6ebf0';
const GROUP_FILL = '#f3f6f9';
const INK = '#1a1a1a';

/** Table columns: left edge (from the margin) and width, in points. */
const COLUMNS = {
  nav: { x: 0, w: 112 },
  installment: { x: 112, w: 84 },
  dueDate: { x: 196, w: 60 },
  amount: { x: 256, w: 72 },
  state: { x: 336, w: 118 }, // starts 8 pt after the amount column: amounts stand apart from words
  paidOn: { x: 454, w: WIDTH - 454 },
} as const;

type Block =
  | { kind: 'group'; position: StatementPosition; continued: boolean }
  | { kind: 'row'; row: StatementRow }
  | { kind: 'empty' }
  | { kind: 'totals' }
  | { kind: 'notes'; height: number };

/** The statement as a PDF document, in the given language. */
export async function statementPdf(statement: Statement, lang: StatementLanguage, createdAt: Date): Promise<Buffer> {
  const t = STATEMENT_TEXTS[lang];
  const doc = createPdf({
    title: `${t.title} ${statement.debtor.fiscalCode} ${formatDay(statement.date)}`,
    author: statement.entity.name,
    lang: { it: 'it-IT', en: 'en-GB', de: 'de-DE' }[lang],
    createdAt,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const pages = planPages(statement, notesHeight(doc, t));
  pages.forEach((blocks, index) => {
    doc.addPage();
    drawHeader(doc, statement, t);
    drawTableHead(doc, t);
    let y = CONTENT_TOP;
    for (const block of blocks) y += drawBlock(doc, block, y, statement, t, lang);
    drawFooter(doc, statement, t, index + 1, pages.length);
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** Splits the statement into pages; a position's header never ends a page without its first row. */
export function planPages(statement: Statement, notesHeight: number): Block[][] {
  const pages: Block[][] = [[]];
  let y = CONTENT_TOP;
  const place = (block: Block, height: number, keepWithNext = 0) => {
    if (y + height + keepWithNext > CONTENT_BOTTOM && pages.at(-1)!.length > 0) {
      pages.push([]);
      y = CONTENT_TOP;
    }
    pages.at(-1)!.push(block);
    y += height;
  };
  for (const position of statement.positions) {
    place({ kind: 'group', position, continued: false }, GROUP_HEIGHT, ROW_HEIGHT);
    for (const row of position.rows) {
      if (y + ROW_HEIGHT > CONTENT_BOTTOM) {
        pages.push([]);
        y = CONTENT_TOP;
        place({ kind: 'group', position, continued: true }, GROUP_HEIGHT);
      }
      place({ kind: 'row', row }, ROW_HEIGHT);
    }
  }
  if (statement.positions.length === 0) place({ kind: 'empty' }, EMPTY_HEIGHT);
  place({ kind: 'totals' }, TOTALS_HEIGHT);
  place({ kind: 'notes', height: notesHeight }, notesHeight);
  return pages;
}

function notesHeight(doc: Pdf, t: StatementTexts): number {
  doc.font('regular').fontSize(7.5);
  return t.notes.reduce((sum, note) => sum + doc.heightOfString(note, { width: WIDTH }) + 3, NOTE_GAP);
}

function drawBlock(
  doc: Pdf,
  block: Block,
  y: number,
  statement: Statement,
  t: StatementTexts,
  lang: StatementLanguage,
): number {
  switch (block.kind) {
    case 'group':
      return drawGroup(doc, block.position, block.continued, y, t, lang);
    case 'row':
      return drawRow(doc, block.row, y, t, lang);
    case 'empty':
      doc.font('regular').fontSize(9.5).fillColor(INK);
      cell(doc, t.empty, MARGIN, y + 8, WIDTH);
      return EMPTY_HEIGHT;
    case 'totals':
      return drawTotals(doc, statement, y, t, lang);
    case 'notes':
      return drawNotes(doc, y, t, block.height);
  }
}

function drawHeader(doc: Pdf, statement: Statement, t: StatementTexts) {
  const half = WIDTH / 2;
  doc.font('bold').fontSize(16).fillColor(INK);
  cell(doc, t.title, MARGIN, MARGIN, half);
  doc.font('regular').fontSize(9);
  cell(doc, `${t.asOf} ${formatDay(statement.date)}`, MARGIN + half, MARGIN + 6, half, 'right');
  const parties: [string, string | null, string][] = [
    [t.entity, statement.entity.name, statement.entity.fiscalCode],
    [t.debtor, statement.debtor.name, statement.debtor.fiscalCode],
  ];
  parties.forEach(([label, name, fiscalCode], i) => {
    const x = MARGIN + i * half;
    doc.font('semibold').fontSize(7.5).fillColor(GREY);
    cell(doc, label.toUpperCase(), x, MARGIN + 27, half - 12);
    doc.font('bold').fontSize(10.5).fillColor(INK);
    cell(doc, name ?? fiscalCode, x, MARGIN + 38, half - 12);
    doc.font('regular').fontSize(9);
    cell(doc, `${t.fiscalCode} ${fiscalCode}`, x, MARGIN + 53, half - 12);
  });
  doc
    .moveTo(MARGIN, MARGIN + 70)
    .lineTo(MARGIN + WIDTH, MARGIN + 70)
    .lineWidth(0.8)
    .strokeColor(LINE)
    .stroke();
}

function drawTableHead(doc: Pdf, t: StatementTexts) {
  doc.rect(MARGIN, TABLE_HEAD_Y, WIDTH, TABLE_HEAD_HEIGHT).fill(HEAD_FILL);
  doc.font('semibold').fontSize(8).fillColor(INK);
  const y = TABLE_HEAD_Y + 3.5;
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
    const { x, w } = COLUMNS[key];
    cell(doc, t.columns[key], MARGIN + x + CELL_PAD, y, w - 2 * CELL_PAD, key === 'amount' ? 'right' : 'left');
  }
}

function drawGroup(
  doc: Pdf,
  position: StatementPosition,
  continued: boolean,
  y: number,
  t: StatementTexts,
  lang: StatementLanguage,
): number {
  doc.rect(MARGIN, y + 2, WIDTH, GROUP_HEIGHT - 3).fill(GROUP_FILL);
  const stateText = [
    t.positionStates[position.state],
    position.dueCents > 0 ? `${t.positionDue} ${formatEuro(position.dueCents, lang)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  doc.font('regular').fontSize(8.5).fillColor(INK);
  const stateWidth = Math.min(doc.widthOfString(stateText) + 1, WIDTH / 2);
  cell(doc, stateText, MARGIN + WIDTH - CELL_PAD - stateWidth, y + 6.5, stateWidth, 'right');
  const title = `${position.iupd} — ${position.subject}${continued ? ` ${t.continued}` : ''}`;
  doc.font('semibold').fontSize(9);
  cell(doc, title, MARGIN + CELL_PAD, y + 6, WIDTH - stateWidth - 4 * CELL_PAD);
  return GROUP_HEIGHT;
}

function drawRow(doc: Pdf, row: StatementRow, y: number, t: StatementTexts, lang: StatementLanguage): number {
  const values: Record<keyof typeof COLUMNS, string> = {
    nav: formatNoticeNumber(row.nav),
    installment: installmentLabel(row, t),
    dueDate: formatDay(row.dueDate),
    amount: formatEuro(row.amountCents, lang),
    state: t.rowStates[row.state],
    paidOn: row.paidOn ? formatDay(row.paidOn) : '',
  };
  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor(row.counted || row.state === 'TO_PAY' ? INK : GREY);
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
    const { x, w } = COLUMNS[key];
    cell(doc, values[key], MARGIN + x + CELL_PAD, y + 3, w - 2 * CELL_PAD, key === 'amount' ? 'right' : 'left');
  }
  doc
    .moveTo(MARGIN, y + ROW_HEIGHT)
    .lineTo(MARGIN + WIDTH, y + ROW_HEIGHT)
    .lineWidth(0.4)
    .strokeColor(LINE)
    .stroke();
  return ROW_HEIGHT;
}

function drawTotals(doc: Pdf, statement: Statement, y: number, t: StatementTexts, lang: StatementLanguage): number {
  const top = y + 10;
  doc
    .rect(MARGIN, top, WIDTH, TOTALS_HEIGHT - 14)
    .lineWidth(0.8)
    .strokeColor(LINE)
    .stroke();
  doc.font('bold').fontSize(10).fillColor(INK);
  cell(doc, t.totals.heading, MARGIN + 10, top + 6, WIDTH - 20);
  const { totals } = statement;
  const lines: [string, number, boolean][] = [
    [t.totals.due, totals.dueCents, true],
    [t.totals.overdue, totals.overdueCents, false],
    [t.totals.paid, totals.paidCents, true],
    [t.totals.expired, totals.expiredCents, true],
  ];
  lines.forEach(([label, cents, main], i) => {
    const lineY = top + 23 + i * 13;
    doc.font(main ? 'semibold' : 'regular').fontSize(9);
    cell(doc, label, MARGIN + (main ? 10 : 22), lineY, WIDTH - 180);
    cell(doc, formatEuro(cents, lang), MARGIN + WIDTH - 160, lineY, 150, 'right');
  });
  return TOTALS_HEIGHT;
}

function drawNotes(doc: Pdf, y: number, t: StatementTexts, height: number): number {
  doc.font('regular').fontSize(7.5).fillColor(GREY);
  let noteY = y + NOTE_GAP;
  for (const note of t.notes) {
    const text = safeText(doc, note);
    doc.text(text, MARGIN, noteY, { width: WIDTH });
    noteY += doc.heightOfString(text, { width: WIDTH }) + 3;
  }
  return height;
}

function drawFooter(doc: Pdf, statement: Statement, t: StatementTexts, page: number, pages: number) {
  doc.font('regular').fontSize(7.5).fillColor(GREY);
  const half = WIDTH / 2;
  cell(doc, `${t.title} · ${statement.debtor.fiscalCode} · ${formatDay(statement.date)}`, MARGIN, FOOTER_Y, half);
  cell(doc, t.page(page, pages), MARGIN + half, FOOTER_Y, half, 'right');
}

/** One line of text in the current font, cut with "…" to fit `width`, aligned in the box. */
function cell(doc: Pdf, text: string, x: number, y: number, width: number, align: 'left' | 'right' = 'left') {
  const fitted = fit(doc, safeText(doc, text), width);
  const left = align === 'right' ? x + width - doc.widthOfString(fitted) : x;
  doc.text(fitted, left, y, { lineBreak: false });
}

function fit(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = Array.from(text);
  let low = 0;
  let high = chars.length;
  // The longest prefix that still fits with the ellipsis after it.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${chars.slice(0, mid).join('').trimEnd()}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}…`;
}
