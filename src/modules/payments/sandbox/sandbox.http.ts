// The sandbox's pages (only when the sandbox is on): the simulated Checkout page of a cart, and the
// form that pays, declines or cancels it. Server-rendered, no JavaScript; every page says it is a
// simulation. The sandbox then plays the Nodo against this Cassa's station, over HTTP.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { acceptForms } from '../../../http/forms.ts';
import { formatNoticeNumber } from '../../../shared/identifiers/notice-number.ts';
import { isUuid } from '../../../shared/ids.ts';
import { type Cents, formatEuroIt } from '../../../shared/money.ts';
import type { SandboxCart } from './sandbox.db.ts';
import { type SandboxChoice, SandboxChoiceError, type SandboxService } from './sandbox.service.ts';

const VIEWS = join(import.meta.dirname, 'views');
const views = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS), {
  autoescape: true,
  trimBlocks: true,
  lstripBlocks: true,
  throwOnUndefined: false,
});
const CSS = readFileSync(join(VIEWS, 'sandbox.css'), 'utf8').trim();
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PATH = '/sandbox/checkout/:id';
const html = { content: { 'text/html': { schema: { type: 'string' } } } };

export interface SandboxHttpOptions {
  /** Where the simulated Nodo calls the station; by default this Cassa as the payer reached it. */
  stationUrl?: string | undefined;
}

function page(reply: FastifyReply, status: number, model: object) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex, nofollow')
    .send(views.render('sandbox.njk', { css: CSS, ...model }));
}

function cartModel(cart: SandboxCart, extra: { error?: string; card?: string } = {}) {
  const notices = cart.request.paymentNotices.map((n) => ({
    companyName: n.companyName,
    description: n.description,
    nav: formatNoticeNumber(n.noticeNumber),
    amount: formatEuroIt(n.amount as Cents),
  }));
  const total = cart.request.paymentNotices.reduce((sum, n) => sum + n.amount, 0) as Cents;
  return {
    heading: 'Paga con pagoPA',
    headingEn: 'Pay with pagoPA',
    notices,
    total: formatEuroIt(total),
    action: `/sandbox/checkout/${cart.id}`,
    card: extra.card ?? '4242 4242 4242 4242',
    error: extra.error,
  };
}

const notFoundPage = (reply: FastifyReply) =>
  page(reply, 404, { heading: 'Carrello non trovato', headingEn: 'Cart not found', closed: '/' });

export function registerSandboxRoutes(
  app: FastifyInstance,
  deps: { sandbox: SandboxService },
  options: SandboxHttpOptions,
) {
  const stationUrl = (request: FastifyRequest) =>
    options.stationUrl ?? `${request.protocol}://${request.host}/pagopa/paForNode`;
  const params = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;
  app.register(async (scope) => {
    acceptForms(scope, 16 * 1024);
    routes(scope);
  });

  function routes(app: FastifyInstance) {
    app.get<{ Params: { id: string } }>(
      PATH,
      {
        schema: {
          tags: ['pagoPA sandbox'],
          summary: 'The simulated Checkout page of a sandbox cart (only with the sandbox on)',
          params,
          response: { 200: { description: 'The page.', ...html }, 404: { description: 'No such cart.', ...html } },
        },
      },
      async (request, reply) => {
        const cart = isUuid(request.params.id) ? await deps.sandbox.cart(request.params.id) : undefined;
        if (!cart) return notFoundPage(reply);
        if (cart.status !== 'OPEN') {
          return page(reply, 200, {
            heading: 'Carrello chiuso',
            headingEn: 'Cart closed',
            closed: cart.request.returnUrls.returnCancelUrl,
          });
        }
        return page(reply, 200, cartModel(cart));
      },
    );

    app.post<{ Params: { id: string }; Body: { method?: string; card?: string } }>(
      PATH,
      {
        schema: {
          tags: ['pagoPA sandbox'],
          summary: 'Pay, decline or cancel a sandbox cart (the form of the simulated Checkout page)',
          description:
            "Card numbers: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 0119 gets no answer (the payer is sent to the waiting URL and no receipt follows); home banking succeeds. A success makes the sandbox send paVerifyPaymentNotice, paGetPaymentV2 and paSendRTV2 to the station over HTTP, then redirects (303) to the cart's return URL.",
          params,
          consumes: ['application/x-www-form-urlencoded'],
          body: {
            type: 'object',
            properties: {
              method: { type: 'string', enum: ['card', 'bank', 'cancel'] },
              card: { type: 'string', maxLength: 40 },
            },
            examples: [{ method: 'card', card: '4242 4242 4242 4242' }],
          },
          response: {
            303: { description: 'Back to the return URL of the outcome.' },
            400: { description: 'The page again, with the error.', ...html },
            404: { description: 'No such cart.', ...html },
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const cart = isUuid(id) ? await deps.sandbox.cart(id) : undefined;
        if (!cart) return notFoundPage(reply);
        const method = request.body?.method ?? 'card';
        const choice: SandboxChoice =
          method === 'cancel'
            ? { method: 'cancel' }
            : method === 'bank'
              ? { method: 'bank' }
              : { method: 'card', card: request.body?.card ?? '' };
        try {
          const result = await deps.sandbox.pay(id, choice, stationUrl(request));
          if (!result) return notFoundPage(reply);
          if (result.detail)
            request.log.warn({ cart: id, outcome: result.outcome, detail: result.detail }, 'sandbox payment');
          return reply.status(303).header('location', result.redirectTo).header('cache-control', 'no-store').send();
        } catch (error) {
          if (!(error instanceof SandboxChoiceError)) throw error;
          return page(reply, 400, cartModel(cart, { error: error.message, card: request.body?.card ?? '' }));
        }
      },
    );
  }
}
