// The GPD v3-compatible back-office API, mounted at /api/gpd/v3: a back office written for pagoPA's
// GPD only changes its base URL. Thin handlers: parse, call the service, map the answer.
import type { FastifyInstance } from 'fastify';
import { refuseWithAllProblems } from '../../http/all-problems.ts';
import { needs } from '../../http/api-auth.ts';
import { pagingQuery } from '../../http/paging.ts';
import { invalid } from '../../shared/errors.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { ReceiptsService } from '../receipts/receipts.service.ts';
import { paidExample, positionExample } from './gpd-v3.examples.ts';
import { type GpdPosition, toGpdPaidOption, toGpdPosition } from './gpd-v3.mapper.ts';
import { nullMeansAbsent } from './gpd-v3.nulls.ts';
import {
  gpdDateTime,
  paidRequestSchema,
  paidResponseSchema,
  positionListResponseSchema,
  positionRequestSchema,
  positionResponseSchema,
  problemSchema,
} from './gpd-v3.schemas.ts';
import { type PaidBody, paidPayment } from './paids.ts';
import { POSITION_STATUSES_V3 } from './position.ts';
import type { LifecycleService } from './positions.lifecycle.ts';
import { type ListQuery, listFilters } from './positions.list.ts';
import type { PositionsService } from './positions.service.ts';

export const GPD_PREFIX = '/api/gpd/v3';

const orgParam = {
  organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity (organization).' },
} as const;
const orgParams = { type: 'object', required: ['organizationfiscalcode'], properties: orgParam } as const;
const iupdParams = {
  type: 'object',
  required: ['organizationfiscalcode', 'iupd'],
  properties: { ...orgParam, iupd: { type: 'string', description: 'Debt position id (IUPD).' } },
} as const;
const toPublishQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { toPublish: { type: 'boolean', default: false } },
} as const;

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const tags = ['Debt positions (GPD v3)'];

export function registerPositionRoutes(
  app: FastifyInstance,
  deps: {
    positions: PositionsService;
    lifecycle: LifecycleService;
    entities: EntitiesService;
    receipts: ReceiptsService;
  },
) {
  const base = `${GPD_PREFIX}/organizations/:organizationfiscalcode`;

  app.get<{ Params: { organizationfiscalcode: string }; Querystring: ListQuery }>(
    `${base}/debtpositions`,
    {
      config: needs('positions', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getOrganizationDebtPositions',
        summary: 'List the debt positions of the entity, one page at a time',
        description:
          'Filters as GPD: status, due-date range or payment-date range (a missing end is set 30 days from the other). Cassa extension: debtor_fiscal_code.',
        params: orgParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pagingQuery(50, 10),
            due_date_from: { type: 'string', format: 'date' },
            due_date_to: { type: 'string', format: 'date' },
            payment_date_from: { type: 'string', format: 'date' },
            payment_date_to: { type: 'string', format: 'date' },
            payment_date_time_from: gpdDateTime,
            payment_date_time_to: gpdDateTime,
            status: { type: 'string', enum: POSITION_STATUSES_V3 },
            debtor_fiscal_code: { type: 'string', maxLength: 16, description: 'Cassa extension.' },
            orderby: {
              type: 'string',
              enum: ['INSERTED_DATE', 'IUPD', 'STATUS', 'COMPANY_NAME'],
              default: 'INSERTED_DATE',
            },
            ordering: { type: 'string', enum: ['ASC', 'DESC'], default: 'DESC' },
          },
        },
        response: { 200: positionListResponseSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const filters = listFilters(q);
      const { positions, total } = await deps.positions.list(request.entity, filters);
      return {
        payment_position_list: positions.map((p) => toGpdPosition(p, request.entity)),
        page_info: {
          page: q.page,
          limit: q.limit,
          items_found: positions.length,
          total_pages: Math.ceil(total / q.limit),
        },
      };
    },
  );

  app.post<{ Params: { organizationfiscalcode: string }; Querystring: { toPublish: boolean }; Body: GpdPosition }>(
    `${base}/debtpositions`,
    {
      config: needs('positions', 'write'),
      attachValidation: true,
      preValidation: nullMeansAbsent,
      schema: {
        tags,
        security,
        operationId: 'createPosition',
        summary: 'Create a debt position',
        description:
          'Creates the position in DRAFT, or publishes it at once with toPublish=true. Cassa extension: nav and iuv may be omitted; Cassa then assigns notice numbers from the entity sequence (aux digit 3, the entity segregation code, mod-93 check digits). 409 when the iupd or a supplied notice number is in use.',
        params: orgParams,
        querystring: toPublishQuery,
        body: { ...positionRequestSchema, examples: [positionExample] },
        response: { 201: positionResponseSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      refuseWithAllProblems(request, (body) => deps.positions.problems(request.entity, body as GpdPosition, 'create'));
      const position = await deps.positions.create(
        request.entity,
        request.body,
        { toPublish: request.query.toPublish },
        request.actor,
      );
      return reply.status(201).send(toGpdPosition(position, request.entity));
    },
  );

  app.get<{ Params: { organizationfiscalcode: string; iupd: string } }>(
    `${base}/debtpositions/:iupd`,
    {
      config: needs('positions', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getOrganizationDebtPositionByIUPD',
        summary: 'Read one debt position',
        params: iupdParams,
        response: { 200: positionResponseSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => toGpdPosition(await deps.positions.get(request.entity, request.params.iupd), request.entity),
  );

  app.put<{
    Params: { organizationfiscalcode: string; iupd: string };
    Querystring: { toPublish: boolean };
    Body: GpdPosition;
  }>(
    `${base}/debtpositions/:iupd`,
    {
      config: needs('positions', 'write'),
      attachValidation: true,
      preValidation: nullMeansAbsent,
      schema: {
        tags,
        security,
        operationId: 'updatePosition',
        summary: 'Replace a debt position',
        description:
          'Replaces the whole position; it goes back to DRAFT unless toPublish=true. Instalments without nav/iuv keep the notice number they had at the same place; an instalment whose notice number stays is the same instalment (receipts and payment attempts keep naming it). 409 when the position is invalid, paid or reported, or when the update drops a notice that has a receipt or a payment attempt.',
        params: iupdParams,
        querystring: toPublishQuery,
        body: { ...positionRequestSchema, examples: [positionExample] },
        response: { 200: positionResponseSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { entity, actor, params, query, body } = request;
      refuseWithAllProblems(request, (b) => deps.positions.problems(entity, b as GpdPosition, 'update', params.iupd));
      const position = await deps.positions.update(entity, params.iupd, body, { toPublish: query.toPublish }, actor);
      return toGpdPosition(position, entity);
    },
  );

  app.delete<{ Params: { organizationfiscalcode: string; iupd: string } }>(
    `${base}/debtpositions/:iupd`,
    {
      config: needs('positions', 'write'),
      schema: {
        tags,
        security,
        operationId: 'deletePosition',
        summary: 'Delete a debt position that has no payment',
        params: iupdParams,
        response: { 200: { type: 'string' }, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => {
      await deps.positions.remove(request.entity, request.params.iupd, request.actor);
      return 'OK';
    },
  );

  app.post<{ Params: { organizationfiscalcode: string; iupd: string } }>(
    `${base}/debtpositions/:iupd/publish`,
    {
      config: needs('positions', 'write'),
      schema: {
        tags,
        security,
        operationId: 'publishPosition',
        summary: 'Publish a draft debt position',
        description: 'DRAFT → PUBLISHED, and VALID (payable) at once when it has no validity date in the future.',
        params: iupdParams,
        response: { 200: positionResponseSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) =>
      toGpdPosition(await deps.lifecycle.publish(request.entity, request.params.iupd, request.actor), request.entity),
  );

  app.post<{ Params: { organizationfiscalcode: string; iupd: string } }>(
    `${base}/debtpositions/:iupd/invalidate`,
    {
      config: needs('positions', 'write'),
      schema: {
        tags,
        security,
        operationId: 'invalidatePosition',
        summary: 'Invalidate a published debt position (as GPD v1)',
        description: 'PUBLISHED or VALID → INVALID (UNPAYABLE in v3): its notices can no longer be paid.',
        params: iupdParams,
        response: { 200: positionResponseSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) =>
      toGpdPosition(
        await deps.lifecycle.invalidate(request.entity, request.params.iupd, request.actor),
        request.entity,
      ),
  );

  app.post<{
    Params: { organizationfiscalcode: string; nav: string };
    Body: PaidBody;
  }>(
    `${base}/paymentoptions/paids/:nav`,
    {
      config: needs('payments', 'write'),
      attachValidation: true,
      preValidation: nullMeansAbsent,
      schema: {
        tags,
        security,
        operationId: 'setPaymentOptionAsAlreadyPaid',
        summary: 'Record a payment made through another channel (as GPD v1)',
        description:
          'Marks the instalment with this notice number paid, with who recorded it, when and how, and keeps a receipt of the payment (see the Receipts API) in the same transaction. Without idReceipt Cassa makes one up (CASSA- and 26 Crockford base32 characters), shown as idReceipt. Paying one option settles the position: the single payment and the instalments can never both be paid. 409 when already paid or settled by another option (nothing is stored); 422 when the position is not payable (draft, invalid, expired).',
        params: {
          type: 'object',
          required: ['organizationfiscalcode', 'nav'],
          properties: { ...orgParam, nav: { type: 'string', description: 'Notice number (18 digits).' } },
        },
        body: { ...paidRequestSchema, examples: [paidExample] },
        response: { 200: paidResponseSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const problemsOf = (body: PaidBody) => {
        const { payment, problems } = paidPayment(body);
        return [...problems, ...deps.receipts.paymentProblems(payment)];
      };
      refuseWithAllProblems(request, (body) => problemsOf(body as PaidBody));
      const problems = problemsOf(request.body ?? {});
      if (problems.length > 0) throw invalid(problems);
      const { position, installment } = await deps.receipts.recordPayment(
        request.entity,
        request.params.nav,
        paidPayment(request.body ?? {}).payment,
        request.actor,
      );
      return toGpdPaidOption(installment, position, request.entity);
    },
  );
}
