// Over-payment items: money a receipt brought in that settles no debt (a notice paid twice, a
// cancelled notice paid in Stand-In, an unknown notice, an amount that is not the one due). The
// receipt is kept and the item stays OPEN until an operator refunds or otherwise resolves it, so no
// euro received is ever dropped. Pure: the decision of what a receipt does to its notice.
import type { Cents } from '../../../shared/money.ts';
import type { InstallmentStatus, PositionStatus } from '../../positions/position.ts';

export const OVERPAYMENT_REASONS = [
  /** The notice was already paid (another receipt, or through another channel). */
  'ALREADY_PAID',
  /** Another payment option of the same debt is being paid (pay in full vs instalments). */
  'OTHER_OPTION_PAID',
  /** The position was invalidated by the entity. */
  'CANCELLED',
  /** The position was a draft or not yet valid: nothing was due yet. */
  'NOT_PAYABLE',
  /** No notice of the entity has that number. */
  'UNKNOWN_NOTICE',
  /** The amount paid is not the amount due; the receipt is held whole for the operator. */
  'AMOUNT_MISMATCH',
] as const;
export type OverpaymentReason = (typeof OVERPAYMENT_REASONS)[number];

export const OVERPAYMENT_STATUSES = ['OPEN', 'REFUNDED', 'RESOLVED'] as const;
export type OverpaymentStatus = (typeof OVERPAYMENT_STATUSES)[number];

/** An open item is closed once: refunded to the payer, or resolved another way (with a note). */
export const OVERPAYMENT_TRANSITIONS: Readonly<Record<OverpaymentStatus, readonly OverpaymentStatus[]>> = {
  OPEN: ['REFUNDED', 'RESOLVED'],
  REFUNDED: [],
  RESOLVED: [],
};

export interface Overpayment {
  id: string;
  entityId: string;
  /** Cassa's id of the receipt (receipts.id). */
  receiptRef: string;
  nav: string;
  reason: OverpaymentReason;
  amountCents: Cents;
  status: OverpaymentStatus;
  note: string | null;
  createdAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}

/** The notice a receipt names, as found and locked; undefined when the entity has no such notice. */
export interface ReceiptTarget {
  positionStatus: PositionStatus;
  installmentStatus: InstallmentStatus;
  optionIndex: number;
  settlingOption: number | null;
  amountCents: Cents;
}

/**
 * What a receipt does: settle its notice, or be held as an over-payment item and why. A receipt
 * for an expired notice still settles it — the debt was real and the money came in.
 */
export function settlementOf(
  target: ReceiptTarget | undefined,
  paidCents: Cents,
): { apply: true } | { apply: false; reason: OverpaymentReason } {
  if (!target) return { apply: false, reason: 'UNKNOWN_NOTICE' };
  if (target.installmentStatus !== 'UNPAID') return { apply: false, reason: 'ALREADY_PAID' };
  if (target.settlingOption !== null && target.settlingOption !== target.optionIndex) {
    return { apply: false, reason: 'OTHER_OPTION_PAID' };
  }
  switch (target.positionStatus) {
    case 'INVALID':
      return { apply: false, reason: 'CANCELLED' };
    case 'DRAFT':
    case 'PUBLISHED':
      return { apply: false, reason: 'NOT_PAYABLE' };
    case 'PAID':
    case 'REPORTED':
      return { apply: false, reason: 'ALREADY_PAID' };
    case 'VALID':
    case 'PARTIALLY_PAID':
    case 'EXPIRED':
      break;
  }
  if (paidCents !== target.amountCents) return { apply: false, reason: 'AMOUNT_MISMATCH' };
  return { apply: true };
}
