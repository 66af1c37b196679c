// The pagoPA payment notice (AVVISO 3.x) as PDF pages: the first page with every module (header,
// creditor and recipient, how much and when, where to pay, the payment data with QR code and the
// Bollettino Postale PA), then the instalment pages: 2 or 3 instalments a page (one size for the
// whole plan, never mixed), or small cards for plans of 9 instalments or more.
import { formatItalianDate } from '../../shared/dates.ts';
import { type Cents, formatEuroIt } from '../../shared/money.ts';
import type { Pdf } from '../../shared/pdf/document.ts';
import type { NoticeLanguage } from '../entities/entity.ts';
import type { NoticeData, NoticeOption, NoticePayment } from './notice.ts';
import {
  band,
  CODE,
  type DrawContext,
  drawLogo,
  GREY,
  label,
  line,
  mm,
  type NoticeRenderCache,
  paragraph,
  RULE,
  sectionTitle,
  sentence,
} from './notice-draw.ts';
import {
  paymentBlock,
  paymentCard,
  paymentHeading,
  postalSlip,
  smallCard,
  smallPostalRow,
} from './notice-slips.pdf.ts';
import { textOf } from './notice-texts.ts';

export type { NoticeRenderCache } from './notice-draw.ts';

/** A cache for one document: pass the same one to every renderNotice call on that document. */
export function noticeRenderCache(): NoticeRenderCache {
  return { logos: new Map(), barcodes: new Map() };
}

/** Plans with at least this many instalments use the compact "many instalments" pages. */
export const MANY_INSTALMENTS = 9;

const LEFT = mm(10);
const WIDTH = mm(190);
const COLUMN = mm(92);
const RIGHT_COLUMN = LEFT + mm(98);

/** Adds the pages of one notice to `doc`. */
export function renderNotice(doc: Pdf, notice: NoticeData, language: NoticeLanguage, cache?: NoticeRenderCache): void {
  const ctx: DrawContext = { doc, language, notice, cache: cache ?? noticeRenderCache() };
  const singles = notice.options.filter((o) => o.kind === 'single');
  const plans = notice.options.filter((o) => o.kind === 'plan');
  const payments = notice.options.flatMap((o) => o.payments);
  if (payments.length === 1) {
    firstPage(ctx, payments[0]!, plans);
    return;
  }
  if (singles.length === 0) firstPage(ctx, undefined, plans);
  // Several single payments (e.g. a reduced amount within a date, or the full one): say which is which.
  for (const single of singles) {
    const option =
      singles.length > 1 ? (single.label ?? textOf('option', 'it', { n: single.index + 1 }).it) : undefined;
    firstPage(ctx, single.payments[0]!, plans, option);
  }
  for (const plan of plans) {
    if (plan.payments.length >= MANY_INSTALMENTS) manyInstalmentPages(ctx, plan);
    else instalmentPages(ctx, plan);
  }
}

/** Sizes of the instalment groups of a plan: all 3 when the count is a multiple of 3, else all 2. */
export function instalmentGroups(count: number): number[] {
  const size = count % 3 === 0 ? 3 : 2;
  const groups: number[] = [];
  for (let left = count; left > 0; left -= size) groups.push(Math.min(size, left));
  return groups;
}

function header(ctx: DrawContext, compact: boolean): number {
  const { doc, notice } = ctx;
  // The logo box is kept free even without a logo, so every notice has the same layout.
  const logoSide = compact ? mm(20) : mm(30);
  drawLogo(ctx, LEFT + WIDTH - logoSide, mm(10), logoSide);
  const width = WIDTH - logoSide - mm(5);
  const title = textOf('title', ctx.language);
  let y = mm(10);
  line(doc, { font: 'bold', size: compact ? 15 : 20 }, title.it, LEFT, y, { width });
  y += compact ? 18 : 25;
  if (title.second) {
    line(doc, { font: 'regular', size: compact ? 8 : 10, color: GREY }, title.second, LEFT, y, { width });
    y += compact ? 10 : 13;
  }
  const subjectStyle = { font: 'semibold' as const, size: compact ? 10 : 12 };
  y += paragraph(doc, subjectStyle, notice.subject, LEFT, y, width, { maxLines: compact ? 1 : 2, data: true });
  return Math.max(y, mm(10) + logoSide);
}

function parties(ctx: DrawContext, y: number): number {
  const { doc, notice } = ctx;
  const { entity, debtor } = notice;
  let ye = y + sectionTitle(ctx, 'entity', LEFT, y, COLUMN);
  line(doc, { font: 'semibold', size: 11 }, entity.name, LEFT, ye, { width: COLUMN, data: true });
  ye += 14;
  if (entity.sector) {
    line(doc, { font: 'regular', size: 9 }, entity.sector, LEFT, ye, { width: COLUMN, data: true });
    ye += 11.5;
  }
  if (entity.info)
    ye += paragraph(doc, { font: 'regular', size: 8 }, entity.info, LEFT, ye, COLUMN, { maxLines: 2, data: true });
  line(doc, { font: 'regular', size: 9 }, `${textOf('fiscalCode', 'it').it} ${entity.fiscalCode}`, LEFT, ye, {
    width: COLUMN,
  });
  ye += 12;

  let yd = y + sectionTitle(ctx, 'debtor', RIGHT_COLUMN, y, COLUMN);
  line(doc, { font: 'semibold', size: 11 }, debtor.fullName, RIGHT_COLUMN, yd, { width: COLUMN, data: true });
  yd += 14;
  if (debtor.address) {
    yd += paragraph(doc, { font: 'regular', size: 9 }, debtor.address, RIGHT_COLUMN, yd, COLUMN, {
      maxLines: 2,
      data: true,
    });
  }
  if (debtor.fiscalCode) {
    line(doc, { font: 'regular', size: 9 }, `${textOf('fiscalCode', 'it').it} ${debtor.fiscalCode}`, RIGHT_COLUMN, yd, {
      width: COLUMN,
    });
    yd += 12;
  }
  return Math.max(ye, yd);
}

/** "Puoi pagare per intero oppure in 3 rate" and its variants; undefined without plans. */
function planInfo(
  plans: NoticeOption[],
  withSingle: boolean,
):
  | { key: 'inFullOrInstalments' | 'instalmentsOnly' | 'remainingInstalments'; values: Record<string, string | number> }
  | undefined {
  if (plans.length === 0) return undefined;
  const first = plans[0]!;
  const of = first.payments[0]!.instalment?.of ?? first.payments.length;
  if (first.payments.length < of) return { key: 'remainingInstalments', values: { n: first.payments.length, of } };
  const counts = [...new Set(plans.map((p) => p.payments[0]!.instalment?.of ?? p.payments.length))].join(' o ');
  return { key: withSingle ? 'inFullOrInstalments' : 'instalmentsOnly', values: { n: counts } };
}

function howMuch(ctx: DrawContext, payment: NoticePayment | undefined, plans: NoticeOption[], y: number): number {
  const { doc } = ctx;
  let yy = y + sectionTitle(ctx, 'howMuch', LEFT, y, COLUMN);
  const cents = payment?.amountCents ?? (plans[0]!.payments.reduce((sum, p) => sum + p.amountCents, 0) as Cents);
  const amountWidth = line(doc, { font: 'bold', size: 22 }, formatEuroIt(cents), LEFT, yy, {
    width: COLUMN,
    minSize: CODE,
  });
  const due = payment ?? plans[0]!.payments[0]!;
  const dueLine = payment ? dueLineOf(due) : `${paymentHeading(due)} ${dueLineOf(due)}`;
  // The due date goes beside the amount when both fit on the line, else beneath it.
  const dueStyle = { font: 'semibold' as const, size: 11 };
  doc.font(dueStyle.font).fontSize(dueStyle.size);
  const beside = amountWidth + mm(3) + doc.widthOfString(dueLine) <= COLUMN;
  const dueX = beside ? LEFT + amountWidth + mm(3) : LEFT;
  const dueY = beside ? yy + 9 : yy + 27;
  line(doc, dueStyle, dueLine, dueX, dueY, { width: LEFT + COLUMN - dueX });
  yy = dueY + 21;
  const info = payment && !payment.instalment ? planInfo(plans, true) : payment ? undefined : planInfo(plans, false);
  if (info) yy += sentence(ctx, info.key, { font: 'semibold', size: 9.5 }, LEFT, yy, COLUMN, 1, info.values) + 3;
  yy += sentence(ctx, 'amountNote', { font: 'regular', size: 7.5, color: GREY }, LEFT, yy, COLUMN, 4);
  return yy;
}

const dueLineOf = (p: NoticePayment) =>
  p.dueDate ? `${textOf('by', 'it').it} ${formatItalianDate(p.dueDate)}` : textOf('noDueDate', 'it').it;

function wherePay(ctx: DrawContext, y: number): number {
  let yy = y + sectionTitle(ctx, 'where', RIGHT_COLUMN, y, COLUMN);
  const small = { font: 'regular' as const, size: 7.5 };
  for (const [title, text] of [
    ['payIo', 'payIoText'],
    ['payOnline', 'payOnlineText'],
    ['payLocal', 'payLocalText'],
  ] as const) {
    yy += label(ctx, title, { font: 'bold', size: 8.5 }, RIGHT_COLUMN, yy, COLUMN);
    yy += sentence(ctx, text, small, RIGHT_COLUMN, yy, COLUMN, 2) + 4;
  }
  return yy;
}

/** The first page: every module, with the payment data of `payment` (or a pointer to the instalments). */
function firstPage(ctx: DrawContext, payment: NoticePayment | undefined, plans: NoticeOption[], option?: string): void {
  const { doc } = ctx;
  doc.addPage();
  let y = header(ctx, false) + mm(5);
  y = parties(ctx, y) + mm(5);
  y = Math.max(howMuch(ctx, payment, plans, y), wherePay(ctx, y)) + mm(5);
  if (payment) {
    y += paymentBlock(ctx, payment, LEFT, y, WIDTH, option) + mm(5);
    if (payment.postalPayload) {
      // The bollettino sits at the foot of the page, where it can be cut off along the dashes.
      const slipTop = Math.max(y, mm(235));
      cutLine(doc, slipTop - mm(3));
      postalSlip(ctx, payment, LEFT, slipTop, WIDTH, option);
    }
  } else {
    band(doc, LEFT, y, WIDTH, mm(8));
    label(ctx, 'payData', { font: 'bold', size: 9.5 }, LEFT + mm(2), y + mm(2), WIDTH / 2);
    sentence(ctx, 'seeInstalments', { font: 'semibold', size: 10 }, LEFT + mm(2), y + mm(11), WIDTH - mm(4), 1);
  }
}

function cutLine(doc: Pdf, y: number): void {
  doc
    .moveTo(LEFT, y)
    .lineTo(LEFT + WIDTH, y)
    .lineWidth(0.5)
    .dash(3, { space: 3 })
    .strokeColor(GREY)
    .stroke()
    .undash();
}

/** The band over the instalments of a plan: "DATI PER IL PAGAMENTO" and which option this is. */
function planBand(ctx: DrawContext, plan: NoticeOption, y: number): number {
  const { doc } = ctx;
  band(doc, LEFT, y, WIDTH, mm(8));
  label(ctx, 'payData', { font: 'bold', size: 9.5 }, LEFT + mm(2), y + mm(2), WIDTH / 2);
  const of = plan.payments[0]!.instalment?.of ?? plan.payments.length;
  const option = plan.label ?? textOf('planOf', 'it', { n: of }).it;
  const text =
    ctx.notice.options.length > 1 ? `${textOf('option', 'it', { n: plan.index + 1 }).it} · ${option}` : option;
  line(doc, { font: 'semibold', size: 9.5 }, text, LEFT + WIDTH / 2, y + mm(2), {
    width: WIDTH / 2 - mm(2),
    align: 'right',
    data: true,
  });
  return y + mm(11);
}

function compactTop(ctx: DrawContext, plan: NoticeOption): number {
  const { doc, notice } = ctx;
  ctx.doc.addPage();
  let y = header(ctx, true) + mm(2);
  const row = (key: 'entity' | 'debtor', name: string, cf: string | undefined, x: number) => {
    label(ctx, key, { font: 'regular', size: 7, color: GREY }, x, y, COLUMN);
    line(doc, { font: 'semibold', size: 9.5 }, name, x, y + 9, { width: COLUMN, data: true });
    if (cf)
      line(doc, { font: 'regular', size: 8 }, `${textOf('fiscalCode', 'it').it} ${cf}`, x, y + 21, { width: COLUMN });
  };
  row('entity', notice.entity.name, notice.entity.fiscalCode, LEFT);
  row('debtor', notice.debtor.fullName, notice.debtor.fiscalCode, RIGHT_COLUMN);
  y += 33;
  doc
    .moveTo(LEFT, y)
    .lineTo(LEFT + WIDTH, y)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  return planBand(ctx, plan, y + mm(2));
}

function instalmentPages(ctx: DrawContext, plan: NoticeOption): void {
  let start = 0;
  const groups = instalmentGroups(plan.payments.length);
  const size = groups[0]!;
  for (const count of groups) {
    const page = plan.payments.slice(start, start + count);
    start += count;
    let y = compactTop(ctx, plan);
    const gap = mm(5);
    const width = (WIDTH - gap * (size - 1)) / size;
    let height = 0;
    page.forEach((p, i) => {
      height = Math.max(height, paymentCard(ctx, p, LEFT + i * (width + gap), y, width));
    });
    y += height + mm(5);
    const slipHeight = (mm(287) - y) / size;
    for (const p of page) {
      if (!p.postalPayload) continue;
      cutLine(ctx.doc, y - mm(2.5));
      postalSlip(ctx, p, LEFT, y, WIDTH);
      y += slipHeight;
    }
  }
}

function manyInstalmentPages(ctx: DrawContext, plan: NoticeOption): void {
  const postal = plan.payments.some((p) => p.postalPayload);
  const columns = postal ? 1 : 3;
  const rowHeight = postal ? mm(27) : mm(26);
  const gap = mm(3);
  const width = (WIDTH - gap * (columns - 1)) / columns;
  let y = 0;
  let column = 0;
  for (const [i, payment] of plan.payments.entries()) {
    if (i === 0 || (column === 0 && y + rowHeight > mm(287))) y = compactTop(ctx, plan);
    const x = LEFT + column * (width + gap);
    if (postal) smallPostalRow(ctx, payment, x, y, WIDTH);
    else smallCard(ctx, payment, x, y, width);
    column = (column + 1) % columns;
    if (column === 0) y += rowHeight;
  }
}
