// The position form of the console (create and edit), pure: what the operator typed (strings), read
// into a GPD v3 body for the positions service — the API's rules judge it, not this file — and a
// position read back into the form's fields. Amounts are typed the Italian way ("1.234,56") or with a
// point ("1234.56") and parsed without floats; due dates as a date field or "31/12/2026".
import { parseDateLoose } from '../../../shared/dates.ts';
import { type Cents, formatEuro, parseEuroAmount } from '../../../shared/money.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import { remittanceOf } from '../../catalogue/service.ts';
import type { Entity } from '../../entities/entity.ts';
import type { GpdPosition, GpdTransfer } from '../../positions/gpd-v3.mapper.ts';
import type { Position, Transfer } from '../../positions/position.ts';
import type { Language } from '../words.ts';

/** Rows of instalments the form shows at least (a single payment and a second instalment). */
export const MIN_ROWS = 2;
/** Rows of instalments the form may have at most. */
export const MAX_ROWS = 12;

/** The form's fields as typed (every value a string; rows: amountN, dueN from 1). */
export type PositionFields = Record<string, string>;

/** The debtor's fields of the form and their place in the GPD body. */
export const DEBTOR_FIELDS = [
  ['debtorFiscalCode', 'fiscalCode'],
  ['debtorName', 'fullName'],
  ['debtorEmail', 'email'],
  ['debtorStreet', 'streetName'],
  ['debtorPostalCode', 'postalCode'],
  ['debtorCity', 'city'],
  ['debtorProvince', 'province'],
] as const;

/** A problem of the form, before the service is asked: the field and the message key. */
export interface FormProblem {
  field: string;
  key: 'pf_required' | 'pf_amountInvalid' | 'pf_dateInvalid' | 'pf_rowsEmpty' | 'pf_serviceUnknown';
}

/** Where the money goes: a catalogue service's accounting, or (edit) the position's own transfer. */
export interface Accounting {
  serviceId?: string | undefined;
  iban?: string | undefined;
  postalIban?: string | undefined;
  category: string;
  remittance: string;
  metadata: { key: string; value: string }[];
}

export const accountingOfService = (service: CatalogueService): Accounting => ({
  serviceId: service.id,
  iban: service.accounting.iban,
  postalIban: service.accounting.postalIban,
  category: service.accounting.category,
  remittance: service.accounting.remittance,
  metadata: [
    { key: 'cassaService', value: service.id },
    { key: 'cassaServiceVersion', value: String(service.version) },
  ],
});

/** The accounting of a position's first transfer (an edit keeps it when no service is chosen). */
export const accountingOfTransfer = (transfer: Transfer): Accounting => ({
  serviceId: transfer.metadata.find((m) => m.key === 'cassaService')?.value,
  iban: transfer.iban,
  postalIban: transfer.postalIban,
  category: transfer.category,
  remittance: transfer.remittanceInformation,
  metadata: transfer.metadata,
});

/** How many instalment rows the form shows: the filled ones and one empty, within the bounds. */
export function rowCount(fields: PositionFields, extra = 0): number {
  let last = 0;
  for (let i = 1; i <= MAX_ROWS; i++)
    if ((fields[`amount${i}`] ?? '').trim() || (fields[`due${i}`] ?? '').trim()) last = i;
  return Math.min(MAX_ROWS, Math.max(MIN_ROWS, last + extra, Number(fields.rows) || 0));
}

/** The instalment rows the operator filled (a row with either value counts, and must have both). */
function filledRows(fields: PositionFields) {
  const rows: { n: number; amount: string; due: string }[] = [];
  for (let n = 1; n <= MAX_ROWS; n++) {
    const amount = (fields[`amount${n}`] ?? '').trim();
    const due = (fields[`due${n}`] ?? '').trim();
    if (amount || due) rows.push({ n, amount, due });
  }
  return rows;
}

/**
 * Reads the form into a GPD v3 body. Problems only the form can see (a required field left empty,
 * an amount or a date that cannot be read) come back with it; the body is built from what could be
 * read so that the service's rules can still judge the rest and every problem shows at once.
 */
export function readPositionForm(
  fields: PositionFields,
  o: { entity: Entity; iupd: string; accounting: Accounting | undefined; companyName?: string; officeName?: string },
): { body: GpdPosition; problems: FormProblem[]; rows: number[] } {
  const problems: FormProblem[] = [];
  const value = (name: string) => (fields[name] ?? '').trim();
  for (const name of ['debtorFiscalCode', 'debtorName', 'description']) {
    if (!value(name)) problems.push({ field: name, key: 'pf_required' });
  }
  if (!o.accounting) problems.push({ field: 'service', key: value('service') ? 'pf_serviceUnknown' : 'pf_required' });
  const rows = filledRows(fields);
  if (rows.length === 0) problems.push({ field: 'amount1', key: 'pf_rowsEmpty' });
  const description = value('description');
  const fiscalCode = value('debtorFiscalCode').toUpperCase().replace(/\s+/g, '');
  const installments = rows.map(({ n, amount, due }) => {
    const cents = amount ? parseEuroAmount(amount) : null;
    if (!amount) problems.push({ field: `amount${n}`, key: 'pf_required' });
    else if (cents === null) problems.push({ field: `amount${n}`, key: 'pf_amountInvalid' });
    const dueDate = due ? parseDateLoose(due) : null;
    if (!due) problems.push({ field: `due${n}`, key: 'pf_required' });
    else if (dueDate === null) problems.push({ field: `due${n}`, key: 'pf_dateInvalid' });
    const accounting = o.accounting;
    const transfer: GpdTransfer | undefined = accounting && {
      idTransfer: '1',
      amount: cents ?? 0,
      remittanceInformation: remittanceOf(accounting.remittance, {}, description || 'pagamento'),
      category: accounting.category,
      ...(accounting.iban !== undefined && { iban: accounting.iban }),
      ...(accounting.postalIban !== undefined && { postalIban: accounting.postalIban }),
      transferMetadata: accounting.metadata,
    };
    return {
      amount: cents ?? 0,
      description,
      dueDate: dueDate ?? '2000-01-01',
      transfer: transfer ? [transfer] : [],
    };
  });
  const optional = (field: (typeof DEBTOR_FIELDS)[number][0]) => value(field) || undefined;
  const debtor = {
    type: /^\d{11}$/.test(fiscalCode) ? ('G' as const) : ('F' as const),
    fiscalCode,
    fullName: value('debtorName'),
    ...Object.fromEntries(
      DEBTOR_FIELDS.slice(2).flatMap(([field, key]) => (optional(field) ? [[key, optional(field)]] : [])),
    ),
  };
  const body: GpdPosition = {
    iupd: o.iupd,
    companyName: o.companyName ?? o.entity.name.slice(0, 140),
    ...(o.officeName !== undefined && { officeName: o.officeName }),
    paymentOption: [
      {
        ...(description && { description }),
        switchToExpired: false,
        debtor,
        installments,
      },
    ],
  };
  return { body, problems, rows: rows.map((r) => r.n) };
}

/** The form's fields of a position (edit): its one option's debtor, description and instalments. */
export function positionFields(position: Position, lang: Language): PositionFields {
  const option = position.options[0]!;
  const fields: PositionFields = {
    debtorFiscalCode: option.debtor.fiscalCode,
    debtorName: option.debtor.fullName,
    description: option.description ?? option.installments[0]?.description ?? '',
  };
  for (const [field, key] of DEBTOR_FIELDS.slice(2)) {
    const v = option.debtor[key];
    if (v) fields[field] = v;
  }
  option.installments.forEach((inst, i) => {
    fields[`amount${i + 1}`] = typedAmount(inst.amountCents, lang);
    fields[`due${i + 1}`] = inst.dueDate;
  });
  return fields;
}

/** An amount as the form shows it to be typed again ("1.234,56" in Italian, "1,234.56" in English). */
export const typedAmount = (cents: Cents, lang: Language) =>
  formatEuro(cents, lang)
    .replace(/\s*€\s*/, '')
    .trim();

/** Why the form cannot edit a position of this shape (several options, several transfers, stamps). */
export function unformable(position: Position): boolean {
  if (position.options.length !== 1) return true;
  const installments = position.options[0]!.installments;
  return (
    installments.length > MAX_ROWS ||
    installments.some((i) => i.transfers.length !== 1 || i.transfers[0]!.stamp !== undefined || i.metadata.length > 0)
  );
}
