// Refunds of over-payment items (ADR 0039): a record of money sent back to the payer — amount,
// beneficiary and IBAN, the day, the bank's reference — RECORDED when it is ordered, then PAID, or
// CANCELLED with a reason (a wrong record is cancelled and recorded again: corrections are new records).
// Pure: the input's rules, the states, and how much of an item is still to refund.

import type { FieldProblem } from '../../../shared/errors.ts';
import { checkIban, normalizeIban } from '../../../shared/identifiers/iban.ts';
import type { Cents } from '../../../shared/money.ts';

export const REFUND_STATUSES = ['RECORDED', 'PAID', 'CANCELLED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** RECORDED → PAID or CANCELLED; a paid refund may still be cancelled (a transfer sent back by the bank). */
export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  RECORDED: ['PAID', 'CANCELLED'],
  PAID: ['CANCELLED'],
  CANCELLED: [],
};

export interface Refund {
  id: string;
  overpaymentId: string;
  amountCents: Cents;
  beneficiary: string;
  iban: string;
  /** YYYY-MM-DD: the day the transfer is (or was) made. */
  refundDate: string;
  reference: string | null;
  status: RefundStatus;
  cancelReason: string | null;
  createdAt: Date;
  createdBy: string;
  changedAt: Date | null;
  changedBy: string | null;
}

export interface RefundInput {
  amountCents: Cents;
  beneficiary: string;
  iban: string;
  refundDate: string;
  reference?: string | undefined;
}

export interface OverpaymentNote {
  id: string;
  text: string;
  author: string;
  createdAt: Date;
}

/** The problems of a refund's input (field paths: amount, beneficiary, iban, refundDate, reference). */
export function refundProblems(input: RefundInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    problems.push({ path: 'amount', message: 'must be more than zero' });
  }
  const beneficiary = input.beneficiary.trim();
  if (beneficiary.length < 1 || beneficiary.length > 140) {
    problems.push({ path: 'beneficiary', message: 'must be between 1 and 140 characters' });
  }
  const iban = checkIban(input.iban);
  if (iban !== null) problems.push({ path: 'iban', message: iban });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.refundDate)) {
    problems.push({ path: 'refundDate', message: 'must be a date' });
  }
  if ((input.reference ?? '').trim().length > 140) {
    problems.push({ path: 'reference', message: 'must be at most 140 characters' });
  }
  return problems;
}

/** The input as stored: trimmed, the IBAN without spaces and in capitals, no empty reference. */
export const normalizedRefund = (input: RefundInput): RefundInput => ({
  amountCents: input.amountCents,
  beneficiary: input.beneficiary.trim(),
  iban: normalizeIban(input.iban),
  refundDate: input.refundDate,
  reference: input.reference?.trim() || undefined,
});

/** What an item's refunds (not cancelled) already return. */
export const refundedCents = (refunds: readonly Pick<Refund, 'status' | 'amountCents'>[]): Cents =>
  refunds.filter((r) => r.status !== 'CANCELLED').reduce((sum, r) => sum + r.amountCents, 0) as Cents;

/** An IBAN as shown to those who need not read it whole: its country, check digits and last four. */
export const maskedIban = (iban: string) => (iban.length > 8 ? `${iban.slice(0, 4)}…${iban.slice(-4)}` : iban);
