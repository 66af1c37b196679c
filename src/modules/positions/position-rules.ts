// The business rules a debt position must satisfy before Cassa accepts it (pagopa-facts §4.4, §6).
// Shape and types are checked earlier by the JSON schema; this checks meaning. Each problem names the
// field by its GPD path, e.g. `paymentOption[0].installments[1].transfer[0].iban`.
import { compareIsoDate, type IsoDate, todayInRome } from '../../shared/dates.ts';
import type { FieldProblem } from '../../shared/errors.ts';
import { checkDebtorId, checkEntityFiscalCode } from '../../shared/identifiers/fiscal-code.ts';
import { checkIban } from '../../shared/identifiers/iban.ts';
import { checkIssuableIuv, checkIssuableNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { checkTransferCategory } from '../../shared/identifiers/taxonomy.ts';
import { isCents } from '../../shared/money.ts';
import type { Entity } from '../entities/entity.ts';
import type { Debtor, InstallmentInput, KeyValue, OptionInput, PositionInput, Transfer } from './position.ts';

export interface RuleContext {
  entity: Pick<Entity, 'fiscalCode' | 'segregationCode' | 'ibans'>;
  now: Date;
  /** Today in Rome; computed from `now` when absent (pass it when checking many positions). */
  today?: IsoDate;
  /** create: GPD's create rules (validity in the future, due date not past); update: the relaxed ones. */
  mode: 'create' | 'update';
}

export const IUPD_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:~@+=-]{0,139}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type Add = (path: string, message: string) => void;

/** Lists every rule the position breaks; empty when Cassa can accept it. */
export function checkPositionRules(input: PositionInput, ctx: RuleContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add: Add = (path, message) => problems.push({ path, message });
  if (!IUPD_PATTERN.test(input.iupd)) {
    add('iupd', 'must be 1 to 140 characters: letters, digits and . _ : ~ @ + = - (not starting with a symbol)');
  }
  text(add, 'companyName', input.companyName, 1, 140);
  if (input.officeName !== undefined) text(add, 'officeName', input.officeName, 0, 140);
  if (input.options.length === 0) add('paymentOption', 'at least one payment option is required');
  const seenNav = new Map<string, string>();
  input.options.forEach((option, o) => {
    checkOption(add, option, `paymentOption[${o}]`, ctx, seenNav);
  });
  return problems;
}

function checkOption(add: Add, option: OptionInput, path: string, ctx: RuleContext, seen: Map<string, string>) {
  if (option.description !== undefined) text(add, `${path}.description`, option.description, 0, 140);
  checkDebtor(add, option.debtor, `${path}.debtor`);
  const today = ctx.today ?? todayInRome(ctx.now);
  if (option.validityAt && ctx.mode === 'create' && option.validityAt.getTime() <= ctx.now.getTime()) {
    add(`${path}.validityDate`, 'must be in the future (omit it to make the position valid when published)');
  }
  const validityDay = option.validityAt ? todayInRome(option.validityAt) : undefined;
  const retentionDay = option.retentionAt ? todayInRome(option.retentionAt) : undefined;
  if (option.installments.length === 0) add(`${path}.installments`, 'at least one instalment is required');
  option.installments.forEach((installment, i) => {
    const at = `${path}.installments[${i}]`;
    checkInstallment(add, installment, at, ctx, seen);
    if (validityDay && compareIsoDate(installment.dueDate, validityDay) < 0) {
      add(`${at}.dueDate`, `must not be before the validity date (${validityDay})`);
    } else if (!validityDay && ctx.mode === 'create' && compareIsoDate(installment.dueDate, today) < 0) {
      add(`${at}.dueDate`, `must not be in the past (today is ${today})`);
    } else if (ctx.mode === 'update' && option.switchToExpired && compareIsoDate(installment.dueDate, today) < 0) {
      add(`${at}.dueDate`, `must not be in the past when switchToExpired is true (today is ${today})`);
    }
    if (retentionDay && compareIsoDate(retentionDay, installment.dueDate) < 0) {
      add(`${path}.retentionDate`, `must not be before the due date of instalment ${i} (${installment.dueDate})`);
    }
  });
}

function checkDebtor(add: Add, debtor: Debtor, path: string) {
  const idProblem = checkDebtorId(debtor.type, debtor.fiscalCode);
  if (idProblem) add(`${path}.fiscalCode`, idProblem);
  text(add, `${path}.fullName`, debtor.fullName, 1, 70);
  const limits: [keyof Debtor, number][] = [
    ['streetName', 70],
    ['civicNumber', 16],
    ['postalCode', 16],
    ['city', 35],
    ['province', 35],
    ['region', 35],
    ['phone', 30],
  ];
  for (const [field, max] of limits) {
    const value = debtor[field];
    if (value !== undefined) text(add, `${path}.${field}`, value, 0, max);
  }
  if (debtor.country !== undefined && !/^[A-Z]{2}$/.test(debtor.country)) {
    add(`${path}.country`, 'must be an ISO 3166 country code of 2 capital letters');
  }
  if (debtor.email !== undefined && !EMAIL.test(debtor.email)) add(`${path}.email`, 'is not an e-mail address');
}

function checkInstallment(add: Add, inst: InstallmentInput, path: string, ctx: RuleContext, seen: Map<string, string>) {
  if (!isCents(inst.amountCents)) add(`${path}.amount`, 'must be an amount in euro cents from 1 to 99999999999');
  text(add, `${path}.description`, inst.description, 1, 140);
  checkNoticeIdentifiers(add, inst, path, ctx, seen);
  checkMetadata(add, inst.metadata, `${path}.installmentMetadata`);
  const transfers = inst.transfers;
  if (transfers.length < 1 || transfers.length > 5) add(`${path}.transfer`, 'must have 1 to 5 transfers');
  const ids = new Set<string>();
  let sum = 0;
  transfers.forEach((transfer, t) => {
    const at = `${path}.transfer[${t}]`;
    if (ids.has(transfer.idTransfer)) add(`${at}.idTransfer`, `idTransfer ${transfer.idTransfer} is repeated`);
    ids.add(transfer.idTransfer);
    sum += transfer.amountCents;
    checkTransfer(add, transfer, at, ctx);
  });
  if (transfers.length > 0 && isCents(inst.amountCents) && sum !== inst.amountCents) {
    add(
      `${path}.transfer`,
      `transfer amounts add up to ${sum} cents, but the instalment amount is ${inst.amountCents}`,
    );
  }
}

function checkNoticeIdentifiers(
  add: Add,
  inst: InstallmentInput,
  path: string,
  ctx: RuleContext,
  seen: Map<string, string>,
) {
  const seg = ctx.entity.segregationCode;
  if (inst.nav !== undefined) {
    const problem = checkIssuableNoticeNumber(inst.nav, seg);
    if (problem) add(`${path}.nav`, problem);
  }
  if (inst.iuv !== undefined) {
    const problem = checkIssuableIuv(inst.iuv, seg);
    if (problem) add(`${path}.iuv`, problem);
  }
  // The IUV of an aux-3 nav is the nav without its first digit; sliced rather than parsed, so a nav
  // with wrong check digits is reported above instead of throwing here.
  const navIuv = inst.nav?.slice(1);
  if (navIuv !== undefined && inst.iuv !== undefined && navIuv !== inst.iuv) {
    add(`${path}.iuv`, 'does not match the nav (the IUV is the nav without its first digit)');
  }
  const iuv = inst.iuv ?? navIuv;
  if (iuv !== undefined) {
    const other = seen.get(iuv);
    if (other) add(`${path}.${inst.nav !== undefined ? 'nav' : 'iuv'}`, `is the same notice number as ${other}`);
    else seen.set(iuv, path);
  }
}

function checkTransfer(add: Add, transfer: Transfer, path: string, ctx: RuleContext) {
  if (!isCents(transfer.amountCents)) add(`${path}.amount`, 'must be an amount in euro cents from 1 to 99999999999');
  text(add, `${path}.remittanceInformation`, transfer.remittanceInformation, 1, 140);
  const category = checkTransferCategory(transfer.category);
  if (category) add(`${path}.category`, category);
  if (transfer.companyName !== undefined) text(add, `${path}.companyName`, transfer.companyName, 0, 140);
  const beneficiary = transfer.organizationFiscalCode;
  if (beneficiary !== undefined) {
    const problem = checkEntityFiscalCode(beneficiary);
    if (problem) add(`${path}.organizationFiscalCode`, problem);
  }
  if (transfer.iban !== undefined && transfer.stamp !== undefined) {
    add(path, 'must have either an iban or a stamp, not both');
  } else if (transfer.iban === undefined && transfer.stamp === undefined) {
    add(path, 'must have an iban or a stamp (marca da bollo digitale)');
  }
  if (transfer.iban !== undefined) {
    const problem = checkIban(transfer.iban);
    if (problem) add(`${path}.iban`, problem);
    else if (
      (beneficiary === undefined || beneficiary === ctx.entity.fiscalCode) &&
      !ctx.entity.ibans.includes(transfer.iban)
    ) {
      add(`${path}.iban`, "is not one of the entity's registered IBANs");
    }
  }
  if (transfer.postalIban !== undefined) {
    if (transfer.iban === undefined) add(`${path}.postalIban`, 'is allowed only together with an iban');
    const problem = checkIban(transfer.postalIban);
    if (problem) add(`${path}.postalIban`, problem);
  }
  if (transfer.stamp) {
    const { hashDocument, stampType, provincialResidence } = transfer.stamp;
    if (hashDocument.length < 4 || hashDocument.length > 72 || !BASE64.test(hashDocument)) {
      add(`${path}.stamp.hashDocument`, 'must be the base64 document hash (4 to 72 characters)');
    }
    if (!/^[0-9A-Za-z]{2}$/.test(stampType)) add(`${path}.stamp.stampType`, 'must be 2 characters, e.g. "01"');
    if (!/^[A-Z]{2}$/.test(provincialResidence)) {
      add(`${path}.stamp.provincialResidence`, 'must be a province code of 2 capital letters');
    }
  }
  checkMetadata(add, transfer.metadata, `${path}.transferMetadata`);
}

function checkMetadata(add: Add, metadata: KeyValue[], path: string) {
  if (metadata.length > 10) add(path, 'must have at most 10 entries');
  const keys = new Set<string>();
  metadata.forEach((entry, m) => {
    text(add, `${path}[${m}].key`, entry.key, 1, 140);
    text(add, `${path}[${m}].value`, entry.value, 0, 140);
    if (keys.has(entry.key)) add(`${path}[${m}].key`, `key "${entry.key}" is repeated`);
    keys.add(entry.key);
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function text(add: Add, path: string, value: string, min: number, max: number) {
  // Not text at all: the JSON schema has said so (the rules also judge bodies that failed it).
  if (typeof value !== 'string') return;
  if (value.length < min) add(path, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  else if (value.length > max) add(path, `must be at most ${max} characters (it has ${value.length})`);
  else if (CONTROL.test(value)) add(path, 'must not contain control characters');
}

export type { IsoDate };
