// Whether the Nodo may take a payment for one notice now, and if not which fault says why
// (pagopa-facts §3.2, §6; GPD's checkDebtPositionStatus). Pure: the station service loads the
// notice, this decides. Verify and activation ask the same question and never lock anything: the
// Nodo holds the payment lock.
import { compareIsoDate, type IsoDate } from '../../../shared/dates.ts';
import type { PositionStatus } from '../../positions/position.ts';
import { fault, type StationFault } from './station-faults.ts';

export interface NoticeFacts {
  nav: string;
  positionStatus: PositionStatus;
  installmentStatus: 'UNPAID' | 'PAID' | 'PARTIALLY_REPORTED' | 'REPORTED';
  optionIndex: number;
  /** The option already being paid (a paid instalment of it), or null. */
  settlingOption: number | null;
  dueDate: IsoDate;
  /** The option's switchToExpired: not payable after its due date. */
  switchToExpired: boolean;
  /** The entity's setting: notices stay payable after their due date (default, as GPD). */
  payableAfterDue: boolean;
}

/** null when the notice can be paid; otherwise the fault to answer. */
export function refusal(facts: NoticeFacts, today: IsoDate): StationFault | null {
  const { nav } = facts;
  switch (facts.positionStatus) {
    case 'DRAFT':
    case 'PUBLISHED':
      return fault('PAA_PAGAMENTO_SCONOSCIUTO', `Notice ${nav} is not payable yet`);
    case 'INVALID':
      return fault('PAA_PAGAMENTO_ANNULLATO', `Notice ${nav} was cancelled by the creditor`);
    case 'EXPIRED':
      return fault('PAA_PAGAMENTO_SCADUTO', `Notice ${nav} expired on ${facts.dueDate}`);
    case 'PAID':
    case 'REPORTED':
      return fault('PAA_PAGAMENTO_DUPLICATO', `Notice ${nav} is paid`);
    case 'VALID':
    case 'PARTIALLY_PAID':
      break;
  }
  if (facts.installmentStatus !== 'UNPAID') return fault('PAA_PAGAMENTO_DUPLICATO', `Notice ${nav} is paid`);
  if (facts.settlingOption !== null && facts.settlingOption !== facts.optionIndex) {
    // Paying an instalment of a plan closes pay-in-full, and the other way round.
    return fault(
      'PAA_PAGAMENTO_ANNULLATO',
      `Notice ${nav} can no longer be paid: another payment option of the same debt is being paid`,
    );
  }
  const late = compareIsoDate(facts.dueDate, today) < 0;
  if (late && (facts.switchToExpired || !facts.payableAfterDue)) {
    return fault('PAA_PAGAMENTO_SCADUTO', `Notice ${nav} expired on ${facts.dueDate}`);
  }
  return null;
}
