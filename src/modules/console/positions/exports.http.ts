// The background exports of large searches in the console: the export links of a search above the
// threshold answer a page with a small form (POST /posizioni/esportazioni, CSRF) instead of a file;
// the form records the export and its job; /posizioni/esportazioni lists the entity's exports the
// operator may see, each downloadable when ready (/posizioni/esportazioni/:exportId, audited).
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { consoleCsrfValid, page } from '../web.ts';
import type { ExportFormat } from './exports.service.ts';
import { romeTime } from './format.ts';
import { filtersOf, type PositionSearch, parseSearch, searchQuery } from './search.ts';
import { type PositionsDeps, positionsUrl, scopeOf } from './where.ts';

const FIELDS = ['q', 'stato', 'scadenzaDal', 'scadenzaAl', 'servizio'] as const;

/** The page that offers to prepare a large export in the background. */
export function largeExportPage(
  request: FastifyRequest,
  reply: FastifyReply,
  pages: ConsolePages,
  search: PositionSearch,
  format: ExportFormat,
  over: number,
) {
  const m = pages.base(request, reply);
  const params = new URLSearchParams(searchQuery({ ...search, page: 0, sort: 'created', dir: 'desc' }).slice(1));
  const fiscalCode = (request.params as { ente: string }).ente;
  return page(request, reply, 'positions/export-large.njk', {
    ...m,
    title: m.t.positions_largeTitle,
    text: m.t.positions_largeText.replace('{n}', over.toLocaleString(m.lang === 'it' ? 'it-IT' : 'en-GB')),
    action: `${positionsUrl(fiscalCode)}/esportazioni`,
    format,
    fields: FIELDS.flatMap((name) => (params.get(name) ? [{ name, value: params.get(name) }] : [])),
    back: `${positionsUrl(fiscalCode)}${searchQuery(search)}`,
  });
}

export function registerExportsRoutes(
  app: FastifyInstance,
  deps: PositionsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const read = gate.entityRoute('positions', 'read');

  async function listPage(request: FastifyRequest, reply: FastifyReply, problem?: string) {
    const at = gate.at(request);
    const m = pages.base(request, reply);
    const { t, lang } = m;
    const rows = await deps.positionExports.list(at.at.id, scopeOf(at));
    const base = `${positionsUrl(at.at.fiscalCode)}/esportazioni`;
    const describe = (search: PositionSearch) =>
      Object.values(filtersOf(search))
        .filter((v) => typeof v === 'string' && !['text', 'nav', 'iuv', 'fiscalCode'].includes(v))
        .join(' · ') || t.positions_everything;
    return pages.formPage(
      request,
      reply,
      'positions/exports.njk',
      {
        titleKey: 'positions_exportsTitle',
        back: positionsUrl(at.at.fiscalCode),
        exports: rows.map((row) => ({
          requested: romeTime(row.created_at, lang),
          format: row.format.toUpperCase(),
          search: describe(JSON.parse(row.search) as PositionSearch),
          status: t[`positions_export_${row.status}`],
          rows: row.row_count ?? '',
          href: row.status === 'COMPLETED' ? `${base}/${row.id}` : undefined,
        })),
      },
      problem ? [{ field: 'format', message: problem }] : [],
      400,
    );
  }

  app.get('/console/e/:ente/posizioni/esportazioni', read, (request, reply) => listPage(request, reply));

  app.post('/console/e/:ente/posizioni/esportazioni', read, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!consoleCsrfValid(request, pages.keys, body._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const at = gate.at(request);
    const format = body.format;
    if (format !== 'csv' && format !== 'xlsx') {
      return listPage(request, reply, pages.base(request, reply).t.positions_formatMissing);
    }
    const search = parseSearch(body);
    await deps.positionExports.create(at.at.id, search, format, scopeOf(at), request.actor);
    return reply.redirect(`${positionsUrl(at.at.fiscalCode)}/esportazioni`, 303);
  });

  app.get('/console/e/:ente/posizioni/esportazioni/:exportId', read, async (request, reply) => {
    const at = gate.at(request);
    const { exportId } = request.params as { exportId: string };
    const file = await deps.positionExports.file(at.at.id, exportId, scopeOf(at), request.actor);
    if (!file) return pages.message(request, reply, 404, 'notFound');
    const stamp = file.row.created_at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    reply
      .header('content-disposition', `attachment; filename="posizioni-${at.at.fiscalCode}-${stamp}.${file.row.format}"`)
      .header('cache-control', 'no-store')
      .type(
        file.row.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    if (file.row.byte_size !== null) reply.header('content-length', String(file.row.byte_size));
    return reply.send(Readable.from(file.chunks));
  });
}
