// The export of a position search, one row per instalment with its position's fields, as CSV or as an
// XLSX workbook, streamed: rows come in batches (search.db.ts exportRows) and leave as chunks, so a
// large export never sits in memory. Amounts in euro with two decimals (numbers, in the workbook),
// dates and instants ISO 8601. The workbook is written here with fflate: the smallest valid Office
// Open XML package (content types, relationships, workbook, styles, one sheet with inline strings).
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { formatCsvRow, neutralizeSpreadsheetFormula } from '../../../shared/csv.ts';
import { type Cents, formatSoapAmount } from '../../../shared/money.ts';
import type { ExportRow } from './search.db.ts';

/** The columns, in order: their header (the same in both languages: a file for machines too) and value. */
export const EXPORT_COLUMNS: readonly { header: string; value: (r: ExportRow) => string | number }[] = [
  { header: 'iupd', value: (r) => r.iupd },
  { header: 'position_status', value: (r) => r.positionStatus },
  { header: 'company_name', value: (r) => r.companyName },
  { header: 'debtor_fiscal_code', value: (r) => r.debtorFiscalCode },
  { header: 'debtor_name', value: (r) => r.debtorName },
  { header: 'option', value: (r) => r.optionIndex + 1 },
  { header: 'installment', value: (r) => r.index + 1 },
  { header: 'notice_number', value: (r) => r.nav },
  { header: 'iuv', value: (r) => r.iuv },
  { header: 'description', value: (r) => r.description },
  { header: 'amount_eur', value: (r) => euros(r.amountCents) },
  { header: 'due_date', value: (r) => r.dueDate },
  { header: 'installment_status', value: (r) => r.status },
  { header: 'paid_at', value: (r) => r.paidAt?.toISOString() ?? '' },
  { header: 'receipt_id', value: (r) => r.receiptId ?? '' },
  { header: 'inserted_at', value: (r) => r.insertedAt.toISOString() },
];
const AMOUNT_COLUMN = EXPORT_COLUMNS.findIndex((c) => c.header === 'amount_eur');

/** Cents as euro with two decimals, `1234.50`. */
const euros = (cents: number) => formatSoapAmount(cents as Cents);

/** The CSV file (RFC 4180, comma, CRLF, UTF-8 with a BOM so spreadsheets read the accents). */
export async function* csvChunks(rows: AsyncIterable<ExportRow>): AsyncGenerator<string> {
  yield `\uFEFF${formatCsvRow(EXPORT_COLUMNS.map((c) => c.header))}`;
  let chunk = '';
  for await (const row of rows) {
    chunk += formatCsvRow(EXPORT_COLUMNS.map((c) => neutralizeSpreadsheetFormula(String(c.value(row)))));
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot hold at all
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const escapeXml = (text: string) =>
  text
    .replace(NOT_IN_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function sheetRow(rowNumber: number, values: readonly (string | number)[], amountColumn = -1): string {
  const cells = values.map((value, c) => {
    const ref = `${columnName(c)}${rowNumber}`;
    if (c === amountColumn) return `<c r="${ref}" s="1"><v>${value}</v></c>`;
    if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
    return value === ''
      ? ''
      : `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
  });
  return `<row r="${rowNumber}">${cells.join('')}</row>`;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const PACKAGE_PARTS: Record<string, string> = {
  '[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  '_rels/.rels': `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Posizioni" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  // Style 1: the built-in number format 2, "0.00" (the amounts).
  'xl/styles.xml': `${XML}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
};

/** The XLSX workbook, zipped as it is written: the sheet's rows are deflated batch by batch. */
export async function* xlsxChunks(rows: AsyncIterable<ExportRow>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else out.push(data);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  };
  for (const [name, text] of Object.entries(PACKAGE_PARTS)) {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(strToU8(text), true);
  }
  yield* drain();
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  zip.add(sheet);
  let buffer = `${XML}<worksheet xmlns="${MAIN}"><sheetData>${sheetRow(
    1,
    EXPORT_COLUMNS.map((c) => c.header),
  )}`;
  let rowNumber = 1;
  for await (const row of rows) {
    rowNumber += 1;
    buffer += sheetRow(
      rowNumber,
      EXPORT_COLUMNS.map((c) => c.value(row)),
      AMOUNT_COLUMN,
    );
    if (buffer.length > 64_000) {
      sheet.push(strToU8(buffer));
      buffer = '';
      yield* drain();
    }
  }
  sheet.push(strToU8(`${buffer}</sheetData></worksheet>`), true);
  zip.end();
  yield* drain();
}
