// Receipts (ricevute): the evidence of one payment received, whatever the channel. Pure: the domain
// types, the identifier Cassa makes up when a channel gives none, and the masking used on the
// public verification page. A receipt is never changed after it is written (a trigger refuses it).
import type { Cents } from '../../shared/money.ts';
import type { Debtor, PaymentRecord, Stamp } from '../positions/position.ts';

/** Where a receipt came from: the back office's `paids` call, or pagoPA's paSendRT / paSendRTV2. */
export const RECEIPT_SOURCES = ['paids', 'paSendRT', 'paSendRTV2'] as const;
export type ReceiptSource = (typeof RECEIPT_SOURCES)[number];

/**
 * One transfer of the payment as it was when paid (pagoPA's ctTransferPAReceiptV2): copied, so a
 * later change of the entity's IBANs or of the position never rewrites what was paid to whom.
 */
export interface ReceiptTransfer {
  idTransfer: string;
  amountCents: Cents;
  /** The beneficiary entity (fiscalCodePA). */
  fiscalCodePA: string;
  companyName?: string;
  /** The account credited (IBAN or postal IBAN); absent for a marca da bollo. */
  iban?: string;
  remittanceInformation: string;
  category: string;
  stamp?: Stamp;
  /** pagoPA's MBDAttachment: the marca da bollo bought, base64 of its signed XML. */
  mbdAttachment?: string;
}

/** A subject of the receipt (debtor or payer), in GPD's shape. */
export type ReceiptSubject = Debtor;

export interface Receipt {
  /** Cassa's internal id (UUIDv7); the verification token names the receipt by it. */
  id: string;
  entityId: string;
  /** pagoPA's receiptId, the back office's idReceipt, or one Cassa made up (see generatedReceiptId). */
  receiptId: string;
  nav: string;
  iuv: string;
  positionId: string | null;
  installmentId: string | null;
  iupd: string | null;
  description: string;
  companyName: string;
  debtor: ReceiptSubject;
  payer: ReceiptSubject | null;
  amountCents: Cents;
  /** Commission paid by the payer, when the channel reports it. */
  feeCents: Cents | null;
  /** The legally relevant payment instant (pagoPA's paymentDateTime). */
  paidAt: Date;
  channel: string;
  paymentMethod: string | null;
  pspId: string | null;
  pspCompany: string | null;
  transfers: ReceiptTransfer[];
  source: ReceiptSource;
  recordedBy: string;
  recordedAt: Date;
  /** What pagoPA's receipt carries beyond the fields above (PSP fiscal code, channel, bundles...). */
  details: Record<string, unknown> | null;
  /** The Nodo's message (the whole SOAP envelope) exactly as received: the evidence. */
  message: string | null;
}

/** What a channel tells Cassa about a payment; what it leaves out comes from the notice itself. */
export interface PaymentInput {
  source: ReceiptSource;
  /** The channel's receipt id; when absent Cassa makes one up (generatedReceiptId). */
  receiptId?: string | undefined;
  /** When the debtor paid; now when absent. */
  paidAt?: Date | undefined;
  /** pagoPA: idChannel; back office: POST_OFFICE, BANK, COUNTER, ... */
  channel: string;
  method?: string | undefined;
  pspId?: string | undefined;
  pspCompany?: string | undefined;
  payer?: ReceiptSubject | undefined;
  feeCents?: Cents | undefined;
  /** The amount the channel says was paid; when given it must equal the notice's amount. */
  amountCents?: Cents | undefined;
  /** The transfers as the channel lists them; by default the notice's own. */
  transfers?: ReceiptTransfer[] | undefined;
}

/** Longest receipt id pagoPA and GPD carry (stText35). */
export const RECEIPT_ID_MAX = 35;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The receipt id Cassa makes up when a channel gives none: "CASSA-" and the receipt's internal
 * UUID in Crockford base32 (26 characters, no I/L/O/U to misread), 32 characters in all. Unique
 * because the UUID is, and it names the row it belongs to.
 */
export function generatedReceiptId(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`not a UUID: ${uuid}`);
  let value = BigInt(`0x${hex}`);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return `CASSA-${out}`;
}

/**
 * A name for a public page: each word keeps its first and last letter ("Mario Rossi" → "M***o R***i";
 * words of one or two letters keep the first: "De" → "D*"). Enough for whoever holds the paper
 * receipt to recognise it, not enough to learn a stranger's name from a found or guessed link.
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((word) => {
      const chars = Array.from(word);
      if (chars.length <= 2) return `${chars[0]}*`;
      return `${chars[0]}***${chars[chars.length - 1]}`;
    })
    .join(' ');
}

/** A fiscal code for a public page: only the last four characters stay ("************501U"). */
export function maskFiscalCode(fiscalCode: string): string {
  const visible = 4;
  if (fiscalCode.length <= visible) return '*'.repeat(fiscalCode.length);
  return '*'.repeat(fiscalCode.length - visible) + fiscalCode.slice(-visible);
}

/** How the instalment a receipt pays records that payment (GPD's paymentDate, idReceipt, ...). */
export function paymentRecordOf(receipt: Receipt, recordedBy: string): PaymentRecord {
  return {
    paidAt: receipt.paidAt,
    method: receipt.paymentMethod,
    channel: receipt.channel,
    pspCompany: receipt.pspCompany,
    receiptId: receipt.receiptId,
    feeCents: receipt.feeCents,
    recordedBy,
  };
}
