// The payment blocks of the notice, one per notice number: the pagoPA block with its QR code (full
// size on the first page, a card on instalment pages, a small card in the "many instalments"
// variant) and the Bollettino Postale PA with its DataMatrix. Symbols are vectors (drawMatrix).
import { formatItalianDate } from '../../shared/dates.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { formatEuroIt } from '../../shared/money.ts';
import { drawMatrix } from '../../shared/pdf/barcodes.ts';
import type { NoticePayment } from './notice.ts';
import {
  band,
  CODE,
  type DrawContext,
  field,
  GREY,
  label,
  line,
  mm,
  paragraph,
  RULE,
  sentence,
  symbolOf,
} from './notice-draw.ts';
import { textOf } from './notice-texts.ts';

/** "Rata unica" or "Rata 2 di 3" (Italian; the translation is printed by the callers that have room). */
export function paymentHeading(payment: NoticePayment): string {
  return payment.instalment
    ? textOf('instalment', 'it', { n: payment.instalment.number, of: payment.instalment.of }).it
    : textOf('singleInstalment', 'it').it;
}

/** "entro il 31/12/2026", or "senza scadenza". */
export function dueText(payment: NoticePayment): string {
  return payment.dueDate
    ? `${textOf('by', 'it').it} ${formatItalianDate(payment.dueDate)}`
    : textOf('noDueDate', 'it').it;
}

/** The heading of a payment in the second language of a bilingual notice ("Instalment 2 of 3 by …"). */
function secondHeading(ctx: DrawContext, payment: NoticePayment): string | undefined {
  const heading = payment.instalment
    ? textOf('instalment', ctx.language, { n: payment.instalment.number, of: payment.instalment.of })
    : textOf('singleInstalment', ctx.language);
  if (!heading.second) return undefined;
  const due = payment.dueDate
    ? `${textOf('by', ctx.language).second} ${formatItalianDate(payment.dueDate)}`
    : textOf('noDueDate', ctx.language).second;
  return `${heading.second} ${due}`;
}

/**
 * A section band with the title on the left and the payment's heading and due date on the right,
 * after `option` ("Opzione 2") when the notice has several single-payment options.
 */
function headedBand(
  ctx: DrawContext,
  titleKey: 'payData' | 'postalTitle',
  payment: NoticePayment,
  x: number,
  y: number,
  width: number,
  option?: string,
) {
  const { doc } = ctx;
  band(doc, x, y, width, mm(8));
  label(ctx, titleKey, { font: 'bold', size: 9.5 }, x + mm(2), y + mm(2), width / 2);
  const heading = `${option ? `${option} · ` : ''}${paymentHeading(payment)} ${dueText(payment)}`;
  const second = secondHeading(ctx, payment);
  const right = x + width / 2;
  const w = width / 2 - mm(2);
  if (second) {
    line(doc, { font: 'semibold', size: 8.5 }, heading, right, y + mm(0.8), { width: w, align: 'right', data: true });
    line(doc, { font: 'regular', size: 7, color: GREY }, second, right, y + mm(4.3), { width: w, align: 'right' });
  } else {
    line(doc, { font: 'semibold', size: 9.5 }, heading, right, y + mm(2), { width: w, align: 'right', data: true });
  }
}

/** The full pagoPA block of the first page ("DATI PER IL PAGAMENTO"). Returns its height. */
export function paymentBlock(
  ctx: DrawContext,
  payment: NoticePayment,
  x: number,
  y: number,
  width: number,
  option?: string,
): number {
  const { doc, notice } = ctx;
  headedBand(ctx, 'payData', payment, x, y, width, option);
  const top = y + mm(11);
  drawMatrix(doc, symbolOf(ctx, 'qr', payment.qrPayload), x + mm(2), top, mm(25));
  const a = x + mm(32);
  const aw = mm(80);
  let ya = top;
  ya += sentence(ctx, 'scanQr', { font: 'regular', size: 7.5, color: GREY }, a, ya, aw, 2) + mm(1.5);
  ya += field(ctx, 'debtorField', notice.debtor.fullName, a, ya, aw, { font: 'semibold', size: 9.5 }, true);
  ya += field(ctx, 'entityField', notice.entity.name, a, ya, aw, { font: 'semibold', size: 9.5 }, true);
  label(ctx, 'subject', { font: 'regular', size: 7, color: GREY }, a, ya, aw);
  paragraph(doc, { font: 'semibold', size: 9.5 }, notice.subject, a, ya + 8.5, aw, { maxLines: 2, data: true });

  const b = x + mm(118);
  const bw = width - mm(118);
  let yb = top;
  yb += field(ctx, 'amount', formatEuroIt(payment.amountCents), b, yb, bw, { font: 'bold', size: 15 });
  if (notice.entity.cbill) yb += field(ctx, 'cbill', notice.entity.cbill, b, yb, bw);
  yb += field(ctx, 'noticeCode', formatNoticeNumber(payment.nav), b, yb, bw);
  yb += field(ctx, 'entityFiscalCode', notice.entity.fiscalCode, b, yb, bw);
  return Math.max(yb, ya + mm(10), top + mm(27)) - y;
}

/** A pagoPA card for one instalment on an instalment page (2 or 3 side by side). Returns its height. */
export function paymentCard(ctx: DrawContext, payment: NoticePayment, x: number, y: number, width: number): number {
  const { doc, notice } = ctx;
  band(doc, x, y, width, mm(7));
  line(doc, { font: 'bold', size: 9.5 }, paymentHeading(payment), x + mm(2), y + mm(1.7), {
    width: width - mm(4),
  });
  const top = y + mm(9);
  drawMatrix(doc, symbolOf(ctx, 'qr', payment.qrPayload), x + mm(1), top, mm(25));
  const tx = x + mm(29);
  const tw = width - mm(30);
  line(doc, { font: 'semibold', size: 9.5 }, dueText(payment), tx, top + mm(1), { width: tw });
  const second = secondHeading(ctx, payment);
  if (second) line(doc, { font: 'regular', size: 6.5, color: GREY }, second, tx, top + mm(5), { width: tw });
  label(ctx, 'amount', { font: 'regular', size: 7, color: GREY }, tx, top + mm(10), tw);
  line(doc, { font: 'bold', size: 14 }, formatEuroIt(payment.amountCents), tx, top + mm(13), {
    width: tw,
    minSize: CODE,
  });
  let yy = top + mm(28);
  yy += field(ctx, 'noticeCode', formatNoticeNumber(payment.nav), x + mm(1), yy, width - mm(2));
  const half = (width - mm(2)) / 2;
  const small = { font: 'semibold' as const, size: 9 };
  const cfX = notice.entity.cbill ? x + mm(1) + half : x + mm(1);
  if (notice.entity.cbill) field(ctx, 'cbill', notice.entity.cbill, x + mm(1), yy, half - mm(1), small);
  yy += field(ctx, 'entityFiscalCode', notice.entity.fiscalCode, cfX, yy, half, small);
  doc
    .rect(x, y, width, yy - y + mm(1))
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  return yy - y + mm(1);
}

/** The Bollettino Postale PA of one payment, across the full width. Returns its height. */
export function postalSlip(
  ctx: DrawContext,
  payment: NoticePayment,
  x: number,
  y: number,
  width: number,
  option?: string,
): number {
  const { doc, notice } = ctx;
  const postal = notice.entity.postal;
  if (!postal || !payment.postalPayload) return 0;
  headedBand(ctx, 'postalTitle', payment, x, y, width, option);
  const top = y + mm(11);
  const lw = mm(68);
  line(doc, { font: 'bold', size: 12 }, 'BancoPosta', x + mm(2), top, { width: lw });
  let yl = top + mm(6);
  yl += field(ctx, 'postalAccount', postal.account, x + mm(2), yl, lw, { font: 'bold', size: 11 });
  yl += field(ctx, 'postalHolder', postal.holder, x + mm(2), yl, lw, { font: 'semibold', size: 9 }, true);
  line(doc, { font: 'bold', size: 9 }, textOf('postalType', 'it').it, x + mm(2), yl, { width: lw });
  yl += mm(4.5);
  if (postal.authorization) {
    line(doc, { font: 'regular', size: 6.5, color: '#4d4d4d' }, postal.authorization, x + mm(2), yl, {
      width: lw,
      data: true,
      minSize: 5,
    });
  }

  const m = x + mm(74);
  const mw = width - mm(74) - mm(31);
  let ym = top;
  ym += field(ctx, 'debtorField', notice.debtor.fullName, m, ym, mw, { font: 'semibold', size: 9 }, true);
  ym += field(ctx, 'subject', notice.subject, m, ym, mw, { font: 'semibold', size: 9 }, true);
  ym += field(ctx, 'noticeCode', formatNoticeNumber(payment.nav), m, ym, mw);
  ym += field(ctx, 'amount', formatEuroIt(payment.amountCents), m, ym, mw, { font: 'bold', size: 12 });
  drawMatrix(doc, symbolOf(ctx, 'datamatrix', payment.postalPayload), x + width - mm(27), top, mm(25));
  const bottom = Math.max(ym, yl + mm(3), top + mm(27));
  sentence(ctx, 'postalText', { font: 'regular', size: 6.5, color: GREY }, x + width - mm(62), top + mm(27), mm(60), 2);
  return bottom - y;
}

/** A small card of the "many instalments" variant: QR 20 mm and the essentials beside it. */
export function smallCard(ctx: DrawContext, payment: NoticePayment, x: number, y: number, width: number): void {
  const { doc } = ctx;
  drawMatrix(doc, symbolOf(ctx, 'qr', payment.qrPayload), x + mm(1.5), y + mm(2), mm(20));
  const tx = x + mm(23);
  const tw = width - mm(24);
  line(doc, { font: 'bold', size: 8.5 }, paymentHeading(payment), tx, y + mm(1.5), { width: tw });
  line(doc, { font: 'regular', size: 8 }, dueText(payment), tx, y + mm(5.2), { width: tw });
  line(doc, { font: 'bold', size: 11 }, formatEuroIt(payment.amountCents), tx, y + mm(8.6), {
    width: tw,
    minSize: CODE,
  });
  label(ctx, 'noticeCode', { font: 'regular', size: 6.5, color: GREY }, tx, y + mm(13.5), tw);
  line(doc, { font: 'semibold', size: 8 }, formatNoticeNumber(payment.nav), tx, y + mm(16.3), {
    width: tw,
    minSize: CODE,
  });
  doc.rect(x, y, width, mm(24)).lineWidth(0.5).strokeColor(RULE).stroke();
}

/** A row of the "many instalments" variant with a postal account: pagoPA part and bollettino part. */
export function smallPostalRow(ctx: DrawContext, payment: NoticePayment, x: number, y: number, width: number): void {
  const { doc, notice } = ctx;
  const postal = notice.entity.postal;
  const half = mm(92);
  smallCard(ctx, payment, x, y, half);
  if (!postal || !payment.postalPayload) return;
  const px = x + half + mm(3);
  const pw = width - half - mm(3);
  doc.rect(px, y, pw, mm(24)).lineWidth(0.5).strokeColor(RULE).stroke();
  const tw = pw - mm(27);
  line(doc, { font: 'bold', size: 7.5 }, textOf('postalTitle', 'it').it, px + mm(2), y + mm(1.5), { width: tw });
  line(
    doc,
    { font: 'regular', size: 7.5 },
    `${textOf('postalAccount', 'it').it} ${postal.account}`,
    px + mm(2),
    y + mm(5),
    { width: tw, minSize: CODE },
  );
  line(
    doc,
    { font: 'regular', size: 7.5 },
    `${textOf('postalHolder', 'it').it} ${postal.holder}`,
    px + mm(2),
    y + mm(8.5),
    {
      width: tw,
      data: true,
    },
  );
  line(doc, { font: 'bold', size: 7.5 }, textOf('postalType', 'it').it, px + mm(2), y + mm(12), { width: tw });
  if (postal.authorization) {
    line(doc, { font: 'regular', size: 6, color: '#4d4d4d' }, postal.authorization, px + mm(2), y + mm(15.5), {
      width: tw,
      minSize: 5,
      data: true,
    });
  }
  line(doc, { font: 'semibold', size: 8 }, formatEuroIt(payment.amountCents), px + mm(2), y + mm(19), {
    width: tw,
    minSize: CODE,
  });
  drawMatrix(doc, symbolOf(ctx, 'datamatrix', payment.postalPayload), px + pw - mm(23), y + mm(1.5), mm(21));
}
