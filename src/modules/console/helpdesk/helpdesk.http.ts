// The help desk's one search box (GET /console/e/:ente/assistenza?q=…, payments:read): what it finds
// (find.ts) told as stories in plain words (story.ts) — a notice's, a receipt's or a person's whole
// story, a short list when several people match, a helpful message when nothing does — each linking
// to the position's page. The answer to a sent e-mail (?inviato=…) is shown above it.
import type { FastifyInstance } from 'fastify';
import { reachesArea, servicesOf } from '../../../shared/principal.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { fill } from '../position-forms/render.ts';
import { findPosition, positionInScope, timelineSources } from '../positions/detail.db.ts';
import { positionsUrl } from '../positions/where.ts';
import { entityRoot } from '../sections.ts';
import { page } from '../web.ts';
import { findStory } from './find.ts';
import { type HelpdeskDeps, registerSendRoute } from './send.ts';
import { type PositionStory, positionStory } from './story.ts';

const LOCALE = { it: 'it-IT', en: 'en-GB' } as const;

export function registerHelpdeskRoutes(
  app: FastifyInstance,
  deps: HelpdeskDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const db = deps.database.db;
  app.get('/console/e/:ente/assistenza', gate.entityRoute('payments', 'read'), async (request, reply) => {
    const active = gate.at(request);
    const { at, principal } = active;
    const query = request.query as { q?: unknown };
    const q = String(Array.isArray(query.q) ? query.q[0] : (query.q ?? '')).slice(0, 140);
    const scope = servicesOf(principal, at.id, 'payments', 'read');
    const found = await findStory(db, at.id, q, scope);
    const m = pages.base(request, reply);
    const { t, lang } = m;
    const self = `${entityRoot(at.fiscalCode)}/assistenza`;
    const stories: PositionStory[] = [];
    if (found.kind === 'stories') {
      for (const iupd of found.iupds) {
        const detail = await findPosition(db, at.id, iupd);
        if (!detail || !positionInScope(detail, scope)) continue;
        stories.push(positionStory(at.fiscalCode, detail, await timelineSources(db, at.id, detail), t, lang));
      }
    }
    const day = (d: Date) =>
      new Intl.DateTimeFormat(LOCALE[lang], { timeZone: 'Europe/Rome', dateStyle: 'long' }).format(d);
    const orphans =
      found.kind === 'stories'
        ? found.orphans.map((o) =>
            fill(t.hd_receiptOrphan, { id: o.id, amount: o.amount(lang), day: day(o.paidAt), nav: o.nav }),
          )
        : [];
    let heading: string | undefined;
    if (found.kind === 'stories' && (stories.length > 0 || orphans.length > 0)) {
      heading =
        found.about === 'person' && found.person
          ? fill(t.hd_personTitle, { name: found.person.name, cf: found.person.fiscalCode })
          : found.about === 'notice'
            ? fill(t.hd_noticeTitle, {
                nav: q.replace(/[\s.-]/g, '').length === 17 ? `3${q.replace(/[\s.-]/g, '')}` : q.replace(/[\s.-]/g, ''),
              })
            : fill(t.hd_receiptTitle, { id: q.trim() });
    }
    const nothing = found.kind === 'none' || (found.kind === 'stories' && stories.length === 0 && orphans.length === 0);
    const back = q ? `${self}?q=${encodeURIComponent(q)}` : self;
    return page(request, reply, 'helpdesk/search.njk', {
      ...m,
      title: heading ? `${heading} – ${t.hd_title}` : t.hd_title,
      action: self,
      q,
      back,
      heading,
      stories,
      orphans,
      canSend: reachesArea(principal, at.id, 'messages', 'write'),
      nothing: nothing ? fill(t.hd_nothing, { q }) : undefined,
      people:
        found.kind === 'people'
          ? found.people.map((p) => ({ ...p, href: `${self}?q=${encodeURIComponent(p.fiscalCode)}` }))
          : [],
      more:
        found.kind === 'stories' && found.about === 'person' && found.total > stories.length
          ? {
              text: fill(t.hd_morePositions, { shown: stories.length, total: found.total }),
              href: `${positionsUrl(at.fiscalCode)}?q=${encodeURIComponent(found.person?.fiscalCode ?? q)}`,
            }
          : undefined,
    });
  });
  registerSendRoute(app, deps, pages, gate);
}
