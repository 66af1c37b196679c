// JSON schemas of the admin API (/admin/v1; they appear in /openapi.json). Shapes and types are
// checked here; what the values mean (check digits, IBANs, lengths) by validateEntityInput, and a
// request breaking both kinds of rule hears of every problem at once (admin-validation.ts).
import type { ApiKeyInfo } from '../entities/api-keys.ts';
import type { Entity } from '../entities/entity.ts';
import { NOTICE_LANGUAGES } from '../entities/entity.ts';

/** The admin API's example entity: not the GPD examples' one (80016350821), so all examples can run in turn. */
export const EXAMPLE_FISCAL_CODE = '00514490010';
const EXAMPLE_IBAN = 'IT60X0542811101000000123456';

const str = (description: string) => ({ type: 'string', description }) as const;
const nullableStr = (description: string) => ({ type: ['string', 'null'], description }) as const;

// The fields an update may change; each may also be given at creation.
const changeable = {
  name: str('Name of the entity, as printed on notices (1 to 140 characters).'),
  sector: nullableStr('Office or sector printed under the name (up to 140 characters).'),
  info: nullableStr('Contact line printed on notices (up to 140 characters).'),
  cbill: nullableStr('The CBILL code of the entity: 5 letters or digits.'),
  brokerId: str("pagoPA intermediary (broker) id; defaults to the entity's fiscal code."),
  stationId: str('pagoPA station id; defaults to <fiscal code>_01.'),
  postalAccount: nullableStr('Postal current account number (up to 12 digits), for Bollettini PA.'),
  ibans: {
    type: 'array',
    items: { type: 'string' },
    maxItems: 20,
    description: 'IBANs payments are credited to; at least one; spaces are removed.',
  },
  noticeLanguage: { type: 'string', enum: [...NOTICE_LANGUAGES], description: 'Language of printed notices.' },
  postalAuthorization: nullableStr(
    'Poste Italiane\'s authorisation to print Bollettini PA ("AUT. DB/..."); needs postalAccount.',
  ),
  payableAfterDue: { type: 'boolean', description: 'Notices may be paid after their due date (default true).' },
} as const;

export const entityCreateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fiscalCode', 'name', 'segregationCode', 'ibans'],
  properties: {
    fiscalCode: str('Fiscal code of the entity: 11 digits with a valid check digit. Cannot be changed later.'),
    segregationCode: str('Segregation code assigned by PagoPA: 2 digits. Cannot be changed later.'),
    ...changeable,
  },
  examples: [
    {
      fiscalCode: EXAMPLE_FISCAL_CODE,
      name: 'Comune di Prova',
      sector: 'Ufficio Tributi',
      segregationCode: '02',
      ibans: [EXAMPLE_IBAN],
    },
  ],
} as const;

export const entityUpdateSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: changeable,
  examples: [{ name: 'Comune di Prova (Ufficio Entrate)', sector: null, ibans: [EXAMPLE_IBAN] }],
} as const;

export const entitySchema = {
  type: 'object',
  properties: {
    fiscalCode: { type: 'string' },
    name: { type: 'string' },
    sector: { type: ['string', 'null'] },
    info: { type: ['string', 'null'] },
    cbill: { type: ['string', 'null'] },
    segregationCode: { type: 'string' },
    brokerId: { type: 'string' },
    stationId: { type: 'string' },
    postalAccount: { type: ['string', 'null'] },
    ibans: { type: 'array', items: { type: 'string' } },
    noticeLanguage: { type: 'string' },
    postalAuthorization: { type: ['string', 'null'] },
    payableAfterDue: { type: 'boolean' },
    hasLogo: { type: 'boolean', description: 'A logo is printed on notices (set with `cassa entity create --logo`).' },
    active: { type: 'boolean', description: 'False while the entity is deactivated: its API keys are refused.' },
    createdAt: { type: 'string', format: 'date-time' },
    deactivatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  examples: [
    {
      fiscalCode: EXAMPLE_FISCAL_CODE,
      name: 'Comune di Prova',
      sector: 'Ufficio Tributi',
      info: null,
      cbill: null,
      segregationCode: '02',
      brokerId: EXAMPLE_FISCAL_CODE,
      stationId: `${EXAMPLE_FISCAL_CODE}_01`,
      postalAccount: null,
      ibans: [EXAMPLE_IBAN],
      noticeLanguage: 'it',
      postalAuthorization: null,
      payableAfterDue: true,
      hasLogo: false,
      active: true,
      createdAt: '2026-12-07T10:00:00.000Z',
      deactivatedAt: null,
    },
  ],
} as const;

export const entityListSchema = {
  type: 'object',
  properties: { entities: { type: 'array', items: entitySchema } },
} as const;

export const entityParams = {
  type: 'object',
  required: ['fiscalCode'],
  properties: { fiscalCode: str('Fiscal code of the entity.') },
} as const;

export const keyParams = {
  type: 'object',
  required: ['fiscalCode', 'keyId'],
  properties: { fiscalCode: str('Fiscal code of the entity.'), keyId: str('Id of the API key (a UUID).') },
} as const;

const keyProperties = {
  id: { type: 'string', description: 'Id of the key, to revoke it.' },
  entityFiscalCode: { type: 'string' },
  name: { type: 'string', description: 'What the key is for.' },
  prefix: { type: 'string', description: 'The first characters of the secret, to recognise it.' },
  createdBy: { type: 'string', description: 'Who created it (e.g. admin:<prefix>, cli:<user>).' },
  createdAt: { type: 'string', format: 'date-time' },
  revokedAt: { type: ['string', 'null'], format: 'date-time' },
  grants: {
    type: 'array',
    items: { type: 'string' },
    description: 'What the key may do at its entity, as `area:access` (ADR 0031).',
  },
} as const;

const keyExample = {
  id: '0193a5b2-7c1e-7f00-9a4b-2f1e3d4c5b6a',
  entityFiscalCode: EXAMPLE_FISCAL_CODE,
  name: 'gestionale tributi',
  prefix: 'cassa_Xq3vT9',
  createdBy: 'admin:cassa_admin_Hk2pQ8',
  createdAt: '2026-12-07T10:05:00.000Z',
  revokedAt: null,
  grants: ['positions:write', 'payments:write', 'catalogue:write', 'settings:write'],
};

export const apiKeySchema = { type: 'object', properties: keyProperties, examples: [keyExample] } as const;

export const apiKeyListSchema = {
  type: 'object',
  properties: { apiKeys: { type: 'array', items: apiKeySchema } },
} as const;

export const apiKeyCreateSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, description: 'What the key is for.' },
    grants: {
      type: 'array',
      minItems: 1,
      maxItems: 16,
      items: { type: 'string', pattern: '^[a-z]+:(read|write)$' },
      description:
        'What the key may do at its entity, as `area:access` (areas: positions, payments, reconciliation, catalogue, messages, settings, operators, audit; access read or write, write includes read). Without it: positions, payments, catalogue and settings, read and write.',
    },
  },
  examples: [{ name: 'gestionale tributi' }, { name: 'reporting', grants: ['positions:read', 'payments:read'] }],
} as const;

export const createdApiKeySchema = {
  type: 'object',
  properties: {
    ...keyProperties,
    key: {
      type: 'string',
      description: 'The secret, shown in this response only: Cassa keeps only its hash and cannot show it again.',
    },
  },
  examples: [{ ...keyExample, key: 'cassa_Xq3vT9…(43 characters in all after cassa_)' }],
} as const;

export const rotatedAdminKeySchema = {
  type: 'object',
  properties: {
    prefix: { type: 'string', description: 'The first characters of the new secret.' },
    createdAt: { type: 'string', format: 'date-time', description: 'When the credential was first created.' },
    rotatedAt: { type: ['string', 'null'], format: 'date-time' },
    key: {
      type: 'string',
      description: 'The new secret, shown in this response only. The one used for this request is refused from now on.',
    },
  },
  examples: [
    {
      prefix: 'cassa_admin_Hk2pQ8',
      createdAt: '2026-12-01T08:00:00.000Z',
      rotatedAt: '2026-12-07T10:10:00.000Z',
      key: 'cassa_admin_Hk2pQ8…(43 characters in all after cassa_admin_)',
    },
  ],
} as const;

/** An entity as the admin API shows it. */
export function toEntityJson(e: Entity) {
  return {
    fiscalCode: e.fiscalCode,
    name: e.name,
    sector: e.sector,
    info: e.info,
    cbill: e.cbill,
    segregationCode: e.segregationCode,
    brokerId: e.brokerId,
    stationId: e.stationId,
    postalAccount: e.postalAccount,
    ibans: e.ibans,
    noticeLanguage: e.noticeLanguage,
    postalAuthorization: e.postalAuthorization,
    payableAfterDue: e.payableAfterDue,
    hasLogo: e.hasLogo,
    active: e.deactivatedAt === null,
    createdAt: e.createdAt.toISOString(),
    deactivatedAt: e.deactivatedAt?.toISOString() ?? null,
  };
}

/** An API key as the admin API shows it (never its hash; the secret only when just created). */
export function toApiKeyJson(k: ApiKeyInfo & { key?: string }) {
  return {
    ...k,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
