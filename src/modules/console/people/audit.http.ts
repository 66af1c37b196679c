// The entity's audit log (/console/e/:ente/registro): filters by who, action, subject and days (GET
// query, so a filtered page can be linked), newest first, paged; each record in words (who by name
// when an operator of the entity, what, on what, when, from which request and address, the before
// and after); the chain's verification on request; the current filter as CSV, streamed, which is
// itself recorded ("audit.export"). Only the entity's own records.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { formatCsvRow, neutralizeSpreadsheetFormula } from '../../../shared/csv.ts';
import { endOfDayRome, parseInstant, parseIsoDate } from '../../../shared/dates.ts';
import { EVERY_ENTITY, type Principal } from '../../../shared/principal.ts';
import { recordAudit } from '../../audit/audit.ts';
import { verifyAuditChains } from '../../audit/audit-verify.ts';
import { operatorActorId } from '../../operators/operator.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts } from '../texts.ts';
import { actionWords } from './actions.ts';
import { type AuditFilter, auditActions, auditBatches, auditPage } from './people.db.ts';
import { type PeopleDeps, when } from './people.ts';

const PER_PAGE = 50;

type Query = Record<string, string | undefined>;

/** The filter of the query string, with a problem per date that is not one. */
export function filterOf(
  query: Query,
  t: ConsoleTexts,
  installationAdmin: boolean,
): { filter: AuditFilter; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (name: string) => (query[name] ?? '').trim().slice(0, 200) || undefined;
  const day = (name: string, end: boolean) => {
    const value = text(name);
    if (!value) return undefined;
    const date = parseIsoDate(value);
    if (!date) {
      errors.push({ field: name, message: t.people_dateProblem });
      return undefined;
    }
    return end ? new Date(parseInstant(endOfDayRome(date))!.getTime() + 1000) : parseInstant(`${date}T00:00:00`)!;
  };
  const filter: AuditFilter = {
    actor: text('attore'),
    action: text('azione'),
    subjectType: text('tipo'),
    subjectId: text('oggetto'),
    from: day('dal', false),
    to: day('al', true),
    installation: installationAdmin && query.installazione === '1',
  };
  return { filter, errors };
}

const FILTER_FIELDS = ['attore', 'azione', 'tipo', 'oggetto', 'dal', 'al', 'installazione'] as const;

/** Whether the principal reads the audit of every entity (an installation administrator). */
const readsInstallation = (principal: Principal) =>
  principal.grants.some((g) => g.entityId === EVERY_ENTITY && g.area === 'audit');

/** The query string of the filter (the paging links and the export keep it). */
const queryOf = (query: Query, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams();
  for (const name of FILTER_FIELDS) if (query[name]) params.set(name, query[name]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
};

const json = (value: string | null) => (value === null ? '' : value);

export function registerAuditRoutes(app: FastifyInstance, deps: PeopleDeps, pages: ConsolePages, gate: ConsoleGate) {
  const read = gate.entityRoute('audit', 'read');

  /** Operators by their actor id, to name them. */
  async function names(entityId: string) {
    // The entity's operators and the installation's (who may act at every entity).
    const operators = [
      ...(await deps.operators.accounts.list(entityId)),
      ...(await deps.operators.accounts.list(null)),
    ];
    return new Map(operators.map((o) => [operatorActorId(o.id), `${o.displayName} (${o.email})`]));
  }

  app.get<{ Querystring: Query }>('/console/e/:ente/registro', read, async (request, reply) => {
    const at = gate.at(request);
    const { t, lang } = pages.base(request, reply);
    const { filter, errors } = filterOf(request.query, t, readsInstallation(at.principal));
    const pageNo = Math.min(Math.max(1, Number.parseInt(request.query.pagina ?? '1', 10) || 1), 100_000);
    const { rows, more } = errors.length
      ? { rows: [], more: false }
      : await auditPage(deps.db, at.at.id, filter, pageNo, PER_PAGE);
    const who = await names(at.at.id);
    const base = `${entityRoot(at.at.fiscalCode)}/registro`;
    let chain: string | undefined;
    if (request.query.verifica === '1') {
      const report = await verifyAuditChains(deps.db, { entityId: at.at.id });
      const broken = report.breaks[0];
      chain = broken
        ? t.people_chainBroken.replace('{seq}', String(broken.seq ?? '?')).replace('{detail}', broken.detail)
        : t.people_chainOk.replace('{records}', String(report.records));
    }
    return pages.formPage(
      request,
      reply,
      'people/audit.njk',
      {
        titleKey: 'people_auditTitle',
        action: base,
        query: Object.fromEntries(FILTER_FIELDS.map((f) => [f, request.query[f] ?? ''])),
        actions: (await auditActions(deps.db, at.at.id)).map((code) => ({ code, words: actionWords(code, lang) })),
        records: rows.map((r) => ({
          at: when(r.at, lang),
          who: who.get(r.actor) ?? r.actor,
          actor: r.actor,
          what: actionWords(r.action, lang),
          code: r.action,
          subject:
            r.subject_type === 'operator' && who.has(operatorActorId(r.subject_id))
              ? `${r.subject_type} ${who.get(operatorActorId(r.subject_id))}`
              : `${r.subject_type} ${r.subject_id}`,
          from: [r.address, r.request_id && `${t.people_request} ${r.request_id}`].filter(Boolean).join(' · '),
          before: json(r.before),
          after: json(r.after),
        })),
        page: t.people_pageOf.replace('{page}', String(pageNo)),
        previous: pageNo > 1 ? `${base}${queryOf(request.query, { pagina: String(pageNo - 1) })}` : undefined,
        next: more ? `${base}${queryOf(request.query, { pagina: String(pageNo + 1) })}` : undefined,
        exportUrl: `${base}/export.csv${queryOf(request.query)}`,
        verifyUrl: `${base}${queryOf(request.query, { verifica: '1' })}`,
        chain,
        installationAdmin: readsInstallation(at.principal),
      },
      errors,
      400,
    );
  });

  app.get<{ Querystring: Query }>('/console/e/:ente/registro/export.csv', read, async (request, reply) => {
    const at = gate.at(request);
    const { t } = pages.base(request, reply);
    const { filter, errors } = filterOf(request.query, t, readsInstallation(at.principal));
    if (errors.length) return reply.redirect(`${entityRoot(at.at.fiscalCode)}/registro${queryOf(request.query)}`, 303);
    await recordAudit(deps.db, request.actor!, {
      entityId: at.at.id,
      action: 'audit.export',
      subjectType: 'audit_log',
      subjectId: at.at.id,
      after: { filter: Object.fromEntries(FILTER_FIELDS.map((f) => [f, request.query[f] ?? ''])) },
    });
    const cell = (v: unknown) => neutralizeSpreadsheetFormula(v === null || v === undefined ? '' : String(v));
    async function* lines() {
      yield formatCsvRow([
        'id',
        'at',
        'actor',
        'action',
        'subject_type',
        'subject_id',
        'request_id',
        'address',
        'before',
        'after',
      ]);
      for await (const batch of auditBatches(deps.db, at.at.id, filter)) {
        yield batch
          .map((r) =>
            formatCsvRow(
              [
                r.id,
                r.at.toISOString(),
                r.actor,
                r.action,
                r.subject_type,
                r.subject_id,
                r.request_id,
                r.address,
                r.before,
                r.after,
              ].map(cell),
            ),
          )
          .join('');
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="registro-${at.at.fiscalCode}.csv"`)
      .send(Readable.from(lines()));
  });
}
