// The over-payments worklist (GET /console/e/:ente/eccedenze): the entity's items, open ones by
// default, oldest first, 50 a page; a GET form chooses open, closed or all. No JavaScript needed.
import type { FastifyInstance } from 'fastify';
import { formatEuro } from '../../../shared/money.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages } from '../pages.ts';
import { fill } from '../position-forms/render.ts';
import { romeDay } from '../positions/format.ts';
import { page } from '../web.ts';
import { itemUrl, listUrl, type OverpaymentsDeps, servicesSeen } from './paths.ts';

const PAGE_SIZE = 50;
const FILTERS = ['open', 'closed', 'all'] as const;
type Filter = (typeof FILTERS)[number];

export function registerWorklistRoute(
  app: FastifyInstance,
  deps: OverpaymentsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  app.get('/console/e/:ente/eccedenze', gate.entityRoute('payments', 'read'), async (request, reply) => {
    const { at } = gate.at(request);
    const query = request.query as { stato?: unknown; pagina?: unknown };
    const filter: Filter = FILTERS.find((f) => f === query.stato) ?? 'open';
    const pageNo = Math.min(10_000, Math.max(1, Number.parseInt(String(query.pagina ?? '1'), 10) || 1));
    const m = pages.base(request, reply);
    const { t, lang } = m;
    const { items, total } = await deps.overpayments.list(at, {
      status: filter === 'open' ? 'OPEN' : undefined,
      closed: filter === 'closed',
      services: servicesSeen(gate.at(request)),
      limit: PAGE_SIZE,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    const pagesCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const base = listUrl(at.fiscalCode);
    const pageLink = (n: number) => `${base}?stato=${filter}&pagina=${n}`;
    return page(request, reply, 'overpayments/list.njk', {
      ...m,
      title: t.op_title,
      action: base,
      filters: FILTERS.map((f) => ({ value: f, label: t[`op_filter_${f}`], checked: f === filter })),
      count: fill(t.op_count, { n: total }),
      rows: items.map((o) => ({
        href: itemUrl(at.fiscalCode, o.id),
        received: romeDay(o.createdAt, lang),
        nav: o.nav,
        reason: t[`op_reason_${o.reason}`],
        amount: formatEuro(o.amountCents, lang),
        status: t[`op_status_${o.status}`],
        label: fill(t.op_openItem, { nav: o.nav }),
      })),
      previous: pageNo > 1 ? pageLink(pageNo - 1) : undefined,
      next: pageNo < pagesCount ? pageLink(pageNo + 1) : undefined,
    });
  });
}
