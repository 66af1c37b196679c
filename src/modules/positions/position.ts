// Debt positions (posizioni debitorie): the domain types, the status unions and the transition
// tables that every status change goes through. Pure: no I/O.

import type { IsoDate } from '../../shared/dates.ts';
import type { Cents } from '../../shared/money.ts';

/** Internal position statuses: GPD's v1 lifecycle (pagopa-facts §4.3). */
export const POSITION_STATUSES = [
  'DRAFT',
  'PUBLISHED',
  'VALID',
  'INVALID',
  'EXPIRED',
  'PARTIALLY_PAID',
  'PAID',
  'REPORTED',
] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];

/**
 * Every allowed change of a position's status. Anything not listed is refused.
 * - publish: DRAFT → PUBLISHED; validity date reached: PUBLISHED → VALID
 * - invalidate: PUBLISHED | VALID → INVALID
 * - expire (switchToExpired and past the last due date): VALID → EXPIRED
 * - update: PUBLISHED | VALID | EXPIRED → DRAFT (an update un-publishes, as in GPD)
 * - payment: VALID → PARTIALLY_PAID | PAID; PARTIALLY_PAID → PAID; EXPIRED → PARTIALLY_PAID | PAID
 *   (a late receipt is never refused: the money came in)
 * - reporting (FdR received for every transfer): PAID → REPORTED
 */
export const POSITION_TRANSITIONS: Readonly<Record<PositionStatus, readonly PositionStatus[]>> = {
  DRAFT: ['PUBLISHED'],
  PUBLISHED: ['VALID', 'INVALID', 'DRAFT'],
  VALID: ['INVALID', 'EXPIRED', 'PARTIALLY_PAID', 'PAID', 'DRAFT'],
  EXPIRED: ['PARTIALLY_PAID', 'PAID', 'DRAFT'],
  PARTIALLY_PAID: ['PAID'],
  PAID: ['REPORTED'],
  INVALID: [],
  REPORTED: [],
};

export function canTransition(from: PositionStatus, to: PositionStatus): boolean {
  return POSITION_TRANSITIONS[from].includes(to);
}

/** Statuses in which the content of a position may be replaced: an update takes it back to DRAFT. */
export const UPDATABLE_STATUSES: readonly PositionStatus[] = POSITION_STATUSES.filter(
  (s) => s === 'DRAFT' || canTransition(s, 'DRAFT'),
);
/** Statuses in which a notice of the position can be paid through an ordinary channel. */
export const PAYABLE_STATUSES: readonly PositionStatus[] = ['VALID', 'PARTIALLY_PAID'];

export const INSTALLMENT_STATUSES = ['UNPAID', 'PAID', 'PARTIALLY_REPORTED', 'REPORTED'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

/** Every allowed change of an instalment's status: paid once, then reported by the FdR. */
export const INSTALLMENT_TRANSITIONS: Readonly<Record<InstallmentStatus, readonly InstallmentStatus[]>> = {
  UNPAID: ['PAID'],
  PAID: ['PARTIALLY_REPORTED', 'REPORTED'],
  PARTIALLY_REPORTED: ['REPORTED'],
  REPORTED: [],
};

export function canTransitionInstallment(from: InstallmentStatus, to: InstallmentStatus): boolean {
  return INSTALLMENT_TRANSITIONS[from].includes(to);
}

/** GPD v3 shows fewer position statuses than it keeps (pagopa-facts §4.3). */
export type PositionStatusV3 = 'DRAFT' | 'PUBLISHED' | 'VALID' | 'UNPAYABLE' | 'PARTIALLY_PAID' | 'PAID';
export const POSITION_STATUSES_V3: readonly PositionStatusV3[] = [
  'DRAFT',
  'PUBLISHED',
  'VALID',
  'UNPAYABLE',
  'PARTIALLY_PAID',
  'PAID',
];

export function positionStatusV3(status: PositionStatus): PositionStatusV3 {
  switch (status) {
    case 'INVALID':
    case 'EXPIRED':
      return 'UNPAYABLE';
    case 'REPORTED':
      return 'PAID';
    default:
      return status;
  }
}

/** The internal statuses a v3 status filter stands for. */
export function statusesForV3(status: PositionStatusV3): PositionStatus[] {
  return POSITION_STATUSES.filter((s) => positionStatusV3(s) === status);
}

export type InstallmentStatusV3 = 'UNPAID' | 'PAID' | 'PARTIALLY_REPORTED' | 'REPORTED' | 'UNPAYABLE' | 'EXPIRED';

/** An unpaid instalment is UNPAYABLE when the position is invalid or settled by another option. */
export function installmentStatusV3(
  installment: { status: InstallmentStatus; optionIndex: number },
  position: { status: PositionStatus; settlingOption: number | null },
): InstallmentStatusV3 {
  if (installment.status !== 'UNPAID') return installment.status;
  if (position.status === 'INVALID') return 'UNPAYABLE';
  if (position.settlingOption !== null && position.settlingOption !== installment.optionIndex) return 'UNPAYABLE';
  if (position.status === 'EXPIRED') return 'EXPIRED';
  return 'UNPAID';
}

export interface Debtor {
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  streetName?: string;
  civicNumber?: string;
  postalCode?: string;
  city?: string;
  province?: string;
  region?: string;
  country?: string;
  email?: string;
  phone?: string;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface Stamp {
  hashDocument: string;
  stampType: string;
  provincialResidence: string;
}

export interface Transfer {
  idTransfer: string;
  amountCents: Cents;
  /** Beneficiary entity; absent means the position's own entity. */
  organizationFiscalCode?: string;
  companyName?: string;
  remittanceInformation: string;
  category: string;
  iban?: string;
  postalIban?: string;
  stamp?: Stamp;
  metadata: KeyValue[];
}

export interface InstallmentInput {
  nav?: string;
  iuv?: string;
  amountCents: Cents;
  description: string;
  dueDate: IsoDate;
  transfers: Transfer[];
  metadata: KeyValue[];
}

export interface OptionInput {
  description?: string;
  validityAt?: Date;
  retentionAt?: Date;
  switchToExpired: boolean;
  debtor: Debtor;
  installments: InstallmentInput[];
}

/** A position as the back office describes it (GPD v3 request, CSV row, JSON line). */
export interface PositionInput {
  iupd: string;
  companyName: string;
  officeName?: string;
  payStandIn: boolean;
  options: OptionInput[];
}

/** How a paid instalment was paid. */
export interface PaymentRecord {
  paidAt: Date;
  method: string | null;
  channel: string | null;
  pspCompany: string | null;
  receiptId: string | null;
  feeCents: number | null;
  recordedBy: string | null;
}

export interface Installment extends Omit<InstallmentInput, 'nav' | 'iuv'> {
  id: string;
  optionIndex: number;
  index: number;
  nav: string;
  iuv: string;
  status: InstallmentStatus;
  payment: PaymentRecord | null;
  insertedAt: Date;
  lastUpdatedAt: Date;
}

export interface PaymentOption extends Omit<OptionInput, 'installments'> {
  index: number;
  installments: Installment[];
}

export interface Position {
  id: string;
  entityId: string;
  iupd: string;
  status: PositionStatus;
  companyName: string;
  officeName?: string;
  payStandIn: boolean;
  options: PaymentOption[];
  settlingOption: number | null;
  version: number;
  contentHash: string;
  insertedAt: Date;
  publishedAt: Date | null;
  paidAt: Date | null;
  lastUpdatedAt: Date;
}

/** The status a payment leaves the position in: PAID once every instalment of the option is paid. */
export function statusAfterPayment(option: {
  installments: { status: InstallmentStatus }[];
}): 'PAID' | 'PARTIALLY_PAID' {
  return option.installments.every((i) => i.status !== 'UNPAID') ? 'PAID' : 'PARTIALLY_PAID';
}

/** Whether the position can become VALID now: no validity date, or the date has come. */
export function isValidityReached(validityAt: Date | null | undefined, now: Date): boolean {
  return !validityAt || validityAt.getTime() <= now.getTime();
}
