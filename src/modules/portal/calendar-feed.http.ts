// The due-date calendar's iCalendar answers: the single-event .ics of one instalment, the page and
// form that make, replace and revoke the citizen's private feed address, and the feed itself, read
// by calendar apps through the secret of its address. See docs/adr/0018-calendar-feed.md.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../../http/downloads.ts';
import { csrfValid } from '../../http/web/csrf.ts';
import { formatItalianDate, todayInRome } from '../../shared/dates.ts';
import type { Entity } from '../entities/entity.ts';
import { citizenActor } from '../identity/citizen-actor.ts';
import type { CitizenSession } from '../identity/sessions.service.ts';
import type { CalendarDeps } from './calendar.http.ts';
import type { CitizenGate } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import { page } from './web.ts';

type Params = { fiscalCode: string };

/** iCalendar answers: personal data behind a secret, so no cache keeps a copy (and revoking is at once). */
function sendCalendar(reply: FastifyReply, body: string, fileName?: string) {
  reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
  return sendDownload(reply, { contentType: 'text/calendar; charset=utf-8', fileName, body });
}

export function registerCalendarFeedRoutes(
  app: FastifyInstance,
  deps: CalendarDeps,
  portal: PortalPages,
  gate: CitizenGate,
) {
  const { keys, message } = portal;
  const html = { hide: true } as const;

  function feedPage(
    request: FastifyRequest,
    reply: FastifyReply,
    entity: Entity,
    session: CitizenSession,
    shown: { url?: string; revoked?: boolean; exists?: Date; errors?: { field: string; message: string }[] },
  ) {
    const model = gate.model(request, reply, session, entity);
    return page(
      request,
      reply,
      'calendar-feed.njk',
      {
        ...model,
        title: shown.errors ? `${model.t.errorSummaryTitle}: ${model.t.feedTitle}` : model.t.feedTitle,
        entity,
        url: shown.url,
        webcal: shown.url?.replace(/^https?:/, 'webcal:'),
        revoked: shown.revoked,
        exists: shown.exists && formatItalianDate(todayInRome(shown.exists)),
        errors: shown.errors,
      },
      { status: shown.errors ? 400 : 200 },
    );
  }

  app.get<{ Params: Params & { nav: string } }>(
    '/e/:fiscalCode/scadenze/:nav.ics',
    { schema: html },
    async (request, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const { entity, session } = who;
      const nav = request.params.nav;
      const lang = portal.base(request, reply, entity).lang;
      // Not an open due date of the citizen: the same 404 as a notice that does not exist.
      const ics = /^\d{18}$/.test(nav)
        ? await deps.calendar.eventCalendar(entity, session.fiscalCode, nav, lang)
        : undefined;
      if (!ics) return message(request, reply, 404, 'notFound', entity);
      return sendCalendar(reply, ics, `scadenza-${nav}.ics`);
    },
  );

  app.get<{ Params: Params; Querystring: { esito?: string } }>(
    '/e/:fiscalCode/scadenze/calendario',
    { schema: html },
    async (request, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const feed = await deps.calendar.feed(who.session.fiscalCode);
      return feedPage(request, reply, who.entity, who.session, {
        exists: feed?.createdAt,
        revoked: request.query.esito === 'revocato' && !feed,
      });
    },
  );

  app.post<{ Params: Params; Body: { azione?: string; _csrf?: string } }>(
    '/e/:fiscalCode/scadenze/calendario',
    { schema: html },
    async (request, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const { entity, session } = who;
      if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
      const actor = citizenActor(request, session);
      const action = request.body?.azione;
      if (action === 'nuovo') {
        const lang = portal.base(request, reply, entity).lang;
        const { url } = await deps.calendar.newFeed(session.fiscalCode, lang, actor);
        // Shown in this answer only: the address is not kept, so it cannot be shown again.
        return feedPage(request, reply, entity, session, { url, exists: deps.clock.now() });
      }
      if (action === 'revoca') {
        await deps.calendar.revokeFeed(session.fiscalCode, actor);
        return reply.redirect(`/e/${entity.fiscalCode}/scadenze/calendario?esito=revocato`, 303);
      }
      const feed = await deps.calendar.feed(session.fiscalCode);
      const t = portal.base(request, reply, entity).t;
      return feedPage(request, reply, entity, session, {
        exists: feed?.createdAt,
        errors: [{ field: 'feed-create', message: t.feedUnknownAction }],
      });
    },
  );

  // The feed: no session (calendar apps have none), only the secret of its address.
  app.get<{ Params: { feedToken: string } }>('/calendario/:feedToken.ics', { schema: html }, async (request, reply) => {
    const ics = await deps.calendar.feedCalendar(request.params.feedToken);
    if (!ics) return message(request, reply, 404, 'notFound');
    return sendCalendar(reply, ics);
  });
}
