// The entity's catalogue of services in the console (issue 12): the list (a role limited to some
// services sees those only), a service's page (what the citizen reads, the amount, the form's fields,
// where the money goes), creating and editing one by form with the catalogue's rules (problems at
// their fields, nothing saved), taking it off the portal and putting it back. The catalogue service
// checks the operator's grants and writes the audit records naming the operator.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import { formatEuro } from '../../../shared/money.ts';
import { reachesArea, servicesOf } from '../../../shared/principal.ts';
import type { Catalogue, ListedService } from '../../catalogue/catalogue.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { refusedOperator } from '../position-forms/render.ts';
import type { Language } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { formOfService, readServiceForm, type ServiceForm, serviceErrors } from './catalogue-form.ts';
import { fill, renderSettings, settingsUrl, when } from './render.ts';

export interface CatalogueDeps {
  catalogue: Pick<Catalogue, 'list' | 'get' | 'create' | 'update' | 'retire' | 'reinstate' | 'problems'>;
}

type Params = { ente: string };
type ServiceParams = Params & { serviceId: string };
type Form = ServiceForm & { _csrf?: string };

/** The amount rule in words ("12,50 €", "da 5,00 € a 200,00 €"). */
const amountWords = (s: ListedService, lang: Language, range: string) =>
  s.amount.type === 'fixed'
    ? formatEuro(s.amount.cents, lang)
    : fill(range, { min: formatEuro(s.amount.minCents, lang), max: formatEuro(s.amount.maxCents, lang) });

export function registerCatalogueRoutes(
  app: FastifyInstance,
  deps: CatalogueDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const read = gate.entityRoute('catalogue', 'read');
  const write = gate.entityRoute('catalogue', 'write');
  const list = (request: FastifyRequest) => settingsUrl(gate.at(request).at.fiscalCode, 'catalogo');
  const canWrite = (request: FastifyRequest) => {
    const { principal, at } = gate.at(request);
    return reachesArea(principal, at.id, 'catalogue', 'write');
  };
  /** Whether the operator's grants cover the service (a role limited to some services or categories). */
  const covers = (request: FastifyRequest, s: ListedService, access: 'read' | 'write') => {
    const { principal, at } = gate.at(request);
    const scope = servicesOf(principal, at.id, 'catalogue', access);
    return scope === '*' || scope.includes(s.id) || scope.includes(s.accounting.category);
  };

  /** The entity's service the URL names, if the operator may see it (else undefined: 404). */
  async function serviceOf(request: FastifyRequest<{ Params: ServiceParams }>) {
    try {
      const s = await deps.catalogue.get(gate.at(request).at, request.params.serviceId);
      return covers(request, s, 'read') ? s : undefined;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  app.get<{ Params: Params }>('/console/e/:ente/catalogo', read, async (request, reply) => {
    const { lang, t } = pages.base(request, reply);
    const all = await deps.catalogue.list(gate.at(request).at, { includeRetired: true });
    const services = all
      .filter((s) => covers(request, s, 'read'))
      .map((s) => ({ ...s, amountText: amountWords(s, lang, t.cat_range), retired: when(s.retiredAt, lang) }));
    return renderSettings(pages, request, reply, 'settings/catalogue.njk', (tt) => tt.cat_title, {
      services,
      canWrite: canWrite(request),
      base: list(request),
    });
  });

  function serviceForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: ServiceForm,
    editing: ListedService | undefined,
    errors: FieldError[] = [],
  ) {
    const { at } = gate.at(request);
    const action = editing ? `${list(request)}/${editing.id}/modifica` : `${list(request)}/nuovo`;
    return renderSettings(
      pages,
      request,
      reply,
      'settings/service-form.njk',
      (t) => (editing ? fill(t.cat_edit, { title: editing.title }) : t.cat_new),
      {
        action,
        back: editing ? `${list(request)}/${editing.id}` : list(request),
        form: { amountType: 'fixed', dueInDays: '30', ...form },
        ibans: at.ibans,
        fields: editing?.fields ?? [],
        editing: Boolean(editing),
      },
      errors,
    );
  }

  /** Reads and saves a form (create when `editing` is undefined); its refusals at their fields. */
  async function save(request: FastifyRequest<{ Body: Form }>, reply: FastifyReply, editing?: ListedService) {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { lang, t } = pages.base(request, reply);
    const { at } = gate.at(request);
    const { definition, errors } = readServiceForm(form, editing?.fields ?? [], t);
    // The catalogue's rules too, at the fields the form could read (its own problem first at a field).
    const problems = deps.catalogue.problems(at, definition);
    if (errors.length || problems.length) {
      return serviceForm(request, reply, form, editing, serviceErrors(errors, problems, t, lang));
    }
    try {
      const saved = editing
        ? await deps.catalogue.update(at, editing.id, definition, request.actor)
        : await deps.catalogue.create(at, definition, request.actor);
      return reply.redirect(`${list(request)}/${saved.id}?fatto=salvato`, 303);
    } catch (error) {
      const refused = refusedOperator(pages, request, reply, error);
      if (refused) return refused;
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        return serviceForm(request, reply, form, editing, serviceErrors([], error.problems, t, lang));
      }
      throw error;
    }
  }

  app.get<{ Params: Params }>('/console/e/:ente/catalogo/nuovo', write, (request, reply) =>
    serviceForm(request, reply, {}, undefined),
  );
  app.post<{ Params: Params; Body: Form }>('/console/e/:ente/catalogo/nuovo', write, (request, reply) =>
    save(request, reply),
  );

  app.get<{ Params: ServiceParams; Querystring: { fatto?: string } }>(
    '/console/e/:ente/catalogo/:serviceId',
    read,
    async (request, reply) => {
      const s = await serviceOf(request);
      if (!s) return pages.message(request, reply, 404, 'notFound');
      const { lang, t } = pages.base(request, reply);
      const done = { salvato: t.cat_saved, ritirato: t.cat_retired, rimesso: t.cat_reinstated }[
        request.query.fatto ?? ''
      ];
      return renderSettings(pages, request, reply, 'settings/service.njk', () => s.title, {
        s: { ...s, amountText: amountWords(s, lang, t.cat_range), retired: when(s.retiredAt, lang) },
        canWrite: canWrite(request) && covers(request, s, 'write'),
        here: `${list(request)}/${s.id}`,
        back: list(request),
        done: done ?? '',
      });
    },
  );

  app.get<{ Params: ServiceParams }>('/console/e/:ente/catalogo/:serviceId/modifica', write, async (request, reply) => {
    const s = await serviceOf(request);
    if (!s) return pages.message(request, reply, 404, 'notFound');
    return serviceForm(request, reply, formOfService(s, pages.base(request, reply).lang), s);
  });

  app.post<{ Params: ServiceParams; Body: Form }>(
    '/console/e/:ente/catalogo/:serviceId/modifica',
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      const s = await serviceOf(request);
      if (!s) return pages.message(request, reply, 404, 'notFound');
      return save(request, reply, s);
    },
  );

  for (const [path, act, done] of [
    ['ritira', 'retire', 'ritirato'],
    ['rimetti', 'reinstate', 'rimesso'],
  ] as const) {
    app.post<{ Params: ServiceParams; Body: { _csrf?: string } }>(
      `/console/e/:ente/catalogo/:serviceId/${path}`,
      write,
      async (request, reply) => {
        if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
          return pages.message(request, reply, 400, 'expiredForm');
        }
        const s = await serviceOf(request);
        if (!s) return pages.message(request, reply, 404, 'notFound');
        try {
          await deps.catalogue[act](gate.at(request).at, s.id, request.actor);
        } catch (error) {
          const refused = refusedOperator(pages, request, reply, error);
          if (refused) return refused;
          throw error;
        }
        return reply.redirect(`${list(request)}/${s.id}?fatto=${done}`, 303);
      },
    );
  }
}
