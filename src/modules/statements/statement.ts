// The account statement (estratto conto) of one debtor at one entity: every issued position with its
// instalments, and the totals. Pure: positions in, statement out; the documents (PDF, CSV) only lay it out.
//
// How each position counts toward the totals — it must never count twice:
// - Paid: every paid instalment of the debtor's options (the money came in, whatever the status now).
// - The rest counts through ONE option of the position, its *reference option*:
//   1. the option the debtor has started paying (the position's settling option): once one instalment
//      of an option is paid, the other options can no longer be paid, so what is left is the unpaid
//      instalments of that option;
//   2. otherwise the cheapest way to settle: the option with the smallest total (a pay-in-full option
//      is never dearer than a plan, and is often discounted); on a tie the one with fewer instalments
//      (pay in full), then the first.
//   Its unpaid instalments are:
//   - "due" (still to pay) when the position is issued and payable or about to be (PUBLISHED, VALID,
//     PARTIALLY_PAID); "overdue" is the part of "due" whose due date is before today (Rome);
//   - "expired" when the position is EXPIRED: pagoPA no longer accepts its notices, so telling the
//     debtor to pay them would be wrong, yet the debt is not cancelled. It is a separate total, kept out
//     of "due" and "overdue", and the entity says how to settle it.
// - DRAFT positions are not shown (not issued yet); INVALID ones are shown as cancelled and count nothing.
// - When another debtor's option settled the position, this debtor's unpaid instalments are not due.
// Amounts are integer cents, summed as integers.
import { compareIsoDate, type IsoDate, todayInRome } from '../../shared/dates.ts';
import type { Cents } from '../../shared/money.ts';
import type { Installment, PaymentOption, Position } from '../positions/position.ts';

/** How a position stands for the debtor. */
export type PositionState = 'TO_PAY' | 'NOT_YET_PAYABLE' | 'PARTIALLY_PAID' | 'PAID' | 'EXPIRED' | 'CANCELLED';

/** How one instalment stands: NOT_DUE when another option of the position was chosen and paid. */
export type RowState = 'TO_PAY' | 'OVERDUE' | 'NOT_YET_PAYABLE' | 'PAID' | 'NOT_DUE' | 'EXPIRED' | 'CANCELLED';

export interface StatementRow {
  optionIndex: number;
  /** 1-based place of the instalment in its option, and how many the option has. */
  installmentNumber: number;
  installmentCount: number;
  nav: string;
  description: string;
  dueDate: IsoDate;
  amountCents: Cents;
  state: RowState;
  /** The Rome calendar day of the payment, for paid instalments. */
  paidOn: IsoDate | null;
  /** Whether the amount is in one of the totals (paid, due or expired). */
  counted: boolean;
}

export interface StatementTotals {
  /** Still to pay through the notices. */
  dueCents: number;
  /** The part of dueCents whose due date has passed. */
  overdueCents: number;
  paidCents: number;
  /** Unpaid amounts of expired positions: no longer payable through pagoPA. */
  expiredCents: number;
}

export interface StatementPosition extends StatementTotals {
  iupd: string;
  subject: string;
  state: PositionState;
  rows: StatementRow[];
}

export interface Statement {
  entity: { name: string; fiscalCode: string };
  debtor: { fiscalCode: string; name: string | null };
  /** Today in Rome: the day the statement shows the situation of. */
  date: IsoDate;
  positions: StatementPosition[];
  totals: StatementTotals;
}

export interface StatementInput {
  entity: { name: string; fiscalCode: string };
  debtorFiscalCode: string;
  positions: readonly Position[];
  now: Date;
}

export function buildStatement(input: StatementInput): Statement {
  const date = todayInRome(input.now);
  const debtorFiscalCode = input.debtorFiscalCode;
  const shown: { position: Position; options: PaymentOption[] }[] = [];
  for (const position of input.positions) {
    if (position.status === 'DRAFT') continue;
    const options = position.options.filter((o) => o.debtor.fiscalCode === debtorFiscalCode);
    if (options.some((o) => o.installments.length > 0)) shown.push({ position, options });
  }
  const positions = shown.map(({ position, options }) => statementPosition(position, options, date));
  positions.sort(
    (a, b) => compareIsoDate(firstDue(a), firstDue(b)) || (a.iupd < b.iupd ? -1 : a.iupd > b.iupd ? 1 : 0),
  );
  // The debtor's name as the most recently inserted position gives it.
  const latest = shown.toSorted((a, b) => b.position.insertedAt.getTime() - a.position.insertedAt.getTime())[0];
  return {
    entity: { name: input.entity.name, fiscalCode: input.entity.fiscalCode },
    debtor: { fiscalCode: debtorFiscalCode, name: latest?.options[0]?.debtor.fullName ?? null },
    date,
    positions,
    totals: sumTotals(positions),
  };
}

function statementPosition(position: Position, options: PaymentOption[], today: IsoDate): StatementPosition {
  const state = positionState(position);
  const reference = referenceOption(position, options);
  const totals: StatementTotals = { dueCents: 0, overdueCents: 0, paidCents: 0, expiredCents: 0 };
  const rows: StatementRow[] = [];
  for (const option of options) {
    for (const installment of option.installments) {
      const rowState = installmentState(position, installment, today);
      const paid = installment.status !== 'UNPAID';
      const owed = !paid && state !== 'CANCELLED' && option.index === reference?.index && rowState !== 'NOT_DUE';
      if (paid) totals.paidCents += installment.amountCents;
      else if (owed && state === 'EXPIRED') totals.expiredCents += installment.amountCents;
      else if (owed) {
        totals.dueCents += installment.amountCents;
        if (compareIsoDate(installment.dueDate, today) < 0) totals.overdueCents += installment.amountCents;
      }
      rows.push({
        optionIndex: option.index,
        installmentNumber: installment.index + 1,
        installmentCount: option.installments.length,
        nav: installment.nav,
        description: installment.description,
        dueDate: installment.dueDate,
        amountCents: installment.amountCents,
        state: rowState,
        paidOn: paid && installment.payment ? todayInRome(installment.payment.paidAt) : null,
        counted: paid || owed,
      });
    }
  }
  const first = options[0]!;
  return {
    iupd: position.iupd,
    subject: first.description ?? first.installments[0]?.description ?? '',
    state,
    rows,
    ...totals,
  };
}

/** The option the unpaid amount of a position is counted through (see the rule at the top). */
export function referenceOption(position: Position, options: readonly PaymentOption[]): PaymentOption | undefined {
  if (position.settlingOption !== null) return options.find((o) => o.index === position.settlingOption);
  const total = (o: PaymentOption) => o.installments.reduce((sum, i) => sum + i.amountCents, 0);
  return options
    .filter((o) => o.installments.length > 0)
    .toSorted((a, b) => total(a) - total(b) || a.installments.length - b.installments.length || a.index - b.index)[0];
}

export function positionState(position: Pick<Position, 'status'>): PositionState {
  switch (position.status) {
    case 'INVALID':
      return 'CANCELLED';
    case 'EXPIRED':
      return 'EXPIRED';
    case 'PAID':
    case 'REPORTED':
      return 'PAID';
    case 'PARTIALLY_PAID':
      return 'PARTIALLY_PAID';
    case 'PUBLISHED':
      return 'NOT_YET_PAYABLE';
    default:
      return 'TO_PAY';
  }
}

function installmentState(position: Position, installment: Installment, today: IsoDate): RowState {
  if (installment.status !== 'UNPAID') return 'PAID';
  if (position.status === 'INVALID') return 'CANCELLED';
  if (position.settlingOption !== null && position.settlingOption !== installment.optionIndex) return 'NOT_DUE';
  if (position.status === 'EXPIRED') return 'EXPIRED';
  if (position.status === 'PUBLISHED') return 'NOT_YET_PAYABLE';
  return compareIsoDate(installment.dueDate, today) < 0 ? 'OVERDUE' : 'TO_PAY';
}

function firstDue(position: StatementPosition): IsoDate {
  return position.rows.reduce(
    (min, r) => (compareIsoDate(r.dueDate, min) < 0 ? r.dueDate : min),
    position.rows[0]!.dueDate,
  );
}

function sumTotals(positions: readonly StatementTotals[]): StatementTotals {
  const totals: StatementTotals = { dueCents: 0, overdueCents: 0, paidCents: 0, expiredCents: 0 };
  for (const p of positions) {
    totals.dueCents += p.dueCents;
    totals.overdueCents += p.overdueCents;
    totals.paidCents += p.paidCents;
    totals.expiredCents += p.expiredCents;
  }
  return totals;
}
