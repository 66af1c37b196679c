// The public page a receipt's QR code opens: "Ricevuta valida / Valid receipt" with the receipt's
// main data, or "Ricevuta non valida / Not a valid receipt" (404) for a forged, altered or unknown
// token. No login, no JavaScript, no external assets. Personal data are partly masked (the link is
// printed on paper and may be found by anyone) and never cached.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { formatEuroIt } from '../../shared/money.ts';
import { maskFiscalCode, maskName, type ReceiptSubject } from './receipt.ts';
import { type Bilingual, formatRomeDateTime, TEXTS } from './receipt-texts.ts';
import type { ReceiptsService, Verification } from './receipts.service.ts';

const VIEWS = join(import.meta.dirname, 'views');
const views = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS), {
  autoescape: true,
  trimBlocks: true,
  lstripBlocks: true,
  throwOnUndefined: true,
});
// The only style is inline and allowed by its hash; nothing else may load or run.
const CSS = readFileSync(join(VIEWS, 'verify.css'), 'utf8').trim();
const CSS_HASH = createHash('sha256').update(CSS).digest('base64');
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${CSS_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const html = {
  200: {
    description: 'Ricevuta valida / Valid receipt (HTML).',
    content: { 'text/html': { schema: { type: 'string' } } },
  },
  404: {
    description: 'Ricevuta non valida / Not a valid receipt (HTML): forged, altered or unknown token.',
    content: { 'text/html': { schema: { type: 'string' } } },
  },
};

export function registerVerifyRoutes(app: FastifyInstance, deps: { receipts: ReceiptsService }) {
  app.get<{ Params: { token: string } }>(
    '/verify/:token',
    {
      schema: {
        tags: ['Receipts'],
        operationId: 'verifyReceipt',
        summary: 'Public page that says whether a receipt is genuine',
        description:
          "Opened from the QR code of a receipt PDF, without authentication. 200 when the token's Ed25519 signature verifies with the key of the entity that issued the receipt and the signed fields (receipt, entity, notice number, amount, payment instant) match the stored receipt; 404 otherwise. Names and fiscal codes are partly masked.",
        params: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
        response: html,
      },
    },
    async (request, reply) => {
      const verification = await deps.receipts.verify(request.params.token);
      return sendPage(reply, verification);
    },
  );
}

function sendPage(reply: FastifyReply, verification: Verification) {
  const body = views.render('verify.njk', { css: CSS, ...viewModel(verification) });
  return reply
    .status(verification.valid ? 200 : 404)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('x-robots-tag', 'noindex, nofollow')
    .send(body);
}

const person = (s: ReceiptSubject) => `${maskName(s.fullName)} · ${maskFiscalCode(s.fiscalCode)}`;

function viewModel(verification: Verification) {
  if (!verification.valid) {
    return { valid: false, t: { heading: TEXTS.invalid, text: TEXTS.invalidText } };
  }
  const { receipt, entity } = verification;
  const rows: { label: Bilingual; value: string }[] = [
    { label: TEXTS.creditor, value: `${entity.name} (${entity.fiscalCode})` },
    { label: TEXTS.noticeNumber, value: formatNoticeNumber(receipt.nav) },
    { label: TEXTS.receiptId, value: receipt.receiptId },
    { label: TEXTS.amount, value: formatEuroIt(receipt.amountCents) },
    {
      label: TEXTS.paidAt,
      value: `${formatRomeDateTime(receipt.paidAt)} (${TEXTS.romeTime.it} / ${TEXTS.romeTime.en})`,
    },
    { label: TEXTS.debtor, value: person(receipt.debtor) },
    ...(receipt.payer ? [{ label: TEXTS.payer, value: person(receipt.payer) }] : []),
  ];
  return { valid: true, t: { heading: TEXTS.valid, text: TEXTS.validText }, rows, privacy: TEXTS.privacy };
}
