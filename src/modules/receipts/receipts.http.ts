// The receipts API for back offices, with the entity's API key: one receipt as JSON or as PDF, and a
// list filtered by notice. A receipt of another entity gets the standard 404.

import type { FastifyInstance } from 'fastify';
import { needs } from '../../http/api-auth.ts';
import { sendDownload } from '../../http/downloads.ts';
import { problemSchema } from '../positions/gpd-v3.schemas.ts';
import type { ReceiptLanguage } from './receipt-texts.ts';
import {
  listQuery,
  orgParam,
  pdfQuery,
  receiptListSchema,
  receiptParams,
  receiptQuery,
  receiptSchema,
  toReceiptJson,
} from './receipts.schemas.ts';
import type { ReceiptsService } from './receipts.service.ts';

export const RECEIPTS_BASE = '/api/v1/organizations/:organizationfiscalcode/receipts';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const tags = ['Receipts'];

interface ReceiptRoute {
  Params: { organizationfiscalcode: string; receiptId: string };
}

export function registerReceiptRoutes(app: FastifyInstance, deps: { receipts: ReceiptsService }) {
  app.get<{
    Params: { organizationfiscalcode: string };
    Querystring: { nav?: string; iuv?: string; debtor_fiscal_code?: string; limit: number; page: number };
  }>(
    RECEIPTS_BASE,
    {
      config: needs('payments', 'read'),
      schema: {
        tags,
        security,
        operationId: 'listReceipts',
        summary: 'List the receipts of the entity, newest payment first',
        description:
          'One page of receipts, optionally only those of one notice number, IUV or debtor. A notice paid twice (e.g. in Stand-In) shows both receipts.',
        params: { type: 'object', required: ['organizationfiscalcode'], properties: orgParam },
        querystring: listQuery,
        response: { 200: receiptListSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { query, entity } = request;
      const { receipts, total } = await deps.receipts.list(entity, {
        nav: query.nav,
        iuv: query.iuv,
        debtorFiscalCode: query.debtor_fiscal_code?.trim().toUpperCase(),
        limit: query.limit,
        offset: query.page * query.limit,
      });
      return {
        receipts: receipts.map((r) => toReceiptJson(r, entity.fiscalCode)),
        page_info: {
          page: query.page,
          limit: query.limit,
          items_found: receipts.length,
          total_items: total,
          total_pages: Math.ceil(total / query.limit),
        },
      };
    },
  );

  app.get<ReceiptRoute & { Querystring: { iuv?: string } }>(
    `${RECEIPTS_BASE}/:receiptId`,
    {
      config: needs('payments', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getReceipt',
        summary: 'Read one receipt',
        description:
          'The receipt with this receiptId (the idReceipt of the paid instalment in the GPD API), with the URL of its public verification page. 409 RECEIPT_AMBIGUOUS when the back office gave the same idReceipt to several notices: add iuv.',
        params: receiptParams,
        querystring: receiptQuery,
        response: { 200: receiptSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { entity, params, query, actor } = request;
      const receipt = await deps.receipts.get(entity, params.receiptId, query.iuv);
      const url = await deps.receipts.verificationUrl(receipt, entity, actor);
      return toReceiptJson(receipt, entity.fiscalCode, url);
    },
  );

  app.get<ReceiptRoute & { Querystring: { iuv?: string; lang: ReceiptLanguage } }>(
    `${RECEIPTS_BASE}/:receiptId/pdf`,
    {
      config: needs('payments', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getReceiptPdf',
        summary: 'The receipt as a PDF, with its verification QR code',
        description:
          'A one-page A4 receipt (Italian, or Italian with English beneath with lang=it-en): creditor, notice number, IUV, receipt id, amount, fee, payment date and time (Italian time), channel, payment method (in words: creditCard prints as "Carta di pagamento / Payment card", PPAL as PayPal; an unknown code as it is), debtor, payer and transfers. Its QR code opens the public page that confirms the receipt is genuine; the token in it is signed with the entity\'s Ed25519 key.',
        params: receiptParams,
        querystring: pdfQuery,
        response: {
          200: {
            description: 'The receipt (Content-Disposition: attachment).',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { entity, params, query, actor } = request;
      const receipt = await deps.receipts.get(entity, params.receiptId, query.iuv);
      const pdf = await deps.receipts.pdf(entity, receipt, query.lang, actor);
      const fileName = `ricevuta-${receipt.receiptId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
      return sendDownload(reply, { contentType: 'application/pdf', fileName: fileName, body: pdf });
    },
  );
}
