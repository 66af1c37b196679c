// The only place where SQL on positions and instalments lives. Rows are built once (buildRows) and
// written either with Kysely (single positions) or with COPY (bulk import), so both paths agree.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CopyValue } from '../../db/database.ts';
import type { InstallmentsTable, PositionsTable, Schema } from '../../db/schema.ts';
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

export async function insertRows(db: Kysely<Schema>, rows: PositionRows): Promise<void> {
  await db.insertInto('positions').values(rows.position).execute();
  if (rows.installments.length > 0) await db.insertInto('installments').values(rows.installments).execute();
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

const copyText = (value: unknown): CopyValue => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
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

type PositionRow = Selectable<PositionsTable>;
type InstallmentRow = Selectable<InstallmentsTable>;

function toPosition(row: PositionRow, installmentRows: InstallmentRow[]): Position {
  const stored = row.options as StoredOption[];
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

function toInstallment(r: InstallmentRow): Installment {
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
    transfers: r.transfers as Transfer[],
    metadata: r.metadata as { key: string; value: string }[],
    payment,
    insertedAt: r.inserted_at,
    lastUpdatedAt: r.last_updated_at,
  };
}

/** Loads positions with their instalments, in the order of `ids`. */
export async function loadPositions(db: Kysely<Schema>, ids: string[]): Promise<Position[]> {
  if (ids.length === 0) return [];
  const [rows, installments] = await Promise.all([
    db.selectFrom('positions').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('installments').selectAll().where('position_id', 'in', ids).execute(),
  ]);
  const byPosition = Map.groupBy(installments, (i) => i.position_id);
  const byId = new Map(rows.map((r) => [r.id, toPosition(r, byPosition.get(r.id) ?? [])]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Finds a position id by iupd; with `lock`, the row stays locked until the transaction ends. */
export async function findPositionId(
  db: Kysely<Schema>,
  entityId: string,
  iupd: string,
  lock = false,
): Promise<string | undefined> {
  let query = db.selectFrom('positions').select('id').where('entity_id', '=', entityId).where('iupd', '=', iupd);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst())?.id;
}

export async function findInstallmentByNav(db: Kysely<Schema>, entityId: string, nav: string) {
  return db
    .selectFrom('installments')
    .select(['id', 'position_id', 'option_index'])
    .where('entity_id', '=', entityId)
    .where('nav', '=', nav)
    .executeTakeFirst();
}

/** Which of the given iupds exist for the entity. */
export async function existingIupds(db: Kysely<Schema>, entityId: string, iupds: string[]) {
  if (iupds.length === 0) return new Map<string, { id: string; contentHash: string; status: PositionStatus }>();
  const rows = await db
    .selectFrom('positions')
    .select(['id', 'iupd', 'content_hash', 'status'])
    .where('entity_id', '=', entityId)
    .where('iupd', 'in', iupds)
    .execute();
  return new Map(rows.map((r) => [r.iupd, { id: r.id, contentHash: r.content_hash, status: r.status }]));
}

/** Notice numbers among `navs` already used by the entity, with the position that holds each. */
export async function takenNavs(db: Kysely<Schema>, entityId: string, navs: string[]): Promise<Map<string, string>> {
  if (navs.length === 0) return new Map();
  const rows = await db
    .selectFrom('installments')
    .select(['nav', 'position_id'])
    .where('entity_id', '=', entityId)
    .where('nav', 'in', navs)
    .execute();
  return new Map(rows.map((r) => [r.nav, r.position_id]));
}

/** Notice numbers of the entity between lo and hi (18-digit strings compare like the numbers). */
export async function navsInRange(db: Kysely<Schema>, entityId: string, lo: string, hi: string): Promise<string[]> {
  const rows = await db
    .selectFrom('installments')
    .select('nav')
    .where('entity_id', '=', entityId)
    .where('nav', '>=', lo)
    .where('nav', '<=', hi)
    .execute();
  return rows.map((r) => r.nav);
}

/** Locks a position row (until the transaction ends) and loads it with its instalments. */
export async function lockAndLoad(db: Kysely<Schema>, entityId: string, iupd: string): Promise<Position | undefined> {
  const id = await findPositionId(db, entityId, iupd, true);
  return id ? (await loadPositions(db, [id]))[0] : undefined;
}

/** Moves a position from one status to another; false when someone else changed it first. */
export async function updateStatus(
  db: Kysely<Schema>,
  position: { id: string; status: PositionStatus },
  to: PositionStatus,
  now: Date,
  extra: { published_at?: Date | null; paid_at?: Date | null } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('positions')
    .set((eb) => ({ status: to, version: eb('version', '+', 1), last_updated_at: now, ...extra }))
    .where('id', '=', position.id)
    .where('status', '=', position.status)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Deletes a position and (by cascade) its instalments. */
export async function deletePosition(db: Kysely<Schema>, id: string): Promise<void> {
  await db.deleteFrom('positions').where('id', '=', id).execute();
}

/** Replaces the content of a position (update): new option data, new instalment rows. */
export async function replaceRows(db: Kysely<Schema>, rows: PositionRows, version: number): Promise<boolean> {
  const p = rows.position;
  const result = await db
    .updateTable('positions')
    .set({
      status: p.status,
      company_name: p.company_name,
      office_name: p.office_name,
      pay_stand_in: p.pay_stand_in,
      options: p.options,
      validity_at: p.validity_at,
      content_hash: p.content_hash,
      version: version + 1,
      published_at: null,
      last_updated_at: p.last_updated_at,
    })
    .where('id', '=', p.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await db.deleteFrom('installments').where('position_id', '=', p.id).execute();
  if (rows.installments.length > 0) await db.insertInto('installments').values(rows.installments).execute();
  return true;
}

/** Records the payment of one unpaid instalment and fixes the option that settles the position. */
export async function markInstallmentPaid(
  db: Kysely<Schema>,
  installment: { id: string; positionId: string; optionIndex: number },
  payment: PaymentRecord,
  now: Date,
): Promise<boolean> {
  const settled = await db
    .updateTable('positions')
    .set({ settling_option: installment.optionIndex })
    .where('id', '=', installment.positionId)
    .where((eb) => eb.or([eb('settling_option', 'is', null), eb('settling_option', '=', installment.optionIndex)]))
    .executeTakeFirst();
  if (settled.numUpdatedRows !== 1n) return false;
  const paid = await db
    .updateTable('installments')
    .set({
      status: 'PAID',
      settled_option: installment.optionIndex,
      paid_at: payment.paidAt,
      payment_method: payment.method,
      payment_channel: payment.channel,
      psp_company: payment.pspCompany,
      receipt_id: payment.receiptId,
      fee_cents: payment.feeCents,
      recorded_by: payment.recordedBy,
      last_updated_at: now,
    })
    .where('id', '=', installment.id)
    .where('status', '=', 'UNPAID')
    .executeTakeFirst();
  return paid.numUpdatedRows === 1n;
}
