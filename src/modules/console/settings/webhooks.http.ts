// The entity's webhook endpoints in the console (issue 12): the list (address, events, state), a new
// endpoint by form (the webhooks service's rules, problems at their fields) whose signing secret is
// shown once on the answer — never stored in clear by the page (no-store), never shown again. Each
// endpoint's deliveries, disabling and "retry now" are in webhook-deliveries.http.ts. The webhooks
// service checks the operator's grants and writes the audit records naming the operator.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Entity } from '../../entities/entity.ts';
import { EVENT_TYPES } from '../../webhooks/webhook.ts';
import type { WebhooksService } from '../../webhooks/webhooks.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { refusedOperator } from '../position-forms/render.ts';
import { consoleCsrfValid } from '../web.ts';
import { canChange } from './keys.http.ts';
import { renderSettings, settingsUrl, when } from './render.ts';

export interface WebhooksDeps {
  webhooks: Pick<
    WebhooksService,
    'list' | 'create' | 'endpointProblems' | 'disable' | 'deliveries' | 'delivery' | 'replay'
  >;
}

type Params = { ente: string };
// One checkbox per event type (`event_<type>`): a form's repeated names would keep only the last one.
type HookForm = { _csrf?: string; url?: string; description?: string } & Record<string, string | undefined>;

/** The event types a form chose. */
const chosenEvents = (form: HookForm) => EVENT_TYPES.filter((type) => form[`event_${type}`]);

const DESCRIPTION_MAX = 200;
/** How many failed deliveries the list counts per endpoint (more: "99+"). */
const FAILED_SHOWN = 99;

/** The webhooks' list of an entity. */
export const hooksUrl = (entity: Pick<Entity, 'fiscalCode'>) => settingsUrl(entity.fiscalCode, 'webhook');

export function registerWebhookRoutes(
  app: FastifyInstance,
  deps: WebhooksDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const read = gate.entityRoute('settings', 'read');
  const write = gate.entityRoute('settings', 'write');
  const list = (request: FastifyRequest) => hooksUrl(gate.at(request).at);

  app.get<{ Params: Params }>('/console/e/:ente/webhook', read, async (request, reply) => {
    const { lang } = pages.base(request, reply);
    const { at } = gate.at(request);
    // The deliveries given up on, per endpoint (what the dashboard's attention item leads here for).
    const failedOf = async (endpointId: string) =>
      (await deps.webhooks.deliveries(at, { endpointId, status: 'FAILED', limit: FAILED_SHOWN + 1, offset: 0 })).length;
    const endpoints = await Promise.all(
      (await deps.webhooks.list(at)).map(async (e) => {
        const failed = await failedOf(e.id);
        return {
          ...e,
          created: when(e.createdAt, lang),
          disabled: when(e.disabledAt, lang),
          failed: failed > FAILED_SHOWN ? `${FAILED_SHOWN}+` : String(failed),
        };
      }),
    );
    return renderSettings(pages, request, reply, 'settings/webhooks.njk', (t) => t.st_hooksTitle, {
      endpoints,
      canWrite: canChange(gate, request),
      base: list(request),
    });
  });

  function hookForm(request: FastifyRequest, reply: FastifyReply, form: HookForm, errors: FieldError[] = []) {
    const chosen = new Set<string>(chosenEvents(form));
    return renderSettings(
      pages,
      request,
      reply,
      'settings/webhook-form.njk',
      (t) => t.st_hookNew,
      {
        action: `${list(request)}/nuovo`,
        back: list(request),
        form: { url: form.url ?? '', description: form.description ?? '' },
        events: EVENT_TYPES.map((type) => ({ type, checked: chosen.has(type) })),
      },
      errors,
    );
  }

  app.get<{ Params: Params }>('/console/e/:ente/webhook/nuovo', write, (request, reply) =>
    hookForm(request, reply, {}),
  );

  app.post<{ Params: Params; Body: HookForm }>('/console/e/:ente/webhook/nuovo', write, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { t } = pages.base(request, reply);
    const input = {
      url: (form.url ?? '').trim(),
      events: chosenEvents(form) as string[],
      description: (form.description ?? '').trim(),
    };
    // The service's rules, each problem said at its field in the page's words.
    const errors: FieldError[] = [];
    const problems = deps.webhooks.endpointProblems(input);
    const urlProblem = problems.find((p) => p.path === 'url')?.message;
    if (urlProblem) {
      const said = [
        [/not a URL/, t.st_hookUrlNotUrl],
        [/https:\/\/ URL/, t.st_hookUrlHttps],
        [/credentials/, t.st_hookUrlCredentials],
        [/longer than/, t.st_hookUrlTooLong],
      ] as const;
      const message = said.find(([re]) => re.test(urlProblem))?.[1] ?? t.st_hookUrlInvalid;
      errors.push({ field: 'url', message });
    }
    if (problems.some((p) => p.path.startsWith('events'))) {
      errors.push({ field: `event_${EVENT_TYPES[0]}`, message: t.st_hookEventsNeeded });
    }
    if (input.description.length > DESCRIPTION_MAX) {
      errors.push({ field: 'description', message: t.st_hookDescriptionTooLong });
    }
    if (errors.length) return hookForm(request, reply, form, errors);
    let created: Awaited<ReturnType<WebhooksDeps['webhooks']['create']>>;
    try {
      created = await deps.webhooks.create(gate.at(request).at, input, request.actor);
    } catch (error) {
      const refused = refusedOperator(pages, request, reply, error);
      if (refused) return refused;
      throw error;
    }
    return renderSettings(
      pages,
      request,
      reply,
      'settings/webhook-created.njk',
      (tt) => tt.st_hookCreatedTitle,
      { secret: created.secret, url: created.endpoint.url, back: list(request) },
      [],
      { status: 201, languagePath: list(request) },
    );
  });
}
