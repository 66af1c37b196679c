// GET the payment notice (avviso di pagamento) of one debt position as PDF, with the entity's API
// key: the whole notice, or with ?nav= only the option or instalment of that notice number.

import type { FastifyInstance } from 'fastify';
import { needs } from '../../http/api-auth.ts';
import { sendDownload } from '../../http/downloads.ts';
import { NOTICE_LANGUAGES, type NoticeLanguage } from '../entities/entity.ts';
import { problemSchema } from '../positions/gpd-v3.schemas.ts';
import type { NoticesService } from './notices.service.ts';

export const NOTICE_ROUTE = '/api/v1/organizations/:organizationfiscalcode/debtpositions/:iupd/notice';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));

export function registerNoticeRoutes(app: FastifyInstance, deps: { notices: NoticesService }) {
  app.get<{
    Params: { organizationfiscalcode: string; iupd: string };
    Querystring: { nav?: string; lang?: NoticeLanguage };
  }>(
    NOTICE_ROUTE,
    {
      config: needs('positions', 'read'),
      schema: {
        tags: ['Documents'],
        security: [{ ApiKey: [] }, { Bearer: [] }],
        operationId: 'getPaymentNotice',
        summary: 'The pagoPA payment notice (avviso di pagamento) of a debt position, as PDF',
        description:
          "The notice as pagoPA specifies it (AVVISO 3.x, A4): creditor and recipient, amount and due date, where to pay, and for each notice number its QR code and, when the entity has a postal account, its Bollettino Postale PA with the Poste DataMatrix. Pay-in-full first, then the instalments of each plan (2 or 3 a page; small cards from 9 instalments). Printable while PUBLISHED, VALID or PARTIALLY_PAID (then only the unpaid instalments of the option being paid); otherwise 409 NOTICE_NOT_PRINTABLE. `nav` prints only the option or instalment with that notice number (404 when it is not one of the position's). `lang` defaults to the entity's notice language; bilingual notices keep Italian amounts and dates.",
        params: {
          type: 'object',
          required: ['organizationfiscalcode', 'iupd'],
          properties: {
            organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity.' },
            iupd: { type: 'string', description: 'Debt position id (IUPD).' },
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nav: {
              type: 'string',
              pattern: '^[0-9]{18}$',
              description: 'One notice number (18 digits) of the position.',
            },
            lang: {
              type: 'string',
              enum: NOTICE_LANGUAGES,
              description: "Italian, or bilingual Italian–English or Italian–German; default the entity's setting.",
            },
          },
        },
        response: {
          200: {
            description: 'The notice as a PDF file (Content-Disposition: attachment), streamed.',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { params, query } = request;
      const { stream, fileName } = await deps.notices.pdf(request.entity, params.iupd, {
        nav: query.nav,
        language: query.lang,
      });
      return sendDownload(reply, { contentType: 'application/pdf', fileName: fileName, body: stream });
    },
  );
}
