// A receipt as pagoPA's Nodo sends it (ctReceipt / ctReceiptV2, pagopa-facts §5.1), read from the
// paSendRT message by the station. Plain values: amounts in cents, the payment instant as a Date.
import type { IsoDate } from '../../../shared/dates.ts';
import type { Cents } from '../../../shared/money.ts';
import type { Debtor, KeyValue } from '../../positions/position.ts';

/** A debtor or payer as pagoPA's ctSubject carries one: GPD's subject without region and phone. */
export type ReceivedSubject = Omit<Debtor, 'region' | 'phone'>;

export interface ReceivedTransfer {
  idTransfer: string;
  amountCents: Cents;
  fiscalCodePA: string;
  companyName?: string;
  iban?: string;
  /** V2: the marca da bollo bought, base64 of its signed XML. */
  mbdAttachment?: string;
  remittanceInformation: string;
  category: string;
  metadata: KeyValue[];
}

export interface ReceivedReceipt {
  receiptId: string;
  noticeNumber: string;
  /** The creditor entity of the notice. */
  fiscalCode: string;
  outcome: 'OK' | 'KO';
  /** The IUV. */
  creditorReferenceId: string;
  amountCents: Cents;
  description: string;
  companyName: string;
  officeName?: string;
  debtor: ReceivedSubject;
  transfers: ReceivedTransfer[];
  idPSP: string;
  pspFiscalCode?: string;
  pspPartitaIVA?: string;
  pspCompanyName: string;
  idChannel: string;
  channelDescription: string;
  payer?: ReceivedSubject;
  paymentMethod?: string;
  paymentNote?: string;
  feeCents?: Cents;
  primaryCiIncurredFeeCents?: Cents;
  idBundle?: string;
  idCiBundle?: string;
  /** paymentDateTime, the legally relevant instant (without an offset it is Italian time). */
  paidAt?: Date;
  applicationDate?: IsoDate;
  transferDate?: IsoDate;
  metadata: KeyValue[];
  /** Paid while pagoPA was collecting in Stand-In on the entity's behalf. */
  standIn?: boolean;
}
