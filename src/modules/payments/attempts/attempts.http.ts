// Paying online: a back office (later the citizen portal) starts a payment of 1–5 notices and gets
// the Checkout URL to send the payer to; it can read the attempt back. Checkout sends the payer to
// GET /checkout/return/{id}/{outcome}, which records the return (it proves nothing: only receipts
// pay) and redirects to the caller's own return URL.
import type { FastifyInstance } from 'fastify';
import { needs } from '../../../http/api-auth.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Principal } from '../../../shared/principal.ts';
import { requestActor } from '../../audit/audit.ts';
import { problemSchema } from '../../positions/gpd-v3.schemas.ts';
import {
  ATTEMPT_STATUSES,
  type Attempt,
  MAX_CART_NOTICES,
  RETURN_OUTCOMES,
  type ReturnOutcome,
  type ReturnUrls,
} from './attempt.ts';
import type { AttemptsService } from './attempts.service.ts';

export const CHECKOUT_PATH = '/api/v1/organizations/:organizationfiscalcode/checkout';
export const RETURN_PATH = '/checkout/return/:id/:outcome';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const tags = ['Payments'];
const dateTime = { type: 'string', format: 'date-time' } as const;
const url = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 } as const;
const nav = { type: 'string', pattern: '^[0-9]{18}$' } as const;
const orgParam = { organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity.' } } as const;

export const attemptSchema = {
  type: 'object',
  required: ['id', 'status', 'checkout', 'notices', 'totalAmount', 'createdDate', 'expiresDate'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'The attempt, also the Checkout idCart.' },
    status: {
      type: 'string',
      enum: ATTEMPT_STATUSES,
      description:
        'CREATED → STARTED (the payer can go to redirectUrl) → SUCCEEDED when every receipt has arrived. UNKNOWN: the outcome is not known yet (waiting for the receipt). FAILED: Checkout refused the cart or the payer came back from an error or a cancellation. EXPIRED: its 30 minutes passed without a receipt. A late receipt still makes FAILED or EXPIRED attempts SUCCEEDED.',
    },
    checkout: { type: 'string', enum: ['sandbox', 'pagopa'] },
    redirectUrl: { type: 'string', description: 'The Checkout page to send the payer to (STARTED).' },
    notices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['noticeNumber', 'amount', 'description', 'companyName', 'paid'],
        properties: {
          noticeNumber: { type: 'string' },
          amount: { type: 'integer', description: 'Euro cents, as Cassa computed them.' },
          description: { type: 'string' },
          companyName: { type: 'string' },
          paid: { type: 'boolean', description: 'Its receipt has arrived.' },
        },
      },
    },
    totalAmount: { type: 'integer', description: 'Euro cents.' },
    lastReturn: {
      type: 'string',
      enum: RETURN_OUTCOMES,
      description: 'What the payer last came back from Checkout with.',
    },
    note: { type: 'string' },
    createdDate: dateTime,
    expiresDate: dateTime,
  },
} as const;

export function toAttemptJson(a: Attempt) {
  return {
    id: a.id,
    status: a.status,
    checkout: a.checkout,
    redirectUrl: a.status === 'STARTED' || a.status === 'CREATED' ? (a.redirectUrl ?? undefined) : undefined,
    notices: a.notices.map((n) => ({
      noticeNumber: n.nav,
      amount: n.amountCents,
      description: n.description,
      companyName: n.companyName,
      paid: n.paidAt !== null,
    })),
    totalAmount: a.totalCents,
    lastReturn: a.lastReturn ?? undefined,
    note: a.note ?? undefined,
    createdDate: a.createdAt.toISOString(),
    expiresDate: a.expiresAt.toISOString(),
  };
}

/** The payer's browser coming back from Checkout: anyone with the link, holding no grant. */
const CHECKOUT_RETURN_PRINCIPAL: Principal = { kind: 'citizen', id: 'payer:checkout-return', grants: [] };

export function registerAttemptRoutes(app: FastifyInstance, deps: { attempts: AttemptsService }) {
  app.post<{
    Params: { organizationfiscalcode: string };
    Body: { noticeNumbers: string[]; returnUrls: ReturnUrls; email?: string };
  }>(
    CHECKOUT_PATH,
    {
      config: needs('payments', 'write'),
      schema: {
        tags,
        security,
        operationId: 'startCheckout',
        summary: 'Start paying 1–5 notices online (pagoPA Checkout, or the sandbox)',
        description:
          "Checks that every notice can be paid now, records a payment attempt and creates the cart on pagoPA Checkout (`POST /carts`, with the attempt id as idCart and Cassa's own return URLs, which lead back to the ones given here). 201 with the attempt and its `redirectUrl`. A second start with the same API key for exactly the same notices while its attempt holds them answers 200 with that attempt (double clicks, two tabs); 409 PAYMENT_IN_PROGRESS, with Retry-After (seconds until the notices are free at the latest), when another attempt holds some of them — including one started by another API key or by a citizen on the portal, which is never handed over — or holds a notice of another payment option of the same debt (pay in full against an instalment: one option at a time; instalments of one plan may be paid apart). 422 NOT_PAYABLE names each notice that cannot be paid, including a second option of a debt already in the cart. 502 CHECKOUT_UNAVAILABLE when Checkout refused the cart or did not answer (the attempt is kept, FAILED or UNKNOWN). Arriving on a return URL proves nothing: only the receipts mark notices paid.",
        params: { type: 'object', required: ['organizationfiscalcode'], properties: orgParam },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['noticeNumbers', 'returnUrls'],
          properties: {
            noticeNumbers: { type: 'array', minItems: 1, maxItems: MAX_CART_NOTICES, items: nav },
            returnUrls: {
              type: 'object',
              description:
                'Where the payer lands after Checkout, by outcome; `%7BattemptId%7D` (`{attemptId}`) in a URL is replaced by the attempt id.',
              additionalProperties: false,
              required: ['ok', 'cancel', 'error', 'waiting'],
              properties: { ok: url, cancel: url, error: url, waiting: url },
            },
            email: {
              type: 'string',
              format: 'email',
              maxLength: 256,
              description: 'Where Checkout sends its confirmation.',
            },
          },
          examples: [
            {
              noticeNumbers: ['302000000000000184'],
              returnUrls: {
                ok: 'https://servizi.comune.example.it/pagamenti/%7BattemptId%7D/ok',
                cancel: 'https://servizi.comune.example.it/pagamenti/%7BattemptId%7D/annullato',
                error: 'https://servizi.comune.example.it/pagamenti/%7BattemptId%7D/errore',
                waiting: 'https://servizi.comune.example.it/pagamenti/%7BattemptId%7D/attesa',
              },
              email: 'mario.rossi@example.it',
            },
          ],
        },
        response: { 200: attemptSchema, 201: attemptSchema, ...errors(400, 401, 403, 404, 409, 422, 502) },
      },
    },
    async (request, reply) => {
      const { attempt, resumed } = await deps.attempts.start(request.entity, request.body, request.actor);
      // A resumed attempt is answered as it is (UNKNOWN: the payment is being confirmed).
      if (!resumed && (attempt.status === 'FAILED' || attempt.status === 'UNKNOWN')) {
        throw new AppError(
          'CHECKOUT_UNAVAILABLE',
          `Payment attempt ${attempt.id} is ${attempt.status}: ${attempt.note ?? 'pagoPA Checkout did not take the cart'}`,
        );
      }
      return reply.status(resumed ? 200 : 201).send(toAttemptJson(attempt));
    },
  );

  app.get<{ Params: { organizationfiscalcode: string; id: string } }>(
    `${CHECKOUT_PATH}/:id`,
    {
      config: needs('payments', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getCheckout',
        summary: 'Read a payment attempt',
        params: {
          type: 'object',
          required: ['organizationfiscalcode', 'id'],
          properties: { ...orgParam, id: { type: 'string' } },
        },
        response: { 200: attemptSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => toAttemptJson(await deps.attempts.get(request.entity, request.params.id)),
  );

  app.get<{ Params: { id: string; outcome: ReturnOutcome } }>(
    RETURN_PATH,
    {
      schema: {
        tags,
        summary: 'Where Checkout sends the payer back (then on to the return URL given at the start)',
        description:
          'Records what the payer came back with: ok and waiting leave the attempt waiting for its receipt (UNKNOWN), cancel and error end it (FAILED; a late receipt still wins). Nothing is marked paid here. 303 to the matching return URL of the attempt.',
        params: {
          type: 'object',
          required: ['id', 'outcome'],
          properties: { id: { type: 'string' }, outcome: { type: 'string', enum: RETURN_OUTCOMES } },
        },
        response: { 303: { description: 'To the caller’s return URL.' }, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const { redirectTo } = await deps.attempts.returned(
        request.params.id,
        request.params.outcome,
        requestActor(CHECKOUT_RETURN_PRINCIPAL, request),
      );
      return reply.status(303).header('location', redirectTo).header('cache-control', 'no-store').send();
    },
  );
}
