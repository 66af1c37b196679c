// A creditor body (ente creditore): the tenant everything else in Cassa belongs to.
import type { FieldProblem } from '../../shared/errors.ts';
import { isValidEntityFiscalCode } from '../../shared/identifiers/fiscal-code.ts';
import { checkIban, normalizeIban } from '../../shared/identifiers/iban.ts';

/** Languages a payment notice is printed in: Italian, or Italian with English or German beneath. */
export const NOTICE_LANGUAGES = ['it', 'it-en', 'it-de'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

export interface Entity {
  id: string;
  fiscalCode: string;
  name: string;
  sector: string | null;
  info: string | null;
  cbill: string | null;
  segregationCode: string;
  brokerId: string;
  stationId: string;
  postalAccount: string | null;
  ibans: string[];
  hasLogo: boolean;
  /** Language of the entity's printed notices unless a request asks for another. */
  noticeLanguage: NoticeLanguage;
  /** Poste Italiane's authorisation to print Bollettini PA in-house ("AUT. DB/..."), when it has one. */
  postalAuthorization: string | null;
  /** pagoPA may still take payment of a notice after its due date (unless its option says otherwise). */
  payableAfterDue: boolean;
  createdAt: Date;
  /** When the entity was deactivated (its API keys are refused), or null while it is active. */
  deactivatedAt: Date | null;
}

export interface EntityInput {
  fiscalCode: string;
  name: string;
  sector?: string | undefined;
  info?: string | undefined;
  cbill?: string | undefined;
  segregationCode: string;
  brokerId?: string | undefined;
  stationId?: string | undefined;
  postalAccount?: string | undefined;
  ibans: string[];
  logo?: { data: Uint8Array; mediaType: string } | undefined;
  noticeLanguage?: string | undefined;
  postalAuthorization?: string | undefined;
  payableAfterDue?: boolean | undefined;
}

/**
 * What an update may change. Not the fiscal code (the entity's identity, in every URL) and not the
 * segregation code: the notice numbers already issued carry it, and pagoPA routes them by it.
 * `null` clears an optional field.
 */
export interface EntityChanges {
  name?: string;
  sector?: string | null;
  info?: string | null;
  cbill?: string | null;
  brokerId?: string;
  stationId?: string;
  postalAccount?: string | null;
  ibans?: string[];
  noticeLanguage?: string;
  postalAuthorization?: string | null;
  payableAfterDue?: boolean;
}

/** The entity's fields as an input, with the changes applied (then normalised and validated like a new one). */
export function applyEntityChanges(entity: Entity, changes: EntityChanges): EntityInput {
  const pick = <T>(value: T | null | undefined, current: T | null): T | undefined =>
    value === undefined ? (current ?? undefined) : (value ?? undefined);
  return {
    fiscalCode: entity.fiscalCode,
    segregationCode: entity.segregationCode,
    name: changes.name ?? entity.name,
    sector: pick(changes.sector, entity.sector),
    info: pick(changes.info, entity.info),
    cbill: pick(changes.cbill, entity.cbill),
    brokerId: changes.brokerId ?? entity.brokerId,
    stationId: changes.stationId ?? entity.stationId,
    postalAccount: pick(changes.postalAccount, entity.postalAccount),
    ibans: changes.ibans ?? entity.ibans,
    noticeLanguage: changes.noticeLanguage ?? entity.noticeLanguage,
    postalAuthorization: pick(changes.postalAuthorization, entity.postalAuthorization),
    payableAfterDue: changes.payableAfterDue ?? entity.payableAfterDue,
  };
}

const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'];
const LOGO_MAX_BYTES = 512 * 1024;
// pagoPA identifiers of brokers and stations are stText35 in the SOAP schema.
const ID35 = /^[A-Za-z0-9_.-]{1,35}$/;

/** Normalises the input (trim, upper-case codes, IBANs without spaces) and fills pagoPA defaults. */
export function normalizeEntityInput(input: EntityInput): EntityInput {
  const fiscalCode = input.fiscalCode.trim();
  return {
    ...input,
    fiscalCode,
    name: input.name.trim(),
    sector: input.sector?.trim() || undefined,
    info: input.info?.trim() || undefined,
    cbill: input.cbill?.trim().toUpperCase() || undefined,
    segregationCode: input.segregationCode.trim(),
    brokerId: input.brokerId?.trim() || fiscalCode,
    stationId: input.stationId?.trim() || `${fiscalCode}_01`,
    postalAccount: input.postalAccount?.replace(/\s/g, '') || undefined,
    ibans: input.ibans.map(normalizeIban),
    noticeLanguage: input.noticeLanguage?.trim() || 'it',
    postalAuthorization: input.postalAuthorization?.replace(/\s+/g, ' ').trim() || undefined,
  };
}

/** Lists every rule the (normalised) input breaks; empty when it is valid. */
export function validateEntityInput(input: EntityInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!/^\d{11}$/.test(input.fiscalCode)) add('fiscalCode', 'must be 11 digits');
  else if (!isValidEntityFiscalCode(input.fiscalCode)) add('fiscalCode', 'check digit is wrong');
  if (input.name.length === 0 || input.name.length > 140) add('name', 'must be 1 to 140 characters');
  if (input.sector && input.sector.length > 140) add('sector', 'must be at most 140 characters');
  if (input.info && input.info.length > 140) add('info', 'must be at most 140 characters');
  if (input.cbill !== undefined && !/^[A-Z0-9]{5}$/.test(input.cbill)) {
    add('cbill', 'must be 5 letters or digits (the CBILL code of the entity)');
  }
  if (!/^\d{2}$/.test(input.segregationCode)) add('segregationCode', 'must be 2 digits (assigned by PagoPA)');
  if (!ID35.test(input.brokerId ?? '')) add('brokerId', 'must be 1 to 35 letters, digits, "_", "-" or "."');
  if (!ID35.test(input.stationId ?? '')) add('stationId', 'must be 1 to 35 letters, digits, "_", "-" or "."');
  if (input.postalAccount !== undefined && !/^\d{1,12}$/.test(input.postalAccount)) {
    add('postalAccount', 'must be the postal current account number: up to 12 digits');
  }
  if (input.ibans.length === 0) add('ibans', 'at least one IBAN is required');
  input.ibans.forEach((iban, i) => {
    const problem = checkIban(iban);
    if (problem) add(`ibans[${i}]`, problem);
  });
  if (new Set(input.ibans).size !== input.ibans.length) add('ibans', 'contains the same IBAN twice');
  if (!(NOTICE_LANGUAGES as readonly string[]).includes(input.noticeLanguage ?? 'it')) {
    add('noticeLanguage', `must be one of ${NOTICE_LANGUAGES.join(', ')}`);
  }
  if (input.postalAuthorization !== undefined) {
    if (input.postalAuthorization.length > 70) add('postalAuthorization', 'must be at most 70 characters');
    if (input.postalAccount === undefined) add('postalAuthorization', 'needs a postal account (postalAccount)');
  }
  if (input.logo) {
    if (!LOGO_TYPES.includes(input.logo.mediaType)) add('logo', 'must be a PNG, JPEG or SVG image');
    if (input.logo.data.byteLength > LOGO_MAX_BYTES) add('logo', 'must be at most 512 KiB');
  }
  return problems;
}
