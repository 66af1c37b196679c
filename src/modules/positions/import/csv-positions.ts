// The spreadsheet format: one CSV row per position with a single payment option, columns by header
// name (any order, case-insensitive). The format is documented in the README with an example file
// (docs/examples/positions.csv).
import { parseDateLoose } from '../../../shared/dates.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import { parseEuroAmount } from '../../../shared/money.ts';
import type { Entity } from '../../entities/entity.ts';
import type { GpdPosition } from '../gpd-v3.mapper.ts';
import { ImportFileError } from './sources.ts';

const REQUIRED = ['iupd', 'debtor_fiscal_code', 'debtor_name', 'description', 'amount', 'due_date', 'category'];
const OPTIONAL = [
  'debtor_type',
  'debtor_email',
  'debtor_phone',
  'debtor_street',
  'debtor_civic_number',
  'debtor_postal_code',
  'debtor_city',
  'debtor_province',
  'debtor_country',
  'iban',
  'postal_iban',
  'remittance_information',
  'nav',
  'iuv',
  'company_name',
  'office_name',
  'switch_to_expired',
  'validity_date',
];
export const CSV_COLUMNS = { required: REQUIRED, optional: OPTIONAL } as const;

export type CsvHeader = Map<string, number>;

/** Reads the header row; unknown, duplicate or missing columns make the whole file invalid. */
export function parseCsvHeader(fields: string[]): CsvHeader {
  const header: CsvHeader = new Map();
  const unknown: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (name === '') return;
    if (header.has(name)) throw new ImportFileError(`Column "${name}" appears twice in the header`, { row: 1 });
    if (!REQUIRED.includes(name) && !OPTIONAL.includes(name)) unknown.push(raw.trim());
    header.set(name, i);
  });
  if (unknown.length > 0) {
    throw new ImportFileError(
      `Unknown column(s): ${unknown.join(', ')}. Known columns: ${[...REQUIRED, ...OPTIONAL].join(', ')}`,
      { row: 1 },
    );
  }
  const missing = REQUIRED.filter((c) => !header.has(c));
  if (missing.length > 0) throw new ImportFileError(`Missing column(s): ${missing.join(', ')}`, { row: 1 });
  return header;
}

const TRUE = ['true', '1', 'yes', 'si', 'sì', 'y', 's'];
const FALSE = ['false', '0', 'no', 'n', ''];

/** Converts one CSV row to a GPD v3 position; problems name the CSV column. */
export function csvRowToPosition(
  fields: string[],
  header: CsvHeader,
  entity: Pick<Entity, 'name' | 'ibans'>,
): { body?: GpdPosition; iupd?: string; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (
    fields.length !== header.size &&
    !(fields.length > header.size && fields.slice(header.size).every((f) => f === ''))
  ) {
    return { problems: [{ path: 'row', message: `has ${fields.length} fields, the header has ${header.size}` }] };
  }
  const get = (column: string): string | undefined => {
    const i = header.get(column);
    const value = i === undefined ? undefined : fields[i]?.trim();
    return value === '' ? undefined : value;
  };
  const iupd = get('iupd');
  for (const column of REQUIRED) if (get(column) === undefined) problems.push({ path: column, message: 'is empty' });

  const amountText = get('amount');
  const cents = amountText === undefined ? undefined : parseEuroAmount(amountText);
  if (amountText !== undefined && cents === null) {
    problems.push({ path: 'amount', message: `"${amountText}" is not an amount in euros (write 12,50 or 12.50)` });
  }
  const dueText = get('due_date');
  const due = dueText === undefined ? undefined : parseDateLoose(dueText);
  if (dueText !== undefined && due === null) {
    problems.push({ path: 'due_date', message: `"${dueText}" is not a date (write 2026-12-31 or 31/12/2026)` });
  }
  const validityText = get('validity_date');
  const validityDay = validityText === undefined ? undefined : parseDateLoose(validityText);
  const validity = validityDay ? `${validityDay}T00:00:00` : validityText;
  const expireText = (get('switch_to_expired') ?? '').toLowerCase();
  if (!TRUE.includes(expireText) && !FALSE.includes(expireText)) {
    problems.push({ path: 'switch_to_expired', message: 'must be true or false' });
  }
  const fiscalCode = (get('debtor_fiscal_code') ?? '').toUpperCase();
  const typeText = get('debtor_type')?.toUpperCase();
  if (typeText !== undefined && typeText !== 'F' && typeText !== 'G') {
    problems.push({ path: 'debtor_type', message: 'must be F (person) or G (legal person)' });
  }
  if (problems.length > 0) return { ...(iupd && { iupd }), problems };

  const description = get('description')!;
  const optional = <K extends string>(key: K, column: string) => {
    const value = get(column);
    return value === undefined ? {} : ({ [key]: value } as { [P in K]?: string });
  };
  const body: GpdPosition = {
    iupd: iupd!,
    companyName: get('company_name') ?? entity.name,
    ...optional('officeName', 'office_name'),
    paymentOption: [
      {
        debtor: {
          type: (typeText as 'F' | 'G' | undefined) ?? (/^\d{11}$/.test(fiscalCode) ? 'G' : 'F'),
          fiscalCode,
          fullName: get('debtor_name')!,
          ...optional('email', 'debtor_email'),
          ...optional('phone', 'debtor_phone'),
          ...optional('streetName', 'debtor_street'),
          ...optional('civicNumber', 'debtor_civic_number'),
          ...optional('postalCode', 'debtor_postal_code'),
          ...optional('city', 'debtor_city'),
          ...optional('province', 'debtor_province'),
          ...(get('debtor_country') && { country: get('debtor_country')!.toUpperCase() }),
        },
        switchToExpired: TRUE.includes(expireText),
        ...(validity && { validityDate: validity }),
        installments: [
          {
            ...optional('nav', 'nav'),
            ...optional('iuv', 'iuv'),
            amount: cents!,
            description,
            dueDate: due!,
            transfer: [
              {
                idTransfer: '1',
                amount: cents!,
                remittanceInformation: get('remittance_information') ?? description,
                category: get('category')!,
                iban: get('iban') ?? entity.ibans[0]!,
                ...optional('postalIban', 'postal_iban'),
              },
            ],
          },
        ],
      },
    ],
  };
  return { body, iupd: body.iupd, problems };
}

const PATH_TO_COLUMN: [RegExp, string][] = [
  [/^iupd$/, 'iupd'],
  [/^companyName$/, 'company_name'],
  [/^officeName$/, 'office_name'],
  [/\.debtor\.fiscalCode$/, 'debtor_fiscal_code'],
  [/\.debtor\.fullName$/, 'debtor_name'],
  [/\.debtor\.email$/, 'debtor_email'],
  [/\.debtor\.phone$/, 'debtor_phone'],
  [/\.debtor\.streetName$/, 'debtor_street'],
  [/\.debtor\.civicNumber$/, 'debtor_civic_number'],
  [/\.debtor\.postalCode$/, 'debtor_postal_code'],
  [/\.debtor\.city$/, 'debtor_city'],
  [/\.debtor\.province$/, 'debtor_province'],
  [/\.debtor\.country$/, 'debtor_country'],
  [/\.validityDate$/, 'validity_date'],
  [/\.installments\[0\]\.(amount|transfer)$/, 'amount'],
  [/\.transfer\[0\]\.amount$/, 'amount'],
  [/\.description$/, 'description'],
  [/\.dueDate$/, 'due_date'],
  [/\.nav$/, 'nav'],
  [/\.iuv$/, 'iuv'],
  [/\.iban$/, 'iban'],
  [/\.postalIban$/, 'postal_iban'],
  [/\.category$/, 'category'],
  [/\.remittanceInformation$/, 'remittance_information'],
];

/** Names a problem found in the converted position by the CSV column it came from. */
export function csvColumnFor(path: string): string {
  return PATH_TO_COLUMN.find(([pattern]) => pattern.test(path))?.[1] ?? path;
}
