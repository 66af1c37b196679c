// The account statement as CSV, for spreadsheets and programs alike:
// - UTF-8 with a BOM and `;` between fields, so Italian Excel opens it in columns with accents intact
//   (in the Italian locale `,` is the decimal separator, and a `,`-separated file lands in one column);
// - a header row, then one row per instalment (`tipo_riga` = `rata`), then four total rows
//   (`tipo_riga` = `totale`: to pay, of which past due date, paid, expired) — a program keeps the
//   instalments by filtering on the first column;
// - amounts twice: `importo` in the form the spreadsheet of that language reads as a number
//   (`1020,99` in Italian and German, `1020.99` in English, no grouping, no currency sign) and `importo_centesimi`
//   as integer cents for programs; dates as ISO `YYYY-MM-DD`; notice numbers as plain 18 digits;
// - `nel_totale` says whether the row's amount is in the totals (see statement.ts for the rule);
// - every cell goes through neutralizeSpreadsheetFormula: descriptions come from back offices and
//   must never run as formulas (`=HYPERLINK(...)`, `+1`, `@x`).
import { formatCsvRow, neutralizeSpreadsheetFormula } from '../../shared/csv.ts';
import { type Cents, formatSoapAmount } from '../../shared/money.ts';
import type { Statement } from './statement.ts';
import { installmentLabel, STATEMENT_TEXTS, type StatementLanguage } from './statement-texts.ts';

export const STATEMENT_CSV_DELIMITER = ';';
const BOM = '\uFEFF';

/** The statement as CSV text (BOM included), in the given language. */
export function statementCsv(statement: Statement, lang: StatementLanguage): string {
  const t = STATEMENT_TEXTS[lang];
  const amount = (cents: number) => {
    const text = formatSoapAmount(cents as Cents);
    return lang === 'en' ? text : text.replace('.', ',');
  };
  const line = (cells: string[]) =>
    formatCsvRow(
      cells.map((c) => neutralizeSpreadsheetFormula(c)),
      STATEMENT_CSV_DELIMITER,
    );
  const lines = [line(t.csvHeader)];
  for (const position of statement.positions) {
    for (const row of position.rows) {
      lines.push(
        line([
          t.csvRowType.row,
          position.iupd,
          position.subject,
          t.positionStates[position.state],
          installmentLabel(row, t),
          row.nav,
          row.description,
          row.dueDate,
          amount(row.amountCents),
          String(row.amountCents),
          t.rowStates[row.state],
          row.paidOn ?? '',
          row.counted ? t.yes : t.no,
        ]),
      );
    }
  }
  const { totals } = statement;
  const totalRows: [string, number][] = [
    [t.totals.due, totals.dueCents],
    [t.totals.overdue, totals.overdueCents],
    [t.totals.paid, totals.paidCents],
    [t.totals.expired, totals.expiredCents],
  ];
  for (const [label, cents] of totalRows) {
    lines.push(line([t.csvRowType.total, '', label, '', '', '', '', '', amount(cents), String(cents), '', '', '']));
  }
  return BOM + lines.join('');
}
