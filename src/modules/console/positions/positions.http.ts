// The console's positions search (GET /console/e/:ente/posizioni): one text box that recognises what
// it holds, filters, a sortable and paged table of 50, and the export of the same search as CSV or
// XLSX, streamed (export.ts) and recorded in the audit log (exporting personal data is an act someone
// answers for). A role limited to some services sees only theirs. A GET form: no JavaScript needed.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EVERY_SERVICE } from '../../../shared/principal.ts';
import { recordAudit } from '../../audit/audit.ts';
import { POSITION_STATUSES } from '../../positions/position.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { page } from '../web.ts';
import { registerDetailRoute } from './detail.http.ts';
import { csvChunks, xlsxChunks } from './export.ts';
import { largeExportPage, registerExportsRoutes } from './exports.http.ts';
import { resultsView } from './results.ts';
import { countMatches, countRows, exportRows, searchPage } from './search.db.ts';
import { filtersOf, type PositionSearch, parseSearch } from './search.ts';
import { type PositionsDeps, positionsUrl, scopeOf } from './where.ts';

export function registerPositionsRoutes(
  app: FastifyInstance,
  deps: PositionsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const db = deps.database.db;
  const read = gate.entityRoute('positions', 'read');

  app.get('/console/e/:ente/posizioni', read, async (request, reply) => {
    const at = gate.at(request);
    const search = parseSearch(request.query as Record<string, unknown>);
    const scope = scopeOf(at);
    const m = pages.base(request, reply);
    const [found, count, services] = await Promise.all([
      searchPage(db, at.at.id, search, scope),
      countMatches(db, at.at.id, search, scope),
      deps.catalogue.list(at.at, { includeRetired: true }),
    ]);
    const visible = services.filter(
      (s) => scope === EVERY_SERVICE || scope.includes(s.id) || scope.includes(s.accounting.category),
    );
    const base = positionsUrl(at.at.fiscalCode);
    return page(request, reply, 'positions/search.njk', {
      ...m,
      title: m.t.positions_title,
      form: {
        action: base,
        q: String((request.query as { q?: unknown }).q ?? '').slice(0, 140),
        statuses: POSITION_STATUSES.map((s) => ({
          value: s,
          label: m.t[`positions_status_${s}`],
          selected: s === search.status,
        })),
        dueFrom: search.dueFrom ?? '',
        dueTo: search.dueTo ?? '',
        services: visible.map((s) => ({
          value: s.id,
          label: (m.lang === 'en' && s.titleEn) || s.title,
          selected: s.id === search.service,
        })),
        ignored: search.ignored.length > 0,
      },
      exportsUrl: `${base}/esportazioni`,
      kindText: search.kind ? m.t[`positions_kind_${search.kind}`].replace('{q}', search.q) : '',
      ...resultsView(search, found, count, base, m.t, m.lang),
    });
  });

  async function exportSearch(request: FastifyRequest, reply: FastifyReply, format: 'csv' | 'xlsx') {
    const at = gate.at(request);
    const search: PositionSearch = parseSearch(request.query as Record<string, unknown>);
    const scope = scopeOf(at);
    const over = deps.positionExports.backgroundOver;
    if ((await countRows(db, at.at.id, search, scope, over)) > over) {
      return largeExportPage(request, reply, pages, search, format, over);
    }
    await recordAudit(db, request.actor, {
      entityId: at.at.id,
      action: 'positions.export',
      subjectType: 'entity',
      subjectId: at.at.id,
      after: { format, filters: filtersOf(search), services: scope },
    });
    const rows = exportRows(db, at.at.id, search, scope);
    const stamp = deps.clock.now().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    const name = `posizioni-${at.at.fiscalCode}-${stamp}.${format}`;
    reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .type(
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    return reply.send(Readable.from(format === 'csv' ? csvChunks(rows) : xlsxChunks(rows)));
  }

  app.get('/console/e/:ente/posizioni/export.csv', read, (request, reply) => exportSearch(request, reply, 'csv'));
  app.get('/console/e/:ente/posizioni/export.xlsx', read, (request, reply) => exportSearch(request, reply, 'xlsx'));

  registerExportsRoutes(app, deps, pages, gate);
  registerDetailRoute(app, deps, pages, gate);
}
