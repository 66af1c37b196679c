// The results part of the search page as the view shows it: the count, the table's rows (first notice
// number, the first option's total, the next unpaid due date), the sort links of the headings with
// their aria-sort, the pages and the export links — every link the same search with one change.
import { formatEuro } from '../../../shared/money.ts';
import type { ConsoleTexts, Language } from '../texts.ts';
import { calendarDate, romeDay } from './format.ts';
import type { FoundInstallment, FoundPosition } from './search.db.ts';
import { COUNT_CAP, filtersOf, PAGE_SIZE, type PositionSearch, type SortKey, searchQuery } from './search.ts';

const COLUMNS: { key: string; label: keyof ConsoleTexts; sort?: SortKey }[] = [
  { key: 'iupd', label: 'positions_col_iupd', sort: 'iupd' },
  { key: 'debtor', label: 'positions_col_debtor', sort: 'debtor' },
  { key: 'notice', label: 'positions_col_notice' },
  { key: 'amount', label: 'positions_col_amount' },
  { key: 'due', label: 'positions_col_due' },
  { key: 'status', label: 'positions_col_status', sort: 'status' },
  { key: 'created', label: 'positions_col_created', sort: 'created' },
];

function row(p: FoundPosition, installments: FoundInstallment[], base: string, t: ConsoleTexts, lang: Language) {
  const mine = installments.filter((i) => i.positionId === p.id);
  const first = mine[0];
  const firstOption = mine.filter((i) => i.optionIndex === (first?.optionIndex ?? 0));
  const unpaid = mine
    .filter((i) => i.status === 'UNPAID')
    .map((i) => i.dueDate)
    .sort();
  return {
    iupd: p.iupd,
    href: `${base}/${encodeURIComponent(p.iupd)}`,
    debtorName: p.debtorName,
    debtorFiscalCode: p.debtorFiscalCode,
    notice: first?.nav ?? '',
    moreNotices: mine.length > 1 ? t.positions_moreNotices.replace('{n}', String(mine.length - 1)) : '',
    amount: formatEuro(
      firstOption.reduce((sum, i) => sum + i.amountCents, 0),
      lang,
    ),
    due: unpaid[0] ? calendarDate(unpaid[0], lang) : '—',
    status: t[`positions_status_${p.status}` as keyof ConsoleTexts] ?? p.status,
    created: romeDay(p.insertedAt, lang),
  };
}

export function resultsView(
  search: PositionSearch,
  found: { positions: FoundPosition[]; more: boolean; installments: FoundInstallment[] },
  count: number,
  base: string,
  t: ConsoleTexts,
  lang: Language,
) {
  const headers = COLUMNS.map((c) => {
    const current = c.sort !== undefined && c.sort === search.sort;
    const nextDir = current && search.dir === 'asc' ? 'desc' : 'asc';
    return {
      label: t[c.label],
      ariaSort: c.sort ? (current ? (search.dir === 'asc' ? 'ascending' : 'descending') : 'none') : undefined,
      href: c.sort ? `${base}${searchQuery(search, { sort: c.sort, dir: nextDir, page: 0 })}` : undefined,
      sortHint: c.sort ? t.positions_sortBy.replace('{column}', t[c.label].toLowerCase()) : '',
      sortedText: current ? (search.dir === 'asc' ? t.positions_sortedAsc : t.positions_sortedDesc) : '',
    };
  });
  const countText =
    count > COUNT_CAP
      ? t.positions_countMany.replace('{n}', COUNT_CAP.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB'))
      : count === 1
        ? t.positions_countOne
        : t.positions_count.replace('{n}', count.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB'));
  const exportQuery = searchQuery({ ...search, page: 0, sort: 'created', dir: 'desc' });
  return {
    count,
    countText,
    caption: t.positions_caption.replace('{page}', String(search.page + 1)),
    headers,
    rows: found.positions.map((p) => row(p, found.installments, base, t, lang)),
    paging: {
      page: search.page + 1,
      pageText: t.positions_pageOf.replace('{page}', String(search.page + 1)),
      previous: search.page > 0 ? `${base}${searchQuery(search, { page: search.page - 1 })}` : undefined,
      next:
        found.more && (search.page + 1) * PAGE_SIZE < COUNT_CAP
          ? `${base}${searchQuery(search, { page: search.page + 1 })}`
          : undefined,
    },
    exports:
      count > 0
        ? {
            csv: `${base}/export.csv${exportQuery}`,
            xlsx: `${base}/export.xlsx${exportQuery}`,
            filters: filtersOf(search),
          }
        : undefined,
  };
}
