// The over-payment queue for back offices, with the entity's API key: list the items (money received
// that settled no debt), read one, close one as refunded or resolved. Another entity's item is the
// standard 404.
import type { FastifyInstance } from 'fastify';
import { needs } from '../../../http/api-auth.ts';
import { pagingQuery } from '../../../http/paging.ts';
import { problemSchema } from '../../positions/gpd-v3.schemas.ts';
import { orgParam } from '../receipts.schemas.ts';
import { OVERPAYMENT_REASONS, OVERPAYMENT_STATUSES, type Overpayment, type OverpaymentStatus } from './overpayment.ts';
import type { OverpaymentsService } from './overpayments.service.ts';

export const OVERPAYMENTS_PATH = '/api/v1/organizations/:organizationfiscalcode/overpayments';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const tags = ['Receipts'];
const dateTime = { type: 'string', format: 'date-time' } as const;

const itemSchema = {
  type: 'object',
  required: ['id', 'noticeNumber', 'reason', 'amount', 'status', 'receiptRef', 'createdDate'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    noticeNumber: { type: 'string' },
    reason: {
      type: 'string',
      enum: OVERPAYMENT_REASONS,
      description:
        'ALREADY_PAID: the notice was paid before (a double payment, e.g. in Stand-In); OTHER_OPTION_PAID: another option of the debt was paid; CANCELLED: the position was invalidated; NOT_PAYABLE: a draft or a position not yet valid; UNKNOWN_NOTICE: no such notice; AMOUNT_MISMATCH: the amount paid is not the amount due (the receipt is held whole).',
    },
    amount: { type: 'integer', description: 'Euro cents to refund or resolve: the whole receipt.' },
    status: { type: 'string', enum: OVERPAYMENT_STATUSES },
    note: { type: 'string' },
    receiptRef: { type: 'string', format: 'uuid', description: 'The `id` of the receipt (receipts API).' },
    createdDate: dateTime,
    closedDate: dateTime,
    closedBy: { type: 'string' },
  },
} as const;

const toJson = (o: Overpayment) => ({
  id: o.id,
  noticeNumber: o.nav,
  reason: o.reason,
  amount: o.amountCents,
  status: o.status,
  note: o.note ?? undefined,
  receiptRef: o.receiptRef,
  createdDate: o.createdAt.toISOString(),
  closedDate: o.closedAt?.toISOString(),
  closedBy: o.closedBy ?? undefined,
});

const itemParams = {
  type: 'object',
  required: ['organizationfiscalcode', 'id'],
  properties: { ...orgParam, id: { type: 'string', description: 'Id of the over-payment item.' } },
} as const;

export function registerOverpaymentRoutes(app: FastifyInstance, deps: { overpayments: OverpaymentsService }) {
  app.get<{
    Params: { organizationfiscalcode: string };
    Querystring: { status?: OverpaymentStatus; nav?: string; limit: number; page: number };
  }>(
    OVERPAYMENTS_PATH,
    {
      config: needs('payments', 'read'),
      schema: {
        tags,
        security,
        operationId: 'listOverpayments',
        summary: 'Money received that settled no debt, to refund (oldest first)',
        description:
          'Every receipt that could not settle its notice (see `reason`) is kept and listed here as an item until it is refunded or resolved. Together with the paid instalments these items account for every receipt received.',
        params: { type: 'object', required: ['organizationfiscalcode'], properties: orgParam },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: OVERPAYMENT_STATUSES },
            nav: { type: 'string', pattern: '^\\d{18}$' },
            ...pagingQuery(100, 20),
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'page_info'],
            properties: {
              items: { type: 'array', items: itemSchema },
              page_info: {
                type: 'object',
                properties: {
                  page: { type: 'integer' },
                  limit: { type: 'integer' },
                  items_found: { type: 'integer' },
                  total_items: { type: 'integer' },
                  total_pages: { type: 'integer' },
                },
              },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { query, entity } = request;
      const { items, total } = await deps.overpayments.list(entity, {
        status: query.status,
        nav: query.nav,
        limit: query.limit,
        offset: query.page * query.limit,
      });
      return {
        items: items.map(toJson),
        page_info: {
          page: query.page,
          limit: query.limit,
          items_found: items.length,
          total_items: total,
          total_pages: Math.ceil(total / query.limit),
        },
      };
    },
  );

  app.get<{ Params: { organizationfiscalcode: string; id: string } }>(
    `${OVERPAYMENTS_PATH}/:id`,
    {
      config: needs('payments', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getOverpayment',
        summary: 'Read one over-payment item',
        params: itemParams,
        response: { 200: itemSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => toJson(await deps.overpayments.get(request.entity, request.params.id)),
  );

  app.post<{
    Params: { organizationfiscalcode: string; id: string };
    Body: { status: 'REFUNDED' | 'RESOLVED'; note?: string };
  }>(
    `${OVERPAYMENTS_PATH}/:id/close`,
    {
      config: needs('payments', 'write'),
      schema: {
        tags,
        security,
        operationId: 'closeOverpayment',
        summary: 'Close an over-payment item: refunded, or resolved otherwise',
        description:
          'REFUNDED: the money went back to the payer (the note may carry the refund reference). RESOLVED: settled another way, which the note must explain. An item is closed once: 409 OVERPAYMENT_CLOSED afterwards.',
        params: itemParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['status'],
          properties: {
            status: { type: 'string', enum: ['REFUNDED', 'RESOLVED'] },
            note: { type: 'string', maxLength: 500 },
          },
          examples: [{ status: 'REFUNDED', note: 'Rimborsato con bonifico, CRO 0123456789 del 12/06/2026' }],
        },
        response: { 200: itemSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toJson(await deps.overpayments.close(request.entity, request.params.id, request.body, request.actor)),
  );
}
