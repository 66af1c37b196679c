// Rows of positions and instalments, both ways: built once from a PositionInput (and written with
// Kysely for single positions or with COPY for imports, so both paths agree), and read back into the
// domain model.
import type { Insertable, Selectable } from 'kysely';
import type { CopyValue } from '../../db/database.ts';
import type { InstallmentsTable, PositionsTable } from '../../db/schema.ts';
import type { IsoDate } from '../../shared/dates.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { Cents } from '../../shared/money.ts';
import type {
  Debtor,
  Installment,
  OptionInput,
  PaymentRecord,
  Position,
  PositionInput,
  PositionStatus,
  Transfer,
} from './position.ts';

interface StoredOption {
  description?: string;
  validityAt?: string;
  retentionAt?: string;
  switchToExpired: boolean;
  debtor: Debtor;
}

export interface PositionRows {
  position: Insertable<PositionsTable>;
  installments: Insertable<InstallmentsTable>[];
}

/** Builds the rows of a new position; `navs[o][i]` is the notice number of instalment i of option o. */
export function buildRows(
  input: PositionInput,
  p: {
    id: string;
    entityId: string;
    status: PositionStatus;
    now: Date;
    navs: string[][];
    contentHash: string;
    publishedAt?: Date | null;
  },
): PositionRows {
  const options: StoredOption[] = input.options.map((o) => ({
    ...(o.description !== undefined && { description: o.description }),
    ...(o.validityAt && { validityAt: o.validityAt.toISOString() }),
    ...(o.retentionAt && { retentionAt: o.retentionAt.toISOString() }),
    switchToExpired: o.switchToExpired,
    debtor: o.debtor,
  }));
  const installments = input.options.flatMap((option, o) =>
    option.installments.map((inst, i): Insertable<InstallmentsTable> => {
      const nav = p.navs[o]![i]!;
      return {
        id: uuidv7(p.now.getTime()),
        entity_id: p.entityId,
        position_id: p.id,
        option_index: o,
        installment_index: i,
        nav,
        iuv: nav.slice(1),
        amount_cents: inst.amountCents,
        description: inst.description,
        due_date: inst.dueDate,
        debtor_fiscal_code: option.debtor.fiscalCode,
        transfers: JSON.stringify(inst.transfers),
        metadata: JSON.stringify(inst.metadata),
        settled_option: null,
        inserted_at: p.now,
        last_updated_at: p.now,
      };
    }),
  );
  return {
    position: {
      id: p.id,
      entity_id: p.entityId,
      iupd: input.iupd,
      status: p.status,
      company_name: input.companyName,
      office_name: input.officeName ?? null,
      pay_stand_in: input.payStandIn,
      options: JSON.stringify(options),
      expires_after_due: input.options.every((o) => o.switchToExpired),
      validity_at: earliestValidity(input.options),
      settling_option: null,
      content_hash: p.contentHash,
      inserted_at: p.now,
      published_at: p.publishedAt ?? null,
      last_updated_at: p.now,
    },
    installments,
  };
}

export function earliestValidity(options: Pick<OptionInput, 'validityAt'>[]): Date | null {
  const times = options.flatMap((o) => (o.validityAt ? [o.validityAt.getTime()] : []));
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

export const POSITION_COPY_COLUMNS = [
  'id',
  'entity_id',
  'iupd',
  'status',
  'company_name',
  'office_name',
  'pay_stand_in',
  'options',
  'expires_after_due',
  'validity_at',
  'content_hash',
  'inserted_at',
  'published_at',
  'last_updated_at',
] as const;

export const INSTALLMENT_COPY_COLUMNS = [
  'id',
  'entity_id',
  'position_id',
  'option_index',
  'installment_index',
  'nav',
  'iuv',
  'amount_cents',
  'description',
  'due_date',
  'debtor_fiscal_code',
  'transfers',
  'metadata',
  'inserted_at',
  'last_updated_at',
] as const;

// An import stamps every row with the same instant: its text is computed once, not per column per row.
let lastDate: Date | undefined;
let lastIso = '';

const copyText = (value: unknown): CopyValue => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (value !== lastDate) {
      lastDate = value;
      lastIso = value.toISOString();
    }
    return lastIso;
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
};

/** The same rows as insertRows writes, in COPY column order. */
export function copyValues(rows: PositionRows): { position: CopyValue[]; installments: CopyValue[][] } {
  const position = rows.position as Record<string, unknown>;
  return {
    position: POSITION_COPY_COLUMNS.map((c) => copyText(position[c])),
    installments: rows.installments.map((row) => {
      const r = row as Record<string, unknown>;
      return INSTALLMENT_COPY_COLUMNS.map((c) => copyText(r[c]));
    }),
  };
}

export type PositionRow = Selectable<PositionsTable>;
export type InstallmentRow = Selectable<InstallmentsTable>;

export function toPosition(row: PositionRow, installmentRows: InstallmentRow[]): Position {
  const stored = JSON.parse(row.options) as StoredOption[];
  const options = stored.map((o, index) => ({
    index,
    ...(o.description !== undefined && { description: o.description }),
    ...(o.validityAt && { validityAt: new Date(o.validityAt) }),
    ...(o.retentionAt && { retentionAt: new Date(o.retentionAt) }),
    switchToExpired: o.switchToExpired,
    debtor: o.debtor,
    installments: [] as Installment[],
  }));
  for (const r of installmentRows) options[r.option_index]?.installments.push(toInstallment(r));
  for (const o of options) o.installments.sort((a, b) => a.index - b.index);
  return {
    id: row.id,
    entityId: row.entity_id,
    iupd: row.iupd,
    status: row.status,
    companyName: row.company_name,
    ...(row.office_name !== null && { officeName: row.office_name }),
    payStandIn: row.pay_stand_in,
    options,
    settlingOption: row.settling_option,
    version: row.version,
    contentHash: row.content_hash,
    insertedAt: row.inserted_at,
    publishedAt: row.published_at,
    paidAt: row.paid_at,
    lastUpdatedAt: row.last_updated_at,
  };
}

export function toInstallment(r: InstallmentRow): Installment {
  const payment: PaymentRecord | null = r.paid_at
    ? {
        paidAt: r.paid_at,
        method: r.payment_method,
        channel: r.payment_channel,
        pspCompany: r.psp_company,
        receiptId: r.receipt_id,
        feeCents: r.fee_cents,
        recordedBy: r.recorded_by,
      }
    : null;
  return {
    id: r.id,
    optionIndex: r.option_index,
    index: r.installment_index,
    nav: r.nav,
    iuv: r.iuv,
    amountCents: r.amount_cents as Cents,
    description: r.description,
    dueDate: r.due_date as IsoDate,
    status: r.status,
    transfers: JSON.parse(r.transfers) as Transfer[],
    metadata: JSON.parse(r.metadata) as { key: string; value: string }[],
    payment,
    insertedAt: r.inserted_at,
    lastUpdatedAt: r.last_updated_at,
  };
}

/** Loads positions with their instalments, in the order of `ids`. */
