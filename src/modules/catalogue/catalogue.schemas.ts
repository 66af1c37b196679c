// JSON schemas of the catalogue API (they appear in /openapi.json). Shapes and types are checked
// here; what the values mean (bounds consistent, keys unique, the IBAN the entity's...) is checked
// by checkServiceDefinition, with the same problem+json errors.

import type { ListedService } from './catalogue.service.ts';
import { FIELD_TYPES, MAX_FIELDS } from './service.ts';

const text = (description: string, maxLength: number) => ({ type: 'string', maxLength, description }) as const;

const optionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'label'],
  properties: {
    value: text('What is stored (and copied into the position) when this option is chosen.', 70),
    label: text('What the citizen reads, in Italian.', 100),
    labelEn: text('The label in English (Italian is shown when absent).', 100),
  },
} as const;

const fieldProperties = {
  key: {
    type: 'string',
    maxLength: 40,
    description:
      'Identifies the answer: 1 to 40 lowercase letters, digits or _, starting with a letter; unique in the service. The answer is stored in the instalment metadata under this key, and `{key}` in the remittance template stands for it.',
  },
  type: {
    type: 'string',
    enum: FIELD_TYPES,
    description: 'text, number (a whole number), date (dd/mm/yyyy on the form) or choice (one of the options).',
  },
  label: text('The question, in Italian.', 100),
  labelEn: text('The question in English.', 100),
  hint: text('Help under the question, in Italian (e.g. the format expected).', 300),
  hintEn: text('The hint in English.', 300),
  required: { type: 'boolean', default: false, description: 'The citizen must answer.' },
  minLength: { type: 'integer', description: 'text: fewest characters (default 0).' },
  maxLength: { type: 'integer', description: 'text: most characters, at most 140 (the default).' },
  pattern: {
    type: 'string',
    maxLength: 200,
    description: 'text: a regular expression (JavaScript, Unicode) the whole answer must match, e.g. [0-9]{5}.',
  },
  min: { type: 'integer', description: 'number: smallest value allowed.' },
  max: { type: 'integer', description: 'number: largest value allowed.' },
  minDate: { type: 'string', format: 'date', description: 'date: earliest date allowed (YYYY-MM-DD).' },
  maxDate: { type: 'string', format: 'date', description: 'date: latest date allowed (YYYY-MM-DD).' },
  options: {
    type: 'array',
    maxItems: 30,
    items: optionSchema,
    description: 'choice: the options, 1 to 30, with unique values.',
  },
} as const;

const fieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'type', 'label'],
  properties: fieldProperties,
  if: { properties: { type: { const: 'choice' } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
  then: { required: ['options'] },
} as const;

const amountProperties = {
  type: {
    type: 'string',
    enum: ['fixed', 'range'],
    description: 'fixed: always `cents`; range: the citizen types an amount from `minCents` to `maxCents`.',
  },
  cents: { type: 'integer', description: 'fixed: the amount, in euro cents.' },
  minCents: { type: 'integer', description: 'range: the smallest amount, in euro cents.' },
  maxCents: { type: 'integer', description: 'range: the largest amount, in euro cents (more than minCents).' },
} as const;

const amountSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: amountProperties,
  allOf: [
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
    { if: { properties: { type: { const: 'fixed' } } }, then: { required: ['cents'] } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
    { if: { properties: { type: { const: 'range' } } }, then: { required: ['minCents', 'maxCents'] } },
  ],
} as const;

const accountingProperties = {
  iban: text('The account credited: one of the IBANs registered for the entity.', 34),
  postalIban: text('The IBAN of the entity’s postal account (conto corrente postale), if any.', 34),
  category: text('pagoPA taxonomy code of the revenue (tassonomia dei servizi di incasso), e.g. 9/0401104SP/.', 140),
  remittance: text(
    'Remittance information (causale) of the transfer: `{key}` is replaced by the answer to that field, e.g. "Mensa {alunno}". At most 140 characters once filled in.',
    140,
  ),
} as const;

const definitionProperties = {
  title: text('Name of the service, in Italian; also the description of the instalment.', 140),
  titleEn: text('The name in English.', 140),
  description: text('What the service is and who should pay for it, in Italian (plain text).', 2000),
  descriptionEn: text('The description in English.', 2000),
  amount: amountSchema,
  fields: { type: 'array', maxItems: MAX_FIELDS, items: fieldSchema, default: [], description: 'The form.' },
  accounting: {
    type: 'object',
    additionalProperties: false,
    required: ['iban', 'category', 'remittance'],
    properties: accountingProperties,
  },
  dueInDays: {
    type: 'integer',
    default: 30,
    description:
      'Days from the request to the due date of the position (1 to 365, default 30). The notice can still be paid after it.',
  },
} as const;

export const definitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'description', 'amount', 'accounting'],
  properties: definitionProperties,
} as const;

/** Shown in /openapi.json: a fixed-price service with one question, for an entity with this IBAN. */
export const definitionExample = {
  title: 'Certificato di destinazione urbanistica',
  titleEn: 'Zoning certificate',
  description: 'Diritti di segreteria per il rilascio del certificato di destinazione urbanistica.',
  amount: { type: 'fixed', cents: 5000 },
  fields: [{ key: 'foglio', type: 'text', label: 'Foglio e particella catastale', required: true, maxLength: 60 }],
  accounting: {
    iban: 'IT60X0542811101000000123456',
    category: '9/0301109AP/',
    remittance: 'Certificato urbanistico {foglio}',
  },
  dueInDays: 30,
};

const dateTime = { type: 'string', format: 'date-time' } as const;

export const serviceSchema = {
  type: 'object',
  description: 'A service of the catalogue.',
  required: ['id', 'version', 'title', 'description', 'amount', 'fields', 'accounting', 'dueInDays', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    version: { type: 'integer', description: 'Goes up at every update.' },
    ...definitionProperties,
    amount: { type: 'object', properties: amountProperties },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ...fieldProperties, options: { type: 'array', items: optionSchema } },
      },
    },
    accounting: { type: 'object', properties: accountingProperties },
    createdAt: dateTime,
    updatedAt: dateTime,
    retiredAt: { type: ['string', 'null'], format: 'date-time', description: 'When it left the portal.' },
    requests: { type: 'integer', description: 'How many debt positions citizens have made from it.' },
    portalUrl: { type: 'string', description: 'The path of its form on the citizen portal.' },
  },
} as const;

export const serviceListSchema = {
  type: 'object',
  properties: { services: { type: 'array', items: serviceSchema } },
} as const;

export function toServiceJson(service: ListedService, entityFiscalCode: string) {
  const { entityId: _, ...rest } = service;
  return { ...rest, portalUrl: `/e/${entityFiscalCode}/servizi/${service.id}` };
}
