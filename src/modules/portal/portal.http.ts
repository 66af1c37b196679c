// The citizen portal, anonymous part: the static assets, an entity's home page and the look-up of a
// notice by its number (then notice.http.ts: the notice, its PDF, paying it; the result is
// payment.http.ts). Server-rendered with Bootstrap Italia; every page works without JavaScript.
// Forms carry CSRF tokens; every access by notice number goes through the notice limiter (ADR 0023).

import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { acceptForms } from '../../http/forms.ts';
import { csrfToken, csrfValid } from '../../http/web/csrf.ts';
import { normalizeNoticeNumberInput, parseNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import type { Catalogue } from '../catalogue/catalogue.service.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import { entityOfUrl } from './citizen.ts';
import { type NoticeRouteDeps, payableNotice, registerNoticeRoutes } from './notice.http.ts';
import type { PortalPages } from './pages.ts';
import { page } from './web.ts';

export interface PortalDeps extends NoticeRouteDeps {
  entities: Pick<EntitiesService, 'list' | 'byFiscalCode'>;
  catalogue: Pick<Catalogue, 'offered'>;
}

export interface PortalOptions {
  /** Cassa's public base URL: pagoPA Checkout sends the payer back to `${publicUrl}/pagamento/…`. */
  publicUrl: string;
}

const ASSETS = join(import.meta.dirname, 'assets');

export function registerPortalRoutes(
  app: FastifyInstance,
  deps: PortalDeps,
  portal: PortalPages,
  options: PortalOptions,
) {
  const { keys } = portal;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const access = deps.noticeAccess;

  // The portal's CSS (the frame's assets and Bootstrap Italia's: http/web/assets.ts).
  app.register(fastifyStatic, {
    root: ASSETS,
    prefix: '/assets/portal/',
    decorateReply: false,
    index: false,
    maxAge: '1h',
  });

  app.register(async (scope) => {
    acceptForms(scope);
    routes(scope);
  });

  const { base, message } = portal;

  const entityOf = (fiscalCode: string) => entityOfUrl(deps.entities, fiscalCode);

  function routes(app: FastifyInstance) {
    const html = { hide: true } as const;

    app.get('/', { schema: html }, async (request, reply) => {
      const entities = await deps.entities.list();
      if (entities.length === 1) return reply.redirect(`/e/${entities[0]!.fiscalCode}`, 303);
      const model = base(request, reply);
      return page(
        request,
        reply,
        'entities.njk',
        { ...model, title: model.t.entitiesTitle, entities },
        { noStore: false },
      );
    });

    app.get<{ Params: { fiscalCode: string } }>('/e/:fiscalCode', { schema: html }, async (request, reply) => {
      const entity = await entityOf(request.params.fiscalCode);
      if (!entity) return message(request, reply, 404, 'notFound');
      const model = base(request, reply, entity);
      // What can be paid here besides notices: the catalogue's services, by name.
      const services = await deps.catalogue.offered(entity);
      return page(request, reply, 'entity.njk', {
        ...model,
        title: model.t.payNoticeTitle,
        entity,
        services: services.map((s) => ({
          title: model.lang === 'en' && s.titleEn ? s.titleEn : s.title,
          href: `/e/${entity.fiscalCode}/servizi/${s.id}`,
        })),
        csrf: csrfToken(request, reply, keys),
      });
    });

    app.post<{ Params: { fiscalCode: string }; Body: { nav?: string; _csrf?: string } }>(
      '/e/:fiscalCode/avviso',
      { schema: html },
      async (request, reply) => {
        const entity = await entityOf(request.params.fiscalCode);
        if (!entity) return message(request, reply, 404, 'notFound');
        if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
        const model = base(request, reply, entity);
        const t = model.t;
        const ticket = await access.admit(request, entity);
        const typed = String(request.body?.nav ?? '');
        const nav = normalizeNoticeNumberInput(typed);
        let problem: string | undefined;
        if (nav === '') problem = t.errorNoticeEmpty;
        else if (!/^\d{18}$/.test(nav)) problem = t.errorNoticeFormat;
        else if (!parseNoticeNumber(nav).ok) problem = t.errorNoticeCheck;
        else if (!(await payableNotice(deps, entity, nav))) problem = t.errorNoticeNotPayable;
        if (problem) {
          await ticket.failed();
          return page(
            request,
            reply,
            'entity.njk',
            {
              ...model,
              title: `${t.errorSummaryTitle}: ${t.payNoticeTitle}`,
              entity,
              nav: typed,
              fieldError: problem,
              errors: [{ field: 'nav', message: problem }],
              csrf: csrfToken(request, reply, keys),
            },
            { status: 400 },
          );
        }
        await ticket.succeeded();
        return reply.redirect(`/e/${entity.fiscalCode}/avviso/${nav}`, 303);
      },
    );

    registerNoticeRoutes(app, deps, portal, { publicUrl });
  }
}
