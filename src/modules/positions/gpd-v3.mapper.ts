// Translation between GPD v3 JSON and Cassa's position model, in both directions. Amounts are
// integer cents on both sides; dates are converted here and nowhere else.
import { GPD_DATE_TIME_MESSAGE } from '../../http/formats.ts';
import { dateFromDateTimeText, endOfDayRome, type IsoDate, parseInstant } from '../../shared/dates.ts';
import type { FieldProblem } from '../../shared/errors.ts';
import type { Cents } from '../../shared/money.ts';
import type { Entity } from '../entities/entity.ts';
import {
  type Debtor,
  type Installment,
  installmentStatusV3,
  type KeyValue,
  type OptionInput,
  type Position,
  type PositionInput,
  positionStatusV3,
  type Stamp,
  type Transfer,
} from './position.ts';

export interface GpdKeyValue {
  key: string;
  value?: string;
}

export interface GpdTransfer {
  idTransfer: string;
  amount: number;
  organizationFiscalCode?: string;
  remittanceInformation: string;
  category: string;
  iban?: string;
  postalIban?: string;
  stamp?: Stamp;
  companyName?: string;
  transferMetadata?: GpdKeyValue[];
}

export interface GpdInstallment {
  nav?: string;
  iuv?: string;
  amount: number;
  description: string;
  dueDate: string;
  transfer?: GpdTransfer[];
  installmentMetadata?: GpdKeyValue[];
}

export interface GpdPaymentOption {
  description?: string;
  validityDate?: string;
  retentionDate?: string;
  switchToExpired?: boolean;
  debtor: Debtor;
  installments: GpdInstallment[];
}

/** The GPD v3 request body (PaymentPositionModelV3), already checked against its JSON schema. */
export interface GpdPosition {
  iupd: string;
  payStandIn?: boolean;
  companyName: string;
  officeName?: string;
  paymentOption: GpdPaymentOption[];
}

const keyValues = (list: GpdKeyValue[] | undefined): KeyValue[] =>
  (list ?? []).map((kv) => ({ key: kv.key, value: kv.value ?? '' }));

/** Converts a GPD v3 request to a PositionInput; date fields that do not parse become problems. */
export function fromGpdPosition(body: GpdPosition): { input: PositionInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const instant = (text: string | undefined, path: string): Date | undefined => {
    if (text === undefined) return undefined;
    const value = parseInstant(text);
    if (!value) problems.push({ path, message: GPD_DATE_TIME_MESSAGE });
    return value ?? undefined;
  };
  const options = body.paymentOption.map((option, o): OptionInput => {
    const path = `paymentOption[${o}]`;
    return {
      ...(option.description !== undefined && { description: option.description }),
      ...optional('validityAt', instant(option.validityDate, `${path}.validityDate`)),
      ...optional('retentionAt', instant(option.retentionDate, `${path}.retentionDate`)),
      switchToExpired: option.switchToExpired ?? false,
      debtor: normalizeDebtor(option.debtor),
      installments: option.installments.map((inst, i) => {
        const dueDate = dateFromDateTimeText(inst.dueDate);
        if (!dueDate) {
          problems.push({
            path: `${path}.installments[${i}].dueDate`,
            message: 'must be a date (2026-12-31) or a date-time (2026-12-31T23:59:59Z)',
          });
        }
        return {
          ...optional('nav', inst.nav?.trim()),
          ...optional('iuv', inst.iuv?.trim()),
          amountCents: inst.amount as Cents,
          description: inst.description,
          dueDate: dueDate ?? ('0000-01-01' as IsoDate),
          transfers: (inst.transfer ?? []).map(fromGpdTransfer),
          metadata: keyValues(inst.installmentMetadata),
        };
      }),
    };
  });
  const input: PositionInput = {
    iupd: body.iupd,
    companyName: body.companyName,
    ...optional('officeName', body.officeName),
    payStandIn: body.payStandIn ?? true,
    options,
  };
  return { input, problems };
}

function fromGpdTransfer(t: GpdTransfer): Transfer {
  return {
    idTransfer: t.idTransfer,
    amountCents: t.amount as Cents,
    ...optional('organizationFiscalCode', t.organizationFiscalCode),
    ...optional('companyName', t.companyName),
    remittanceInformation: t.remittanceInformation,
    category: t.category,
    ...optional('iban', t.iban?.replace(/\s/g, '').toUpperCase()),
    ...optional('postalIban', t.postalIban?.replace(/\s/g, '').toUpperCase() || undefined),
    ...optional(
      'stamp',
      t.stamp && {
        hashDocument: t.stamp.hashDocument,
        stampType: t.stamp.stampType,
        provincialResidence: t.stamp.provincialResidence,
      },
    ),
    metadata: keyValues(t.transferMetadata),
  };
}

const DEBTOR_FIELDS = [
  'streetName',
  'civicNumber',
  'postalCode',
  'city',
  'province',
  'region',
  'country',
  'email',
  'phone',
] as const;

/**
 * The debtor with its fiscal code in capitals and its fields in one fixed order: every object of a
 * PositionInput is built in a fixed key order, so its JSON is canonical (see positionHash).
 */
export function normalizeDebtor(debtor: Debtor): Debtor {
  const out: Debtor = {
    type: debtor.type,
    // String(): the rules also read bodies that failed the JSON schema (see http/all-problems.ts).
    fiscalCode: String(debtor.fiscalCode ?? '')
      .trim()
      .toUpperCase(),
    fullName: String(debtor.fullName ?? '').trim(),
  };
  for (const field of DEBTOR_FIELDS) if (debtor[field] !== undefined) out[field] = debtor[field];
  return out;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** The GPD v3 response body (PaymentPositionModelResponseV3) of a position. */
export function toGpdPosition(position: Position, entity: Pick<Entity, 'fiscalCode'>) {
  return {
    iupd: position.iupd,
    organizationFiscalCode: entity.fiscalCode,
    companyName: position.companyName,
    officeName: position.officeName,
    payStandIn: position.payStandIn,
    insertedDate: iso(position.insertedAt),
    publishDate: iso(position.publishedAt),
    paymentDate: iso(position.paidAt),
    status: positionStatusV3(position.status),
    lastUpdatedDate: iso(position.lastUpdatedAt),
    paymentOption: position.options.map((option) => ({
      // Cassa extension: GPD takes the option's description write-only; answered so GET → PUT keeps it.
      description: option.description,
      switchToExpired: option.switchToExpired,
      retentionDate: iso(option.retentionAt),
      insertedDate: iso(position.insertedAt),
      validityDate: iso(option.validityAt),
      debtor: option.debtor,
      installments: option.installments.map((inst) => toGpdInstallment(inst, position, entity)),
    })),
  };
}

export function toGpdInstallment(inst: Installment, position: Position, entity: Pick<Entity, 'fiscalCode'>) {
  return {
    nav: inst.nav,
    iuv: inst.iuv,
    organizationFiscalCode: entity.fiscalCode,
    amount: inst.amountCents,
    description: inst.description,
    dueDate: endOfDayRome(inst.dueDate),
    paymentDate: iso(inst.payment?.paidAt),
    paymentMethod: inst.payment?.method ?? undefined,
    paymentChannel: inst.payment?.channel ?? undefined,
    pspCompany: inst.payment?.pspCompany ?? undefined,
    fee: inst.payment?.feeCents ?? undefined,
    idReceipt: inst.payment?.receiptId ?? undefined,
    status: installmentStatusV3(inst, position),
    lastUpdatedDate: iso(inst.lastUpdatedAt),
    installmentMetadata: inst.metadata,
    transfer: inst.transfers.map((t) => ({
      organizationFiscalCode: t.organizationFiscalCode ?? entity.fiscalCode,
      companyName: t.companyName,
      idTransfer: t.idTransfer,
      amount: t.amountCents,
      remittanceInformation: t.remittanceInformation,
      category: t.category,
      iban: t.iban,
      postalIban: t.postalIban,
      stamp: t.stamp,
      insertedDate: iso(inst.insertedAt),
      status: inst.status === 'REPORTED' ? 'T_REPORTED' : 'T_UNREPORTED',
      lastUpdatedDate: iso(inst.lastUpdatedAt),
      transferMetadata: t.metadata,
    })),
  };
}

/** GPD v1 PaymentsModelResponse for one instalment (the `paids` endpoint answer). */
export function toGpdPaidOption(inst: Installment, position: Position, entity: Pick<Entity, 'fiscalCode'>) {
  const v3 = toGpdInstallment(inst, position, entity);
  const option = position.options[inst.optionIndex];
  return {
    ...v3,
    isPartialPayment: (option?.installments.length ?? 1) > 1,
    retentionDate: iso(option?.retentionAt),
    insertedDate: iso(inst.insertedAt),
    status: inst.status === 'UNPAID' ? 'PO_UNPAID' : inst.status === 'PAID' ? 'PO_PAID' : `PO_${inst.status}`,
  };
}
