// One webhook endpoint of the entity in the console (issue 12): what it sends, its deliveries' log
// (state, attempts, the last answer or error, the next attempt; filtered by state, paged by links),
// disabling it (it then sends nothing more), and "retry now" for a delivery that is no longer being
// tried. The webhooks service checks the operator's grants, the states, and writes the audit records.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { refusedOperator } from '../position-forms/render.ts';
import type { ConsoleTexts } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { canChange } from './keys.http.ts';
import { fill, renderRefused, renderSettings, when } from './render.ts';
import { hooksUrl, type WebhooksDeps } from './webhooks.http.ts';

type Params = { ente: string; endpointId: string };
type Query = { stato?: string; da?: string; fatto?: string };

const PAGE = 50;
const STATES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
type State = (typeof STATES)[number];

/** An event type's words (installment.paid → st_event_installment_paid). */
export const eventWords = (t: ConsoleTexts, type: string) =>
  (t as Record<string, string>)[`st_event_${type.replace('.', '_')}`] ?? type;

export function registerWebhookDeliveryRoutes(
  app: FastifyInstance,
  deps: WebhooksDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const read = gate.entityRoute('settings', 'read');
  const write = gate.entityRoute('settings', 'write');
  const here = (request: FastifyRequest<{ Params: Params }>) =>
    `${hooksUrl(gate.at(request).at)}/${encodeURIComponent(request.params.endpointId)}`;
  const endpointOf = async (request: FastifyRequest<{ Params: Params }>) =>
    (await deps.webhooks.list(gate.at(request).at)).find((e) => e.id === request.params.endpointId);

  app.get<{ Params: Params; Querystring: Query }>(
    '/console/e/:ente/webhook/:endpointId',
    read,
    async (request, reply) => {
      const endpoint = await endpointOf(request);
      if (!endpoint) return pages.message(request, reply, 404, 'notFound');
      const { lang, t } = pages.base(request, reply);
      const state = STATES.includes(request.query.stato as State) ? (request.query.stato as State) : undefined;
      const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(request.query.da ?? '0', 10) || 0));
      const found = await deps.webhooks.deliveries(gate.at(request).at, {
        endpointId: endpoint.id,
        status: state,
        limit: PAGE + 1,
        offset,
      });
      const canWrite = canChange(gate, request);
      const deliveries = found.slice(0, PAGE).map((d) => ({
        ...d,
        event: eventWords(t, d.eventType),
        created: when(d.createdAt, lang),
        last: when(d.lastAttemptAt, lang),
        next: d.status === 'PENDING' ? when(d.nextAttemptAt, lang) : '',
        retryable: canWrite && endpoint.active && d.status !== 'PENDING',
      }));
      const link = (from: number) =>
        `${here(request)}?${new URLSearchParams({ ...(state && { stato: state }), da: String(from) })}`;
      return renderSettings(
        pages,
        request,
        reply,
        'settings/webhook.njk',
        (tt) => fill(tt.st_hookOpen, { url: endpoint.url }),
        {
          endpoint: {
            ...endpoint,
            eventList: endpoint.events.map((e) => eventWords(t, e)),
            created: when(endpoint.createdAt, lang),
            disabled: when(endpoint.disabledAt, lang),
          },
          deliveries,
          canWrite,
          here: here(request),
          back: hooksUrl(gate.at(request).at),
          state: state ?? '',
          states: STATES.map((s) => ({ value: s, label: t[`st_delivery_${s}`] })),
          newer: offset > 0 ? link(Math.max(0, offset - PAGE)) : '',
          older: found.length > PAGE ? link(offset + PAGE) : '',
          done:
            request.query.fatto === 'disattivato'
              ? t.st_hookDisabled
              : request.query.fatto === 'riprovata'
                ? t.st_retried
                : '',
        },
      );
    },
  );

  app.post<{ Params: Params; Body: { _csrf?: string } }>(
    '/console/e/:ente/webhook/:endpointId/disattiva',
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      try {
        await deps.webhooks.disable(gate.at(request).at, request.params.endpointId, request.actor);
      } catch (error) {
        const refused = refusedOperator(pages, request, reply, error);
        if (refused) return refused;
        throw error;
      }
      return reply.redirect(`${here(request)}?fatto=disattivato`, 303);
    },
  );

  app.post<{ Params: Params & { deliveryId: string }; Body: { _csrf?: string } }>(
    '/console/e/:ente/webhook/:endpointId/consegne/:deliveryId/riprova',
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      const { at } = gate.at(request);
      // Only a delivery of the endpoint the address names (another's, or another entity's: 404).
      const delivery = await deps.webhooks.delivery(at, request.params.deliveryId);
      if (!delivery || delivery.endpointId !== request.params.endpointId) {
        return pages.message(request, reply, 404, 'notFound');
      }
      try {
        await deps.webhooks.replay(at, delivery.id, request.actor);
      } catch (error) {
        const refused = refusedOperator(pages, request, reply, error);
        if (refused) return refused;
        const { t } = pages.base(request, reply);
        const text =
          error instanceof AppError
            ? { DELIVERY_PENDING: t.st_retryPending, WEBHOOK_DISABLED: t.st_retryDisabled }[error.code as string]
            : undefined;
        if (!text) throw error;
        return renderRefused(pages, request, reply, text, here(request), t.st_backToHooks);
      }
      return reply.redirect(`${here(request)}?fatto=riprovata`, 303);
    },
  );
}
