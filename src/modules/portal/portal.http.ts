// The citizen portal, anonymous part: an entity's home page, paying a notice by its number without
// signing in (look-up, then pay through pagoPA Checkout or the sandbox; the result is
// payment.http.ts), and the notice PDF. Server-rendered with Bootstrap Italia; every page works
// without JavaScript. Forms carry CSRF tokens; failed look-ups are limited per address.

import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { sendDownload } from '../../http/downloads.ts';
import { acceptForms } from '../../http/forms.ts';
import type { Clock } from '../../shared/clock.ts';
import { todayInRome } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { normalizeNoticeNumberInput, parseNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import type { Catalogue } from '../catalogue/catalogue.service.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import type { AttemptsService } from '../payments/attempts/attempts.service.ts';
import { refusal } from '../payments/station/notice-state.ts';
import type { PositionsService } from '../positions/positions.service.ts';
import { entityOfUrl } from './citizen.ts';
import { noticeView } from './notice-view.ts';
import type { PortalPages } from './pages.ts';
import { payerActor, paymentReturnUrls } from './payment.http.ts';
import { failureLimiter, overLimit } from './rate-limit.ts';
import { csrfToken, csrfValid, languageOf, page, rememberPayment } from './web.ts';

export interface PortalDeps {
  entities: Pick<EntitiesService, 'list' | 'byFiscalCode'>;
  positions: Pick<PositionsService, 'lookupNotice'>;
  attempts: Pick<AttemptsService, 'start'>;
  notices: Pick<NoticesService, 'pdf'>;
  catalogue: Pick<Catalogue, 'offered'>;
  clock: Clock;
  /** The database, for the look-up limiter shared by every process. */
  db: Kysely<Schema>;
}

export interface PortalOptions {
  /** Cassa's public base URL: pagoPA Checkout sends the payer back to `${publicUrl}/pagamento/…`. */
  publicUrl: string;
}

const BI_DIST = join(import.meta.dirname, '../../../node_modules/bootstrap-italia/dist');
const ASSETS = join(import.meta.dirname, 'assets');

export function registerPortalRoutes(
  app: FastifyInstance,
  deps: PortalDeps,
  portal: PortalPages,
  options: PortalOptions,
) {
  const { keys } = portal;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  // G2 of the reliability battery: 20 failed look-ups per address in 10 minutes, then 429.
  const lookups = failureLimiter({ db: deps.db, clock: deps.clock, limit: 20, windowMs: 10 * 60_000 });

  // Bootstrap Italia served by Cassa itself (no CDN): its CSS, fonts and icon sprite, and the portal's CSS.
  app.register(fastifyStatic, {
    root: BI_DIST,
    prefix: '/assets/bi/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => /^\/(css|fonts|svg)\/[\w./-]+$/.test(path) && !path.includes('..'),
    maxAge: '1d',
  });
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

  /** The 429 page when this address failed too many look-ups lately; undefined when it may go on. */
  async function tooManyLookups(request: FastifyRequest, reply: FastifyReply, entity: Entity) {
    return (await overLimit(lookups, request.ip, reply)) ? message(request, reply, 429, 'tooMany', entity) : undefined;
  }

  /** The notice if it can be paid now; undefined otherwise (unknown, paid, cancelled...). */
  async function payableNotice(entity: Entity, nav: string) {
    const found = await deps.positions.lookupNotice(entity.fiscalCode, nav);
    const notice = found?.notice;
    if (!found || !notice) return undefined;
    const refused = refusal(
      { ...notice, payableAfterDue: found.entity.payableAfterDue },
      todayInRome(deps.clock.now()),
    );
    return refused ? undefined : notice;
  }

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
        const blocked = await tooManyLookups(request, reply, entity);
        if (blocked) return blocked;
        const typed = String(request.body?.nav ?? '');
        const nav = normalizeNoticeNumberInput(typed);
        let problem: string | undefined;
        if (nav === '') problem = t.errorNoticeEmpty;
        else if (!/^\d{18}$/.test(nav)) problem = t.errorNoticeFormat;
        else if (!parseNoticeNumber(nav).ok) problem = t.errorNoticeCheck;
        else if (!(await payableNotice(entity, nav))) problem = t.errorNoticeNotPayable;
        if (problem) {
          await lookups.fail(request.ip);
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
        return reply.redirect(`/e/${entity.fiscalCode}/avviso/${nav}`, 303);
      },
    );

    app.get<{ Params: { fiscalCode: string; nav: string } }>(
      '/e/:fiscalCode/avviso/:nav',
      { schema: html },
      async (request, reply) => {
        const entity = await entityOf(request.params.fiscalCode);
        if (!entity) return message(request, reply, 404, 'notFound');
        const blocked = await tooManyLookups(request, reply, entity);
        if (blocked) return blocked;
        const nav = request.params.nav;
        const notice = /^\d{18}$/.test(nav) ? await payableNotice(entity, nav) : undefined;
        if (!notice) {
          await lookups.fail(request.ip);
          return message(request, reply, 404, 'notFound', entity);
        }
        const model = base(request, reply, entity);
        return page(request, reply, 'notice.njk', {
          ...model,
          title: model.t.noticeTitle,
          entity,
          notice: noticeView(notice, model.lang),
          csrf: csrfToken(request, reply, keys),
        });
      },
    );

    app.get<{ Params: { fiscalCode: string; nav: string } }>(
      '/e/:fiscalCode/avviso/:nav/pdf',
      { schema: html },
      async (request, reply) => {
        const entity = await entityOf(request.params.fiscalCode);
        const notice =
          entity && /^\d{18}$/.test(request.params.nav) ? await payableNotice(entity, request.params.nav) : undefined;
        if (!entity || !notice) return message(request, reply, 404, 'notFound', entity);
        const lang = languageOf(request, reply);
        const { stream, fileName } = await deps.notices.pdf(entity, notice.iupd, {
          nav: notice.nav,
          language: lang === 'en' ? 'it-en' : 'it',
        });
        return sendDownload(reply, { contentType: 'application/pdf', fileName: fileName, body: stream });
      },
    );

    app.post<{ Params: { fiscalCode: string; nav: string }; Body: { _csrf?: string } }>(
      '/e/:fiscalCode/avviso/:nav/paga',
      { schema: html },
      async (request, reply) => {
        const entity = await entityOf(request.params.fiscalCode);
        if (!entity) return message(request, reply, 404, 'notFound');
        if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
        // Paying names a notice number too: the same limit as looking one up, or it would be a way round it.
        const blocked = await tooManyLookups(request, reply, entity);
        if (blocked) return blocked;
        try {
          const { attempt } = await deps.attempts.start(
            entity,
            { noticeNumbers: [request.params.nav], returnUrls: paymentReturnUrls(publicUrl) },
            payerActor(request),
          );
          rememberPayment(request, reply, keys, attempt.id);
          return reply.redirect(`/pagamento/${attempt.id}`, 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const model = base(request, reply, entity);
          if (error.code === 'NOT_PAYABLE' || error.code === 'VALIDATION_FAILED') {
            await lookups.fail(request.ip);
            return message(request, reply, 404, 'notFound', entity);
          }
          const notice = await payableNotice(entity, request.params.nav);
          if (!notice) return message(request, reply, 404, 'notFound', entity);
          const problem = error.code === 'PAYMENT_IN_PROGRESS' ? model.t.inProgressText : model.t.checkoutDown;
          return page(
            request,
            reply,
            'notice.njk',
            {
              ...model,
              title: model.t.noticeTitle,
              entity,
              notice: noticeView(notice, model.lang),
              problem,
              csrf: csrfToken(request, reply, keys),
            },
            { status: error.code === 'PAYMENT_IN_PROGRESS' ? 409 : 502 },
          );
        }
      },
    );
  }
}
