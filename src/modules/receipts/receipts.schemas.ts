// JSON schemas of the receipts API and the mapping of a receipt to its JSON. Amounts are euro cents,
// as in the GPD API; instants are RFC 3339 in UTC.
import { pagingQuery } from '../../http/paging.ts';
import { debtorSchema } from '../positions/gpd-v3.schemas.ts';
import type { Receipt } from './receipt.ts';
import { RECEIPT_LANGUAGES } from './receipt-texts.ts';

const dateTime = { type: 'string', format: 'date-time' } as const;

const transferSchema = {
  type: 'object',
  required: ['idTransfer', 'amount', 'organizationFiscalCode', 'remittanceInformation', 'category'],
  properties: {
    idTransfer: { type: 'string' },
    amount: { type: 'integer', description: 'Euro cents.' },
    organizationFiscalCode: { type: 'string', description: 'The beneficiary entity (fiscalCodePA).' },
    companyName: { type: 'string' },
    iban: { type: 'string', description: 'The account credited; absent for a digital revenue stamp.' },
    remittanceInformation: { type: 'string' },
    category: { type: 'string' },
    stamp: {
      type: 'object',
      properties: {
        hashDocument: { type: 'string' },
        stampType: { type: 'string' },
        provincialResidence: { type: 'string' },
      },
    },
  },
} as const;

export const receiptSchema = {
  type: 'object',
  required: [
    'id',
    'receiptId',
    'noticeNumber',
    'iuv',
    'organizationFiscalCode',
    'companyName',
    'description',
    'debtor',
    'amount',
    'paymentDateTime',
    'paymentChannel',
    'transfer',
    'source',
    'recordedDate',
  ],
  properties: {
    id: { type: 'string', format: 'uuid', description: "Cassa's internal id of the receipt." },
    receiptId: {
      type: 'string',
      description:
        "pagoPA's receiptId, the idReceipt the back office gave, or one Cassa made up: CASSA- and 26 Crockford base32 characters.",
    },
    noticeNumber: { type: 'string' },
    iuv: { type: 'string' },
    organizationFiscalCode: { type: 'string' },
    companyName: { type: 'string' },
    iupd: { type: 'string' },
    description: { type: 'string' },
    debtor: debtorSchema,
    payer: { ...debtorSchema, description: 'Who paid, when the channel reports it.' },
    amount: { type: 'integer', description: 'Euro cents.' },
    fee: { type: 'integer', description: 'Euro cents paid by the payer as commission, when the channel reports it.' },
    paymentDateTime: { ...dateTime, description: 'The legally relevant payment instant.' },
    paymentChannel: { type: 'string' },
    paymentMethod: { type: 'string' },
    idPSP: { type: 'string' },
    pspCompanyName: { type: 'string' },
    transfer: { type: 'array', items: transferSchema, description: 'The transfers as they were when paid.' },
    source: { type: 'string', enum: ['paids', 'paSendRT', 'paSendRTV2'] },
    recordedDate: dateTime,
    verificationUrl: {
      type: 'string',
      description: 'The public page that confirms the receipt is genuine (the URL of the QR code on the PDF).',
    },
  },
} as const;

export const receiptListSchema = {
  type: 'object',
  properties: {
    receipts: { type: 'array', items: receiptSchema },
    page_info: {
      type: 'object',
      properties: {
        page: { type: 'integer' },
        limit: { type: 'integer' },
        items_found: { type: 'integer' },
        total_items: { type: 'integer' },
        total_pages: { type: 'integer' },
      },
    },
  },
} as const;

export const orgParam = {
  organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity (organization).' },
} as const;

export const receiptParams = {
  type: 'object',
  required: ['organizationfiscalcode', 'receiptId'],
  properties: { ...orgParam, receiptId: { type: 'string', maxLength: 35, description: 'The receiptId.' } },
} as const;

const iuvQuery = {
  type: 'string',
  pattern: '^\\d{1,35}$',
  description: 'The IUV of the notice: needed only when the back office gave the same idReceipt to several notices.',
} as const;

export const receiptQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { iuv: iuvQuery },
} as const;

export const pdfQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    iuv: iuvQuery,
    lang: {
      type: 'string',
      enum: RECEIPT_LANGUAGES,
      default: 'it',
      description: 'it: Italian; it-en: Italian with English beneath.',
    },
  },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    nav: { type: 'string', pattern: '^\\d{18}$', description: 'Only the receipts of this notice number.' },
    iuv: { type: 'string', pattern: '^\\d{1,35}$', description: 'Only the receipts of this IUV.' },
    debtor_fiscal_code: { type: 'string', maxLength: 16, description: 'Only the receipts of this debtor.' },
    ...pagingQuery(100, 20),
  },
} as const;

const iso = (d: Date) => d.toISOString();

/** The JSON of a receipt; `verificationUrl` when the caller signed one. */
export function toReceiptJson(r: Receipt, organizationFiscalCode: string, verificationUrl?: string) {
  return {
    id: r.id,
    receiptId: r.receiptId,
    noticeNumber: r.nav,
    iuv: r.iuv,
    organizationFiscalCode,
    companyName: r.companyName,
    iupd: r.iupd ?? undefined,
    description: r.description,
    debtor: r.debtor,
    payer: r.payer ?? undefined,
    amount: r.amountCents,
    fee: r.feeCents ?? undefined,
    paymentDateTime: iso(r.paidAt),
    paymentChannel: r.channel,
    paymentMethod: r.paymentMethod ?? undefined,
    idPSP: r.pspId ?? undefined,
    pspCompanyName: r.pspCompany ?? undefined,
    transfer: r.transfers.map((t) => ({
      idTransfer: t.idTransfer,
      amount: t.amountCents,
      organizationFiscalCode: t.fiscalCodePA,
      companyName: t.companyName,
      iban: t.iban,
      remittanceInformation: t.remittanceInformation,
      category: t.category,
      stamp: t.stamp,
    })),
    source: r.source,
    recordedDate: iso(r.recordedAt),
    verificationUrl,
  };
}
