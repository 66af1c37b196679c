// The entity's dashboard (GET /console/e/<cf>, payments:read): the figures of figures.ts as a page,
// complete without JavaScript; and its live feed (GET …/cruscotto/eventi, the same need), a stream of
// server-sent events: `figures` with the figures rendered again whenever the entity's payments move
// (feed.ts), `end` when the operator's session has ended. The page's script swaps them in.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { viewEngine } from '../../../http/web/views.ts';
import type { Services } from '../../../services.ts';
import { EVERY_SERVICE, reachesArea, servicesOf } from '../../../shared/principal.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { entityRoot } from '../sections.ts';
import { consoleTexts, type Language } from '../texts.ts';
import { languageOf, page } from '../web.ts';
import type { Scope } from './dashboard.db.ts';
import { dashboardFeed, type FeedOptions } from './feed.ts';
import { type DashboardFigures, dashboardFigures } from './figures.ts';
import { dashboardView } from './view.ts';

export type DashboardDeps = Pick<Services, 'database' | 'clock'>;

const fragments = viewEngine([join(import.meta.dirname, '../views')]);

/** The live feed's address for an entity, with the change mark the page's figures were read after. */
export const feedUrl = (fiscalCode: string, mark: string | undefined) =>
  `${entityRoot(fiscalCode)}/cruscotto/eventi${mark ? `?dal=${encodeURIComponent(mark)}` : ''}`;

export function registerDashboardRoutes(
  app: FastifyInstance,
  deps: DashboardDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
  feedOptions: FeedOptions = {},
) {
  const db = deps.database.db;
  const feed = dashboardFeed({ db, clock: deps.clock, log: app.log }, feedOptions);
  app.addHook('preClose', () => feed.close());

  const viewOf = (figures: DashboardFigures, lang: Language, fiscalCode: string, webhooksLink: boolean) =>
    dashboardView(figures, { lang, t: consoleTexts(lang), fiscalCode, webhooksLink });

  const limitedNote = (scope: Scope, figures: DashboardFigures, lang: Language) =>
    scope === EVERY_SERVICE
      ? undefined
      : consoleTexts(lang).dashboard_limited.replace(
          '{services}',
          scope.map((s) => figures.titles.get(s)?.[lang] ?? s).join(', ') || '—',
        );

  app.get('/console/e/:ente', gate.entityRoute('payments', 'read'), async (request, reply) => {
    const { principal, at } = gate.at(request);
    const scope = servicesOf(principal, at.id, 'payments', 'read');
    // The mark first: a payment landing while the figures are read moves it, and the feed catches up.
    const mark = await feed.markOf(at.id);
    const figures = await dashboardFigures(db, at.id, scope, deps.clock.now());
    const model = pages.base(request, reply);
    const webhooks = reachesArea(principal, at.id, 'settings', 'read');
    return page(request, reply, 'dashboard/dashboard.njk', {
      ...model,
      title: model.t.dashboard_title,
      limited: limitedNote(scope, figures, model.lang),
      v: viewOf(figures, model.lang, at.fiscalCode, webhooks),
      feedUrl: feedUrl(at.fiscalCode, mark),
    });
  });

  app.get<{ Querystring: { dal?: string } }>(
    '/console/e/:ente/cruscotto/eventi',
    gate.entityRoute('payments', 'read'),
    async (request, reply) => {
      const { principal, at, session } = gate.at(request);
      const scope = servicesOf(principal, at.id, 'payments', 'read');
      const lang = languageOf(request, reply);
      const webhooks = reachesArea(principal, at.id, 'settings', 'read');
      const stream = new PassThrough();
      const write = (text: string) => {
        if (!stream.writableEnded) stream.write(text);
      };
      const stop = feed.listen({
        entityId: at.id,
        scope,
        lang,
        sessionId: session.id,
        seen: typeof request.query.dal === 'string' ? request.query.dal : undefined,
        update(figures) {
          const v = viewOf(figures, lang, at.fiscalCode, webhooks);
          const html = fragments.render('dashboard/figures.njk', { v, t: consoleTexts(lang) });
          write(
            `event: figures\ndata: ${JSON.stringify({ html, at: figures.at.toISOString(), updated: v.updated })}\n\n`,
          );
        },
        end(told) {
          if (told) write('event: end\ndata: {}\n\n');
          stream.end();
        },
        ping: () => write(': ping\n\n'),
      });
      // The connection closed (the browser went away, the page was left): stop listening at once.
      reply.raw.on('close', () => {
        stop();
        stream.end();
      });
      stream.write('retry: 5000\n\n');
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );

  return feed;
}
