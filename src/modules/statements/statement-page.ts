// One page of the statement's instalments, for the portal: every instalment of the shown positions
// in one list, by due date (then position, option and place in the option, so the order is total and
// the same on every request), cut into pages of at most STATEMENT_PAGE_SIZE rows. Pure. The totals
// stay the whole statement's: a page only chooses which rows are drawn.
import { compareIsoDate } from '../../shared/dates.ts';
import type { PositionState, Statement, StatementPosition, StatementRow } from './statement.ts';

export const STATEMENT_PAGE_SIZE = 50;

export interface StatementLine extends StatementRow {
  position: Pick<StatementPosition, 'iupd' | 'subject' | 'state'>;
}

export interface StatementPage {
  lines: StatementLine[];
  /** 1-based; a page past the end is the last one. */
  pageNo: number;
  pages: number;
  /** How many instalments the shown positions have in all. */
  lineCount: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareLines(a: StatementLine, b: StatementLine): number {
  return (
    compareIsoDate(a.dueDate, b.dueDate) ||
    byText(a.position.iupd, b.position.iupd) ||
    a.optionIndex - b.optionIndex ||
    a.installmentNumber - b.installmentNumber
  );
}

/** Page `pageNo` of the instalments of the positions in `states`, by due date. */
export function statementPage(
  statement: Statement,
  states: readonly PositionState[],
  pageNo: number,
  size = STATEMENT_PAGE_SIZE,
): StatementPage {
  const lines: StatementLine[] = [];
  for (const p of statement.positions) {
    if (!states.includes(p.state)) continue;
    const position = { iupd: p.iupd, subject: p.subject, state: p.state };
    for (const row of p.rows) lines.push({ ...row, position });
  }
  lines.sort(compareLines);
  const pages = Math.max(1, Math.ceil(lines.length / size));
  const shown = Math.min(Math.max(1, Math.trunc(pageNo) || 1), pages);
  return { lines: lines.slice((shown - 1) * size, shown * size), pageNo: shown, pages, lineCount: lines.length };
}
