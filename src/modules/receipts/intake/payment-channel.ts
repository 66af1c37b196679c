// What a channel through which money arrives (pagoPA receipts, the back office's record of a payment
// elsewhere; later reporting flows, Poste, the cash desk) tells the payment intake. The intake owns
// the order and the writes; an adapter only reads its own input: which notice, what the evidence
// says, whether the payment settles the notice, and what a replayed receipt means. See ADR 0022.
import type { Actor } from '../../audit/audit.ts';
import type { PaymentTarget } from '../../positions/positions.lifecycle.ts';
import type { Receipt } from '../receipt.ts';
import type { Overpayment, OverpaymentReason } from './overpayment.ts';

/** What the money does to the notice: settle it, or be held as an over-payment item and why. */
export type Settlement = { apply: true } | { apply: false; reason: OverpaymentReason };

export type IntakeResult =
  /** New receipt; it paid its notice. */
  | { kind: 'applied'; receipt: Receipt; target: PaymentTarget }
  /** New receipt; held as an over-payment item. */
  | { kind: 'held'; receipt: Receipt; overpayment: Overpayment }
  /** The same receipt again: nothing changed. */
  | { kind: 'duplicate'; receipt: Receipt }
  /** The same (IUV, receiptId) came before with a different notice or amount: nothing changed. */
  | { kind: 'conflict'; receipt: Receipt };

/** What the intake knows of a receipt before the channel builds it. */
export interface EvidenceMeta {
  /** Cassa's id for the new receipt row (UUIDv7). */
  id: string;
  entityId: string;
  actor: Actor;
  now: Date;
}

export interface PaymentChannel<I> {
  /** The channel's label in metrics (`pagopa`, `back-office`). */
  readonly name: string;
  /** Refuses what can be refused before anything is locked (throws); optional. */
  precheck?(input: I, now: Date): void;
  /** The notice number the money is for. */
  nav(input: I): string;
  /**
   * Whether the payment settles the notice (found and locked; undefined when the entity has none).
   * A channel that must refuse rather than hold (the back office's API) throws here.
   */
  decide(target: PaymentTarget | undefined, input: I): Settlement;
  /** The receipt row: the evidence, stored once per (entity, IUV, receiptId). */
  evidence(input: I, target: PaymentTarget | undefined, meta: EvidenceMeta): Receipt;
  /** The receipt's key is stored already: the same payment again, or a clash (or throw to refuse). */
  replay(stored: Receipt, input: I): 'duplicate' | 'conflict';
  /** What the instalment's `installment.pay` audit record says of the receipt. */
  auditNote(receipt: Receipt, input: I): Record<string, unknown>;
}
