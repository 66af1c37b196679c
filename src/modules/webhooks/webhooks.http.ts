// Managing an entity's webhooks with its API key: endpoints (create — the secret is shown once —,
// list, disable), the delivery log with each delivery's last error, and replays.
import type { FastifyInstance } from 'fastify';
import { refuseWithAllProblems } from '../../http/all-problems.ts';
import { needs } from '../../http/api-auth.ts';
import { pagingQuery } from '../../http/paging.ts';
import { problemSchema } from '../positions/gpd-v3.schemas.ts';
import { EVENT_TYPES } from './webhook.ts';
import type { Delivery, Endpoint } from './webhooks.db.ts';
import type { WebhooksService } from './webhooks.service.ts';

export const WEBHOOKS_PATH = '/api/v1/organizations/:organizationfiscalcode/webhooks';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const tags = ['Webhooks'];
const dateTime = { type: 'string', format: 'date-time' } as const;
const orgParam = { organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity.' } } as const;
const idParams = (name: string) =>
  ({
    type: 'object',
    required: ['organizationfiscalcode', name],
    properties: { ...orgParam, [name]: { type: 'string' } },
  }) as const;

const endpointSchema = {
  type: 'object',
  required: ['id', 'url', 'events', 'active', 'createdDate'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    description: { type: 'string' },
    events: { type: 'array', items: { type: 'string', enum: EVENT_TYPES } },
    active: { type: 'boolean' },
    createdDate: dateTime,
    disabledDate: dateTime,
    secret: {
      type: 'string',
      description: 'The HMAC-SHA256 key of the Cassa-Signature header: only in the answer to the creation.',
    },
  },
} as const;

const deliverySchema = {
  type: 'object',
  required: ['id', 'eventId', 'eventType', 'endpointId', 'status', 'attempts', 'createdDate'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    eventId: { type: 'string', format: 'uuid' },
    eventType: { type: 'string' },
    endpointId: { type: 'string', format: 'uuid' },
    status: {
      type: 'string',
      enum: ['PENDING', 'DELIVERED', 'FAILED'],
      description: 'FAILED: given up after 24 hours of retries; it can be replayed.',
    },
    attempts: { type: 'integer' },
    nextAttemptDate: dateTime,
    lastAttemptDate: dateTime,
    lastStatus: { type: 'integer', description: 'HTTP status of the last attempt.' },
    lastError: { type: 'string' },
    deliveredDate: dateTime,
    createdDate: dateTime,
  },
} as const;

const iso = (d: Date | null) => d?.toISOString();
const endpointJson = (e: Endpoint, secret?: string) => ({
  id: e.id,
  url: e.url,
  description: e.description ?? undefined,
  events: e.events,
  active: e.active,
  createdDate: e.createdAt.toISOString(),
  disabledDate: iso(e.disabledAt),
  secret,
});
const deliveryJson = (d: Delivery) => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  endpointId: d.endpointId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptDate: d.status === 'PENDING' ? d.nextAttemptAt.toISOString() : undefined,
  lastAttemptDate: iso(d.lastAttemptAt),
  lastStatus: d.lastStatus ?? undefined,
  lastError: d.lastError ?? undefined,
  deliveredDate: iso(d.deliveredAt),
  createdDate: d.createdAt.toISOString(),
});

export function registerWebhookRoutes(app: FastifyInstance, deps: { webhooks: WebhooksService }) {
  app.post<{
    Params: { organizationfiscalcode: string };
    Body: { url: string; events: string[]; description?: string };
  }>(
    WEBHOOKS_PATH,
    {
      config: needs('settings', 'write'),
      attachValidation: true,
      schema: {
        tags,
        security,
        operationId: 'createWebhook',
        summary: 'Subscribe an endpoint of the back office to events',
        description:
          'Events are POSTed as JSON `{id, type, createdAt, organizationFiscalCode, data}` with the header `Cassa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>` (and Cassa-Event-Id, Cassa-Event-Type, Cassa-Delivery-Id, Cassa-Delivery-Attempt). Delivery is at least once: answer 2xx (deduplicate by event id); anything else is retried with exponential back-off and jitter for at least 24 hours. The secret is in this answer only.',
        params: { type: 'object', required: ['organizationfiscalcode'], properties: orgParam },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'events'],
          properties: {
            url: {
              type: 'string',
              maxLength: 2000,
              description: 'https:// (http:// only where WEBHOOKS_ALLOW_HTTP is set).',
            },
            events: { type: 'array', minItems: 1, items: { type: 'string', enum: EVENT_TYPES } },
            description: { type: 'string', maxLength: 200 },
          },
          examples: [
            {
              url: 'https://gestionale.comune.example.it/cassa/eventi',
              events: ['installment.paid', 'position.paid'],
              description: 'Gestionale tributi',
            },
          ],
        },
        response: { 201: endpointSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      refuseWithAllProblems(request, (body) =>
        deps.webhooks.endpointProblems(body as { url: string; events: string[] }),
      );
      const { endpoint, secret } = await deps.webhooks.create(request.entity, request.body, request.actor);
      return reply.status(201).send(endpointJson(endpoint, secret));
    },
  );

  app.get<{ Params: { organizationfiscalcode: string } }>(
    WEBHOOKS_PATH,
    {
      config: needs('settings', 'read'),
      schema: {
        tags,
        security,
        operationId: 'listWebhooks',
        summary: 'The entity’s webhook endpoints (without their secrets)',
        params: { type: 'object', required: ['organizationfiscalcode'], properties: orgParam },
        response: { 200: { type: 'array', items: endpointSchema }, ...errors(401, 403, 404) },
      },
    },
    async (request) => (await deps.webhooks.list(request.entity)).map((e) => endpointJson(e)),
  );

  app.delete<{ Params: { organizationfiscalcode: string; id: string } }>(
    `${WEBHOOKS_PATH}/:id`,
    {
      config: needs('settings', 'write'),
      schema: {
        tags,
        security,
        operationId: 'disableWebhook',
        summary: 'Stop sending to an endpoint',
        params: idParams('id'),
        response: { 200: endpointSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => endpointJson(await deps.webhooks.disable(request.entity, request.params.id, request.actor)),
  );

  app.get<{
    Params: { organizationfiscalcode: string };
    Querystring: { endpoint?: string; status?: 'PENDING' | 'DELIVERED' | 'FAILED'; limit: number; page: number };
  }>(
    `${WEBHOOKS_PATH}/deliveries`,
    {
      config: needs('settings', 'read'),
      schema: {
        tags,
        security,
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log, newest first, with each delivery’s last error',
        params: { type: 'object', required: ['organizationfiscalcode'], properties: orgParam },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            endpoint: { type: 'string', format: 'uuid' },
            status: { type: 'string', enum: ['PENDING', 'DELIVERED', 'FAILED'] },
            ...pagingQuery(100, 20),
          },
        },
        response: { 200: { type: 'array', items: deliverySchema }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { query } = request;
      const list = await deps.webhooks.deliveries(request.entity, {
        endpointId: query.endpoint,
        status: query.status,
        limit: query.limit,
        offset: query.page * query.limit,
      });
      return list.map(deliveryJson);
    },
  );

  app.post<{ Params: { organizationfiscalcode: string; deliveryId: string } }>(
    `${WEBHOOKS_PATH}/deliveries/:deliveryId/replay`,
    {
      config: needs('settings', 'write'),
      schema: {
        tags,
        security,
        operationId: 'replayWebhookDelivery',
        summary: 'Send a delivery again (e.g. one given up after 24 hours)',
        description:
          'Queued now, with a new 24-hour retry window. 409 while it is still pending, or when the endpoint is disabled.',
        params: idParams('deliveryId'),
        response: { 200: deliverySchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) =>
      deliveryJson(await deps.webhooks.replay(request.entity, request.params.deliveryId, request.actor)),
  );
}

export { deliveryJson, endpointJson };
