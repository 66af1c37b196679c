// For the help desk: everything that happened to the payment of one notice — the payment attempts
// started from Cassa and every receipt received for it, each saying whether it settled the debt or
// raised an over-payment item (a double payment, a cancelled notice paid in Stand-In...).
import type { FastifyInstance } from 'fastify';
import { needs } from '../../http/api-auth.ts';
import { problemSchema } from '../positions/gpd-v3.schemas.ts';
import { OVERPAYMENT_REASONS, OVERPAYMENT_STATUSES } from '../receipts/intake/overpayment.ts';
import type { OverpaymentsService } from '../receipts/intake/overpayments.service.ts';
import type { ReceiptsService } from '../receipts/receipts.service.ts';
import { attemptSchema, toAttemptJson } from './attempts/attempts.http.ts';
import type { AttemptsService } from './attempts/attempts.service.ts';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));

const receiptSchema = {
  type: 'object',
  required: ['id', 'receiptId', 'source', 'amount', 'paymentDateTime', 'settled'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    receiptId: { type: 'string' },
    source: { type: 'string', enum: ['paids', 'paSendRT', 'paSendRTV2'] },
    idPSP: { type: 'string' },
    pspCompanyName: { type: 'string' },
    paymentChannel: { type: 'string' },
    amount: { type: 'integer', description: 'Euro cents.' },
    fee: { type: 'integer', description: 'Euro cents paid by the payer, when known.' },
    paymentDateTime: { type: 'string', format: 'date-time' },
    standIn: { type: 'boolean', description: 'Collected by pagoPA in Stand-In.' },
    settled: { type: 'boolean', description: 'It paid the notice (false: it raised an over-payment item).' },
    overpayment: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        reason: { type: 'string', enum: OVERPAYMENT_REASONS },
        status: { type: 'string', enum: OVERPAYMENT_STATUSES },
      },
    },
  },
} as const;

export function registerHelpdeskRoutes(
  app: FastifyInstance,
  deps: {
    attempts: AttemptsService;
    receipts: ReceiptsService;
    overpayments: OverpaymentsService;
  },
) {
  app.get<{ Params: { organizationfiscalcode: string }; Querystring: { nav: string } }>(
    '/api/v1/organizations/:organizationfiscalcode/payments',
    {
      config: needs('payments', 'read'),
      schema: {
        tags: ['Payments'],
        security: [{ ApiKey: [] }, { Bearer: [] }],
        operationId: 'getNoticePayments',
        summary: 'Help desk: the payment attempts and every receipt of one notice',
        description:
          'Attempts started from Cassa (newest first) and every receipt received for the notice, whatever the channel, each with its receiptId, PSP, amount, time and whether it settled the debt or raised an over-payment item.',
        params: {
          type: 'object',
          required: ['organizationfiscalcode'],
          properties: { organizationfiscalcode: { type: 'string' } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['nav'],
          properties: { nav: { type: 'string', pattern: '^[0-9]{18}$', description: 'The notice number.' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['noticeNumber', 'attempts', 'receipts'],
            properties: {
              noticeNumber: { type: 'string' },
              attempts: { type: 'array', items: attemptSchema },
              receipts: { type: 'array', items: receiptSchema },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { entity } = request;
      const { nav } = request.query;
      const [attempts, { receipts }, { items }] = await Promise.all([
        deps.attempts.ofNotice(entity, nav),
        deps.receipts.list(entity, { nav, limit: 100, offset: 0 }),
        deps.overpayments.list(entity, { nav, limit: 100, offset: 0 }),
      ]);
      const heldBy = new Map(items.map((o) => [o.receiptRef, o]));
      return {
        noticeNumber: nav,
        attempts: attempts.map(toAttemptJson),
        receipts: receipts.map((r) => {
          const held = heldBy.get(r.id);
          return {
            id: r.id,
            receiptId: r.receiptId,
            source: r.source,
            idPSP: r.pspId ?? undefined,
            pspCompanyName: r.pspCompany ?? undefined,
            paymentChannel: r.channel,
            amount: r.amountCents,
            fee: r.feeCents ?? undefined,
            paymentDateTime: r.paidAt.toISOString(),
            standIn: r.details?.standIn === true ? true : undefined,
            settled: held === undefined,
            overpayment: held && { id: held.id, reason: held.reason, status: held.status },
          };
        }),
      };
    },
  );
}
