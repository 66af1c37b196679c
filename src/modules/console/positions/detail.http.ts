// A position's page (GET /console/e/:ente/posizioni/:iupd): the position, its options and instalments,
// the debtor, one timeline of everything that happened to it (timeline.ts, newest first), and what the
// operator may do next by their grants and the position's state — links to the forms of the other
// console pages (fixed URLs) and the help desk's small "send by e-mail" form. Another entity's IUPD,
// or one outside a limited role's services, is the same 404 as a missing one.
import type { FastifyInstance } from 'fastify';
import { formatEuro } from '../../../shared/money.ts';
import { reachesArea, servicesOf } from '../../../shared/principal.ts';
import { PAYABLE_STATUSES, type PositionStatus, UPDATABLE_STATUSES } from '../../positions/position.ts';
import type { ConsoleGate, OperatorAt } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts, Language } from '../texts.ts';
import { page } from '../web.ts';
import { type FoundDetail, findPosition, positionInScope, TIMELINE_CAP, timelineSources } from './detail.db.ts';
import { calendarDate, romeTime } from './format.ts';
import { timeline } from './timeline.ts';
import type { PositionsDeps } from './where.ts';

const tx = (t: ConsoleTexts, key: string) => (t as unknown as Record<string, string | undefined>)[key] ?? key;

/** What the operator may do with the position now (links and forms of the console's other pages). */
function actionsFor(at: OperatorAt, status: PositionStatus, url: string) {
  const can = (area: 'positions' | 'payments', access: 'read' | 'write') =>
    reachesArea(at.principal, at.at.id, area, access);
  const actions: { label: keyof ConsoleTexts; href: string; post?: boolean }[] = [];
  if (can('positions', 'write') && UPDATABLE_STATUSES.includes(status))
    actions.push({ label: 'positions_edit', href: `${url}/modifica` });
  if (can('positions', 'write') && status === 'DRAFT')
    actions.push({ label: 'positions_publish', href: `${url}/pubblica`, post: true });
  if (can('positions', 'write') && (status === 'PUBLISHED' || status === 'VALID'))
    actions.push({ label: 'positions_invalidate', href: `${url}/annulla` });
  if (can('payments', 'write') && [...PAYABLE_STATUSES, 'EXPIRED'].includes(status))
    actions.push({ label: 'positions_recordPayment', href: `${url}/pagamento` });
  if (!['DRAFT', 'INVALID'].includes(status)) actions.push({ label: 'positions_noticePdf', href: `${url}/avviso.pdf` });
  return actions;
}

function optionsView(detail: FoundDetail, t: ConsoleTexts, lang: Language, canSend: boolean) {
  return detail.options.map((option, o) => ({
    heading: t.positions_option.replace('{n}', String(o + 1)),
    caption: t.positions_installmentsCaption.replace('{n}', String(o + 1)),
    description: option.description,
    debtor: option.debtor,
    installments: detail.installments
      .filter((i) => i.option_index === o)
      .map((i) => ({
        n: i.installment_index + 1,
        nav: i.nav,
        iuv: i.iuv,
        description: i.description,
        amount: formatEuro(Number(i.amount_cents), lang),
        due: calendarDate(String(i.due_date).slice(0, 10), lang),
        status: tx(t, `positions_inst_${i.status}`),
        paidAt: i.paid_at ? romeTime(i.paid_at, lang) : '',
        sendNotice:
          canSend && i.status === 'UNPAID' && ['VALID', 'PARTIALLY_PAID', 'PUBLISHED'].includes(detail.position.status),
        receiptId: canSend ? (i.receipt_id ?? undefined) : undefined,
      })),
  }));
}

export function registerDetailRoute(app: FastifyInstance, deps: PositionsDeps, pages: ConsolePages, gate: ConsoleGate) {
  const db = deps.database.db;
  app.get('/console/e/:ente/posizioni/:iupd', gate.entityRoute('positions', 'read'), async (request, reply) => {
    const at = gate.at(request);
    const { iupd } = request.params as { iupd: string };
    const detail = iupd.length <= 140 ? await findPosition(db, at.at.id, iupd) : undefined;
    if (!detail || !positionInScope(detail, servicesOf(at.principal, at.at.id, 'positions', 'read'))) {
      return pages.message(request, reply, 404, 'notFound');
    }
    const m = pages.base(request, reply);
    const { t, lang } = m;
    const { position } = detail;
    const url = `${entityRoot(at.at.fiscalCode)}/posizioni/${encodeURIComponent(position.iupd)}`;
    const canSend = reachesArea(at.principal, at.at.id, 'messages', 'write');
    const items = timeline(await timelineSources(db, at.at.id, detail), t, lang);
    const when = (d: Date | null) => (d ? romeTime(d, lang) : '');
    return page(request, reply, 'positions/detail.njk', {
      ...m,
      title: t.positions_detailTitle.replace('{iupd}', position.iupd),
      back: `${entityRoot(at.at.fiscalCode)}/posizioni`,
      url,
      position: {
        iupd: position.iupd,
        status: tx(t, `positions_status_${position.status}`),
        companyName: position.company_name,
        officeName: position.office_name,
        created: when(position.inserted_at),
        published: when(position.published_at),
        paid: when(position.paid_at),
        updated: when(position.last_updated_at),
      },
      debtor: detail.options[0]?.debtor,
      options: optionsView(detail, t, lang, canSend),
      actions: actionsFor(at, position.status, url).map((a) => ({ ...a, label: t[a.label] })),
      sendUrl: `${entityRoot(at.at.fiscalCode)}/assistenza/invio`,
      timeline: items.map((item) => ({
        when: romeTime(item.at, lang),
        iso: item.at.toISOString(),
        source: tx(t, `positions_source_${item.source}`),
        text: item.text,
      })),
      timelineCapped: t.positions_timelineCapped.replace('{n}', String(TIMELINE_CAP)),
    });
  });
}
