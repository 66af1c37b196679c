// The receipt as a one-page A4 PDF: who was paid, for what, how much, when and how, the transfers
// as they were, and a QR code with the URL of the public verification page. Italian, or Italian
// with English beneath (`it-en`).

import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { type Cents, formatEuroIt } from '../../shared/money.ts';
import { drawMatrix, qrMatrix } from '../../shared/pdf/barcodes.ts';
import { createPdf, mm, type Pdf, safeText } from '../../shared/pdf/document.ts';
import { truncate } from '../../shared/pdf/text.ts';
import type { Entity } from '../entities/entity.ts';
import { paymentMethodLabel } from './payment-methods.ts';
import type { Receipt, ReceiptSubject } from './receipt.ts';
import {
  type Bilingual,
  bilingual,
  channelLabel,
  formatRomeDateTime,
  type ReceiptLanguage,
  TEXTS,
} from './receipt-texts.ts';

const INK = '#17324d';
const GREY = '#5c6f82';
const RULE = '#b8c4cf';
const LEFT = mm(20);
const WIDTH = mm(170);
const LABEL_WIDTH = mm(58);
const QR_SIDE = mm(38);
const VERIFY_TOP = mm(236);
const PAGE_BOTTOM = mm(278);

export interface ReceiptPdfOptions {
  lang: ReceiptLanguage;
  verificationUrl: string;
  /** Written in the metadata and the footer (from the injected clock). */
  createdAt: Date;
}

/** Renders the receipt; resolves to the bytes of the PDF. */
export function renderReceiptPdf(receipt: Receipt, entity: Entity, options: ReceiptPdfOptions): Promise<Buffer> {
  const doc = createPdf({
    title: `${TEXTS.title.it} ${receipt.receiptId}`,
    author: entity.name,
    lang: 'it-IT',
    createdAt: options.createdAt,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.addPage();
  draw(doc, receipt, entity, options);
  doc.end();
  return done;
}

function draw(doc: Pdf, receipt: Receipt, entity: Entity, options: ReceiptPdfOptions): void {
  const { lang } = options;
  const en = lang === 'it-en';
  let y = mm(18);

  doc.font('bold').fontSize(15).fillColor(INK);
  doc.text(safeText(doc, truncate(entity.name, 70)), LEFT, y, { width: WIDTH });
  y = doc.y + 1;
  doc.font('regular').fontSize(9).fillColor(GREY);
  doc.text(`${TEXTS.fiscalCode.it}${en ? ` / ${TEXTS.fiscalCode.en}` : ''} ${entity.fiscalCode}`, LEFT, y);
  y = doc.y + mm(6);

  doc.font('bold').fontSize(20).fillColor(INK).text(TEXTS.title.it, LEFT, y);
  y = doc.y;
  if (en) {
    doc.font('regular').fontSize(12).fillColor(GREY).text(TEXTS.title.en, LEFT, y);
    y = doc.y;
  }
  y += mm(4);
  rule(doc, y);
  y += mm(3);

  const fee = receipt.feeCents;
  const rows: [Bilingual, string][] = [
    [TEXTS.creditor, `${receipt.companyName} (${entity.fiscalCode})`],
    [TEXTS.subject, receipt.description],
    [TEXTS.noticeNumber, formatNoticeNumber(receipt.nav)],
    [TEXTS.iuv, receipt.iuv],
    ...(receipt.iupd ? [[TEXTS.iupd, receipt.iupd] as [Bilingual, string]] : []),
    [TEXTS.receiptId, receipt.receiptId],
    [TEXTS.amount, formatEuroIt(receipt.amountCents)],
    [TEXTS.fee, fee === null ? bilingual(TEXTS.feeUnknown, lang) : formatEuroIt(fee)],
    ...(fee !== null && fee > 0
      ? [[TEXTS.total, formatEuroIt((receipt.amountCents + fee) as Cents)] as [Bilingual, string]]
      : []),
    [TEXTS.paidAt, `${formatRomeDateTime(receipt.paidAt)} (${bilingual(TEXTS.romeTime, lang)})`],
    [TEXTS.channel, bilingual(channelLabel(receipt.channel), lang)],
    ...(receipt.pspCompany || receipt.pspId
      ? [
          [TEXTS.psp, [receipt.pspCompany, receipt.pspId && `(${receipt.pspId})`].filter(Boolean).join(' ')] as [
            Bilingual,
            string,
          ],
        ]
      : []),
    ...(receipt.paymentMethod
      ? [[TEXTS.method, bilingual(paymentMethodLabel(receipt.paymentMethod), lang)] as [Bilingual, string]]
      : []),
    [TEXTS.debtor, subject(receipt.debtor)],
    ...(receipt.payer ? [[TEXTS.payer, subject(receipt.payer)] as [Bilingual, string]] : []),
  ];
  for (const [label, value] of rows) y = field(doc, label, value, y, en, label === TEXTS.amount);

  y += mm(3);
  doc.font('semibold').fontSize(11).fillColor(INK).text(bilingual(TEXTS.transfers, lang), LEFT, y);
  y = doc.y + mm(1.5);
  for (const t of receipt.transfers) {
    const remittance = safeText(doc.font('regular').fontSize(9), truncate(t.remittanceInformation, 140));
    const beneficiary = `${t.companyName ?? (t.fiscalCodePA === entity.fiscalCode ? entity.name : '')} (${t.fiscalCodePA})`;
    const account = t.stamp ? bilingual(TEXTS.stamp, lang) : (t.iban ?? '');
    const credit = safeText(doc, `${truncate(beneficiary, 90)} · ${account}`);
    const height =
      doc.heightOfString(remittance, { width: mm(125) }) +
      doc.fontSize(8).heightOfString(credit, { width: mm(125) }) +
      mm(3);
    if (y + height > PAGE_BOTTOM) y = nextPage(doc, options);
    rule(doc, y);
    y += mm(1.5);
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(remittance, LEFT, y, { width: mm(125) });
    const textBottom = doc.y;
    doc.font('semibold').text(formatEuroIt(t.amountCents), LEFT + mm(130), y, { width: mm(40), align: 'right' });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(GREY)
      .text(credit, LEFT, textBottom, { width: mm(125) });
    y = doc.y + mm(1.5);
  }
  rule(doc, y);

  // The verification block sits at the foot of the page; a receipt long enough to reach it (five
  // transfers, long names, a payer) gets it at the top of a second page instead.
  const top = y + mm(8) <= VERIFY_TOP ? VERIFY_TOP : nextPage(doc, options);
  drawVerification(doc, options, top);
  footer(doc, options);
}

/** Closes the page with its footer and opens the next; returns the y to continue at. */
function nextPage(doc: Pdf, options: ReceiptPdfOptions): number {
  footer(doc, options);
  doc.addPage();
  return mm(20);
}

function footer(doc: Pdf, options: ReceiptPdfOptions): void {
  doc.font('regular').fontSize(7).fillColor(GREY);
  const text = `${bilingual(TEXTS.generated, options.lang)} ${formatRomeDateTime(options.createdAt)} · Cassa`;
  doc.text(text, LEFT, mm(284), { width: WIDTH, align: 'center', lineBreak: false });
}

/** The verification block: QR code on the left, explanation and URL beside it. */
function drawVerification(doc: Pdf, options: ReceiptPdfOptions, top: number): void {
  const { lang } = options;
  drawMatrix(doc, qrMatrix(options.verificationUrl), LEFT, top, QR_SIDE);
  const x = LEFT + QR_SIDE + mm(6);
  const width = WIDTH - QR_SIDE - mm(6);
  doc.font('semibold').fontSize(11).fillColor(INK).text(bilingual(TEXTS.verifyTitle, lang), x, top, { width });
  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor(INK)
    .text(TEXTS.verifyText.it, x, doc.y + 2, { width });
  if (lang === 'it-en') doc.fillColor(GREY).text(TEXTS.verifyText.en, x, doc.y + 1, { width });
  // The URL is one unbroken word: pdfkit breaks it by characters when it is wider than the column.
  doc
    .font('regular')
    .fontSize(7)
    .fillColor(INK)
    .text(options.verificationUrl, x, doc.y + 4, { width });
}

/** One label/value row; the value wraps within its column. Returns the y below the row. */
function field(doc: Pdf, label: Bilingual, value: string, y: number, en: boolean, strong = false): number {
  const valueX = LEFT + LABEL_WIDTH;
  const valueWidth = WIDTH - LABEL_WIDTH;
  doc
    .font('semibold')
    .fontSize(9)
    .fillColor(INK)
    .text(label.it, LEFT, y, { width: LABEL_WIDTH - mm(2) });
  let labelBottom = doc.y;
  if (en) {
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor(GREY)
      .text(label.en, LEFT, labelBottom, { width: LABEL_WIDTH - mm(2) });
    labelBottom = doc.y;
  }
  doc
    .font(strong ? 'bold' : 'regular')
    .fontSize(strong ? 11 : 9.5)
    .fillColor(INK);
  doc.text(safeText(doc, truncate(value, 200)), valueX, y, { width: valueWidth });
  return Math.max(labelBottom, doc.y) + mm(1.6);
}

function rule(doc: Pdf, y: number): void {
  doc
    .save()
    .moveTo(LEFT, y)
    .lineTo(LEFT + WIDTH, y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke()
    .restore();
}

function subject(s: ReceiptSubject): string {
  return `${s.fullName} · ${s.fiscalCode}`;
}
