// The position list query of the GPD API: filters, ordering and paging in one place.
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { PositionsTable, Schema } from '../../db/schema.ts';
import { addDays, type IsoDate, parseInstant } from '../../shared/dates.ts';
import { invalid } from '../../shared/errors.ts';
import { type PositionStatus, type PositionStatusV3, statusesForV3 } from './position.ts';

export type ListOrder = 'INSERTED_DATE' | 'IUPD' | 'STATUS' | 'COMPANY_NAME';

export interface ListFilters {
  page: number;
  limit: number;
  statuses?: PositionStatus[];
  dueFrom?: IsoDate;
  dueTo?: IsoDate;
  /** Instants: payments at or after paidFrom and before paidTo. */
  paidFrom?: Date;
  paidTo?: Date;
  debtorFiscalCode?: string;
  orderBy: ListOrder;
  ordering: 'ASC' | 'DESC';
}

const ORDER_COLUMNS = {
  INSERTED_DATE: 'inserted_at',
  IUPD: 'iupd',
  STATUS: 'status',
  COMPANY_NAME: 'company_name',
} as const;

/** Ids of one page of positions, in order, and how many match in all. */
export async function listPositionIds(
  db: Kysely<Schema>,
  entityId: string,
  f: ListFilters,
): Promise<{ ids: string[]; total: number }> {
  let query = db.selectFrom('positions as p').where('p.entity_id', '=', entityId);
  if (f.statuses) query = query.where('p.status', 'in', f.statuses);
  const installmentsOf = (eb: ExpressionBuilder<Schema & { p: PositionsTable }, 'p'>) =>
    eb.selectFrom('installments as i').select(sql`1`.as('one')).whereRef('i.position_id', '=', 'p.id');
  if (f.dueFrom || f.dueTo) {
    query = query.where((eb) => {
      let sub = installmentsOf(eb);
      if (f.dueFrom) sub = sub.where('i.due_date', '>=', f.dueFrom);
      if (f.dueTo) sub = sub.where('i.due_date', '<=', f.dueTo);
      return eb.exists(sub);
    });
  }
  if (f.paidFrom || f.paidTo) {
    query = query.where((eb) => {
      let sub = installmentsOf(eb).where('i.paid_at', 'is not', null);
      if (f.paidFrom) sub = sub.where('i.paid_at', '>=', f.paidFrom);
      if (f.paidTo) sub = sub.where('i.paid_at', '<', f.paidTo);
      return eb.exists(sub);
    });
  }
  if (f.debtorFiscalCode) {
    const cf = f.debtorFiscalCode;
    query = query.where((eb) => eb.exists(installmentsOf(eb).where('i.debtor_fiscal_code', '=', cf)));
  }
  const direction = f.ordering === 'ASC' ? 'asc' : 'desc';
  const [rows, count] = await Promise.all([
    query
      .select('p.id')
      .orderBy(`p.${ORDER_COLUMNS[f.orderBy]}`, direction)
      .orderBy('p.id', direction)
      .limit(f.limit)
      .offset(f.page * f.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count.n) };
}

/** The list query string of the GPD API. */
export interface ListQuery {
  limit: number;
  page: number;
  due_date_from?: string;
  due_date_to?: string;
  payment_date_from?: string;
  payment_date_to?: string;
  payment_date_time_from?: string;
  payment_date_time_to?: string;
  status?: PositionStatusV3;
  debtor_fiscal_code?: string;
  orderby: ListOrder;
  ordering: 'ASC' | 'DESC';
}

/** GPD's date windows: a missing end is 30 days from the given one. */
export function listFilters(q: ListQuery): ListFilters {
  const window = (from?: string, to?: string) => {
    if (!from && !to) return [undefined, undefined] as const;
    const start = (from ?? addDays(to as IsoDate, -30)) as IsoDate;
    const end = (to ?? addDays(from as IsoDate, 30)) as IsoDate;
    return [start, end] as const;
  };
  if ((q.due_date_from || q.due_date_to) && (q.payment_date_from || q.payment_date_to || q.payment_date_time_from)) {
    throw invalid([{ path: 'due_date_from', message: 'due-date and payment-date filters cannot be combined' }]);
  }
  const [dueFrom, dueTo] = window(q.due_date_from, q.due_date_to);
  const [payFrom, payTo] = window(q.payment_date_from, q.payment_date_to);
  // Calendar days are Rome days: parseInstant reads a date-time without offset as Rome wall-clock time.
  const paidFrom = q.payment_date_time_from
    ? parseInstant(q.payment_date_time_from)
    : payFrom && parseInstant(`${payFrom}T00:00:00`);
  const paidTo = q.payment_date_time_to
    ? parseInstant(q.payment_date_time_to)
    : payTo && parseInstant(`${addDays(payTo, 1)}T00:00:00`);
  return {
    page: q.page,
    limit: q.limit,
    ...(q.status && { statuses: statusesForV3(q.status) }),
    ...(dueFrom && { dueFrom, dueTo }),
    ...(paidFrom && { paidFrom }),
    ...(paidTo && { paidTo }),
    ...(q.debtor_fiscal_code && { debtorFiscalCode: q.debtor_fiscal_code.trim().toUpperCase() }),
    orderBy: q.orderby,
    ordering: q.ordering,
  };
}
