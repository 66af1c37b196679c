// JSON schemas of the GPD v3 models (specs/pagopa/pagopa-api_SANP3.13.0/openapi/gpd_v3.json), as
// Fastify uses them for validation, serialisation and the OpenAPI document. Request models are
// closed (additionalProperties: false): an unknown field is an error, not silently dropped.
// Cassa's extensions are marked "Cassa extension" in their descriptions.

import { GPD_DATE_TIME } from '../../http/formats.ts';
import { NULL_MEANS_ABSENT } from './gpd-v3.nulls.ts';

const dateTime = { type: 'string', format: 'date-time' } as const;
/** A date-time a caller sends: as GPD, the offset may be left out, and the time is then Rome time. */
export const gpdDateTime = {
  type: 'string',
  format: GPD_DATE_TIME,
  description:
    'RFC 3339 date-time; without an offset (2028-12-31T23:59:59, as GPD and Java LocalDateTime write it) it is Europe/Rome wall-clock time.',
} as const;
const withDescription = (description: string) => ({
  ...gpdDateTime,
  description: `${description} ${gpdDateTime.description}`,
});
/** A field GPD's GET answers and a client may send back unchanged: accepted and ignored, never applied. */
const readOnly = (schema: { type: string; format?: string }) => ({
  ...schema,
  type: [schema.type, 'null'],
  description: 'Read-only (as GET answers it); accepted and ignored when sent.',
});
const readOnlyText = readOnly({ type: 'string' });
const readOnlyDateTime = readOnly({ type: 'string', format: GPD_DATE_TIME });

const str = (maxLength?: number, description?: string) => ({
  type: 'string',
  ...(maxLength !== undefined ? { maxLength } : {}),
  ...(description ? { description } : {}),
});

const keyValue = (maxItems = 10) => ({
  type: 'array',
  maxItems,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['key'],
    properties: { key: str(140), value: str(140) },
  },
});

const stamp = {
  type: 'object',
  additionalProperties: false,
  required: ['hashDocument', 'stampType', 'provincialResidence'],
  properties: {
    hashDocument: str(72, 'Base64 SHA-256 hash of the document the digital stamp is for.'),
    stampType: { type: 'string', minLength: 2, maxLength: 2 },
    provincialResidence: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
} as const;

export const debtorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'fiscalCode', 'fullName'],
  properties: {
    type: { type: 'string', enum: ['F', 'G'], description: 'F natural person, G legal person.' },
    fiscalCode: str(
      16,
      'Codice fiscale (16 characters, omocodia allowed), 11-digit code or partita IVA, or ANONIMO for a person without an Italian tax code.',
    ),
    fullName: str(70),
    streetName: str(70),
    civicNumber: str(16),
    postalCode: str(16),
    city: str(35),
    province: str(35),
    region: str(35),
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    email: str(256),
    phone: str(30),
  },
} as const;

const transferRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['idTransfer', 'amount', 'remittanceInformation', 'category'],
  properties: {
    idTransfer: { type: 'string', enum: ['1', '2', '3', '4', '5'] },
    amount: { type: 'integer', minimum: 1, description: 'Euro cents.' },
    organizationFiscalCode: str(11, 'Beneficiary entity; omitted means the position owner.'),
    remittanceInformation: str(140),
    category: str(140, 'pagoPA taxonomy code, e.g. 9/0101101IM/.'),
    iban: { type: 'string', maxLength: 35, description: 'Mutually exclusive with stamp.' },
    postalIban: { type: 'string', maxLength: 35, description: 'Only together with iban.' },
    stamp,
    companyName: str(140),
    transferMetadata: { ...keyValue(), description: 'Optional in Cassa (required by GPD).' },
    insertedDate: readOnlyDateTime,
    status: readOnlyText,
    lastUpdatedDate: readOnlyDateTime,
  },
} as const;

const installmentRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'description', 'dueDate'],
  properties: {
    nav: str(
      18,
      'Notice number (18 digits, aux digit 3, the entity segregation code, mod-93 check digits). Cassa extension: may be omitted together with iuv, and Cassa then assigns one.',
    ),
    iuv: str(35, 'IUV (17 digits for aux digit 3). Cassa extension: optional, see nav.'),
    amount: { type: 'integer', minimum: 1, description: 'Euro cents.' },
    description: str(140),
    dueDate: {
      type: 'string',
      description:
        'Due date. Cassa keeps the calendar date written in the value (2026-12-31T23:59:59Z → 31/12/2026); Cassa extension: a plain date (2026-12-31) is also accepted.',
    },
    fee: { type: 'integer', description: 'Read-only; ignored when sent.' },
    notificationFee: { type: 'integer', description: 'Read-only; ignored when sent.' },
    status: { type: 'string', description: 'Read-only; ignored when sent.' },
    transfer: { type: 'array', minItems: 1, maxItems: 5, items: transferRequest },
    installmentMetadata: { ...keyValue(), description: 'Optional in Cassa (required by GPD).' },
    organizationFiscalCode: readOnlyText,
    paymentDate: readOnlyDateTime,
    reportingDate: readOnlyDateTime,
    paymentMethod: readOnlyText,
    paymentChannel: readOnlyText,
    pspCompany: readOnlyText,
    idReceipt: readOnlyText,
    idFlowReporting: readOnlyText,
    lastUpdatedDate: readOnlyDateTime,
  },
} as const;

const paymentOptionRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['debtor', 'installments'],
  properties: {
    description: str(140),
    validityDate: withDescription('When the position becomes payable; must be in the future.'),
    retentionDate: gpdDateTime,
    switchToExpired: {
      type: 'boolean',
      default: false,
      description: 'true: the option expires (not payable) after its last due date. Optional in Cassa.',
    },
    debtor: debtorSchema,
    installments: { type: 'array', minItems: 1, maxItems: 100, items: installmentRequest },
    insertedDate: readOnlyDateTime,
  },
} as const;

export const positionRequestSchema = {
  type: 'object',
  description: `GPD v3 PaymentPositionModelV3. ${NULL_MEANS_ABSENT}`,
  additionalProperties: false,
  required: ['iupd', 'companyName', 'paymentOption'],
  properties: {
    iupd: str(140, 'Debt position id chosen by the entity, unique per entity.'),
    payStandIn: { type: 'boolean', default: true },
    companyName: str(140),
    officeName: str(140),
    paymentDate: withDescription('Read-only; ignored when sent.'),
    status: { type: 'string', description: 'Read-only; ignored when sent.' },
    organizationFiscalCode: readOnlyText,
    insertedDate: readOnlyDateTime,
    publishDate: readOnlyDateTime,
    lastUpdatedDate: readOnlyDateTime,
    paymentOption: { type: 'array', minItems: 1, maxItems: 100, items: paymentOptionRequest },
  },
} as const;

const transferResponse = {
  type: 'object',
  properties: {
    organizationFiscalCode: { type: 'string' },
    companyName: { type: 'string' },
    idTransfer: { type: 'string' },
    amount: { type: 'integer' },
    remittanceInformation: { type: 'string' },
    category: { type: 'string' },
    iban: { type: 'string' },
    postalIban: { type: 'string' },
    stamp,
    insertedDate: dateTime,
    status: { type: 'string', enum: ['T_UNREPORTED', 'T_REPORTED'] },
    lastUpdatedDate: dateTime,
    transferMetadata: keyValue(),
  },
} as const;

export const installmentResponseSchema = {
  type: 'object',
  properties: {
    nav: { type: 'string' },
    iuv: { type: 'string' },
    organizationFiscalCode: { type: 'string' },
    amount: { type: 'integer' },
    description: { type: 'string' },
    dueDate: dateTime,
    paymentDate: dateTime,
    reportingDate: dateTime,
    paymentMethod: { type: 'string' },
    paymentChannel: { type: 'string', description: 'Cassa extension: channel of a payment recorded outside pagoPA.' },
    pspCompany: { type: 'string' },
    fee: { type: 'integer' },
    notificationFee: { type: 'integer' },
    idReceipt: { type: 'string' },
    idFlowReporting: { type: 'string' },
    status: { type: 'string', enum: ['UNPAID', 'PAID', 'PARTIALLY_REPORTED', 'REPORTED', 'UNPAYABLE', 'EXPIRED'] },
    lastUpdatedDate: dateTime,
    installmentMetadata: keyValue(),
    transfer: { type: 'array', items: transferResponse },
  },
} as const;

export const positionResponseSchema = {
  type: 'object',
  properties: {
    iupd: { type: 'string' },
    organizationFiscalCode: { type: 'string' },
    companyName: { type: 'string' },
    officeName: { type: 'string' },
    payStandIn: { type: 'boolean' },
    insertedDate: dateTime,
    publishDate: dateTime,
    paymentDate: dateTime,
    status: { type: 'string', enum: ['DRAFT', 'PUBLISHED', 'VALID', 'UNPAYABLE', 'PARTIALLY_PAID', 'PAID'] },
    lastUpdatedDate: dateTime,
    paymentOption: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: {
            type: 'string',
            description: 'Cassa extension: GPD does not answer it (write-only there); sent back by PUT, it is kept.',
          },
          switchToExpired: { type: 'boolean' },
          retentionDate: dateTime,
          insertedDate: dateTime,
          validityDate: dateTime,
          debtor: debtorSchema,
          installments: { type: 'array', items: installmentResponseSchema },
        },
      },
    },
  },
} as const;

export const positionListResponseSchema = {
  type: 'object',
  required: ['payment_position_list', 'page_info'],
  properties: {
    payment_position_list: { type: 'array', items: positionResponseSchema },
    page_info: {
      type: 'object',
      required: ['page', 'limit', 'items_found', 'total_pages'],
      properties: {
        page: { type: 'integer' },
        limit: { type: 'integer' },
        items_found: { type: 'integer' },
        total_pages: { type: 'integer' },
      },
    },
  },
} as const;

/** GPD v1 `PaymentsModelResponse`, the answer to recording a payment made elsewhere. */
export const paidResponseSchema = {
  type: 'object',
  properties: {
    ...installmentResponseSchema.properties,
    isPartialPayment: { type: 'boolean' },
    retentionDate: dateTime,
    insertedDate: dateTime,
    status: { type: 'string', enum: ['PO_UNPAID', 'PO_PAID', 'PO_PARTIALLY_REPORTED', 'PO_REPORTED'] },
  },
} as const;

export const PAYMENT_CHANNELS = ['POST_OFFICE', 'BANK', 'COUNTER', 'CASH', 'POS', 'OTHER'] as const;

export const paidRequestSchema = {
  type: 'object',
  description: `GPD v1 body of paids. ${NULL_MEANS_ABSENT}`,
  additionalProperties: false,
  properties: {
    paymentDate: withDescription('When the debtor paid; defaults to now; not in the future.'),
    paymentChannel: {
      type: 'string',
      enum: PAYMENT_CHANNELS,
      default: 'OTHER',
      description: 'Cassa extension: where the payment was made.',
    },
    paymentMethod: str(35, 'Cassa extension: e.g. cash, bollettino, bank transfer.'),
    pspCompany: str(140, 'Cassa extension: the bank or office that took the payment.'),
    idReceipt: str(35, 'Cassa extension: the receipt or transaction number of that channel.'),
  },
} as const;

export const problemSchema = {
  type: 'object',
  description: 'RFC 7807 problem details; `errors` lists each invalid field.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;
