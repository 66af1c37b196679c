// GET the account statement of one debtor at one entity, as PDF or CSV, with the entity's API key.
// A valid fiscal code without positions gets 200 and an empty statement, not 404: "no debts" is an
// answer the citizen portal shows, and a 404 would look like an error (or hint at a wrong link).

import type { FastifyInstance } from 'fastify';
import { needs } from '../../http/api-auth.ts';
import { sendDownload } from '../../http/downloads.ts';
import { problemSchema } from '../positions/gpd-v3.schemas.ts';
import { STATEMENT_LANGUAGES, type StatementLanguage } from './statement-texts.ts';
import { STATEMENT_FORMATS, type StatementFormat, type StatementsService } from './statements.service.ts';

export const STATEMENT_ROUTE = '/api/v1/organizations/:organizationfiscalcode/debtors/:fiscalcode/statement';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));

export function registerStatementRoutes(app: FastifyInstance, deps: { statements: StatementsService }) {
  app.get<{
    Params: { organizationfiscalcode: string; fiscalcode: string };
    Querystring: { format: StatementFormat; lang: StatementLanguage };
  }>(
    STATEMENT_ROUTE,
    {
      config: needs('positions', 'read'),
      schema: {
        tags: ['Documents'],
        security: [{ ApiKey: [] }, { Bearer: [] }],
        operationId: 'getDebtorStatement',
        summary: "A debtor's account statement (estratto conto), as PDF or CSV",
        description:
          'Every issued position of the debtor at the entity (drafts are not shown): to pay, paid, expired and cancelled, with notice numbers, amounts, due dates and payment dates, and the totals to pay, past due date, paid and expired. A position that can be paid in full or in instalments counts once: through the option already being paid, otherwise the cheapest. CSV: UTF-8 with BOM, `;`-separated, one row per instalment then total rows, text cells neutralised against spreadsheet formulas. A valid fiscal code without positions gets an empty statement (200); an invalid one 400.',
        params: {
          type: 'object',
          required: ['organizationfiscalcode', 'fiscalcode'],
          properties: {
            organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity.' },
            fiscalcode: {
              type: 'string',
              description: "The debtor's codice fiscale (16 characters) or 11-digit tax code.",
            },
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: STATEMENT_FORMATS, default: 'pdf' },
            lang: {
              type: 'string',
              enum: STATEMENT_LANGUAGES,
              default: 'it',
              description: 'Language of the document.',
            },
          },
        },
        response: {
          200: {
            description: 'The statement as a file (Content-Disposition: attachment).',
            content: {
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { params, query } = request;
      const document = await deps.statements.document(request.entity, params.fiscalcode, query.format, query.lang);
      return sendDownload(reply, {
        contentType: document.contentType,
        fileName: document.fileName,
        body: document.body,
      });
    },
  );
}
