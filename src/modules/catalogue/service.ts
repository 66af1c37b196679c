// A service of an entity's catalogue (spontaneous payments): what the citizen reads, the amount rule
// (fixed, or typed by the citizen between bounds), the form fields and the accounting data every
// position made from it carries. The checks of a definition are here; pure: no I/O.
import { compareIsoDate, type IsoDate, parseIsoDate } from '../../shared/dates.ts';
import type { FieldProblem } from '../../shared/errors.ts';
import { checkIban, normalizeIban } from '../../shared/identifiers/iban.ts';
import { checkTransferCategory } from '../../shared/identifiers/taxonomy.ts';
import { type Cents, isCents } from '../../shared/money.ts';
import type { Entity } from '../entities/entity.ts';

export const FIELD_TYPES = ['text', 'number', 'date', 'choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * At most 10 fields: each answer is copied into the instalment's metadata, which pagoPA limits to
 * 10 entries of at most 140 characters.
 */
export const MAX_FIELDS = 10;
export const MAX_TEXT_LENGTH = 140;
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;

interface FieldBase {
  key: string;
  label: string;
  labelEn?: string;
  hint?: string;
  hintEn?: string;
  required: boolean;
}

export interface TextField extends FieldBase {
  type: 'text';
  minLength?: number;
  maxLength?: number;
  /** A regular expression the whole answer must match (JavaScript syntax, Unicode mode). */
  pattern?: string;
}

/** A whole number (how many meals, copies, people...). */
export interface NumberField extends FieldBase {
  type: 'number';
  min?: number;
  max?: number;
}

export interface DateField extends FieldBase {
  type: 'date';
  minDate?: IsoDate;
  maxDate?: IsoDate;
}

export interface ChoiceOption {
  value: string;
  label: string;
  labelEn?: string;
}

export interface ChoiceField extends FieldBase {
  type: 'choice';
  options: ChoiceOption[];
}

export type ServiceField = TextField | NumberField | DateField | ChoiceField;

export type AmountRule = { type: 'fixed'; cents: Cents } | { type: 'range'; minCents: Cents; maxCents: Cents };

/** Where the money goes, as every transfer of a position made from the service says. */
export interface Accounting {
  /** One of the entity's registered IBANs. */
  iban: string;
  /** The IBAN of the entity's postal account, for payments at the post office. */
  postalIban?: string;
  /** pagoPA taxonomy code (tassonomia dei servizi di incasso), e.g. 9/0401104SP/. */
  category: string;
  /** Causale of the transfer; `{key}` is replaced by the answer to the field `key`. */
  remittance: string;
}

export interface ServiceDefinition {
  title: string;
  titleEn?: string;
  description: string;
  descriptionEn?: string;
  amount: AmountRule;
  fields: ServiceField[];
  accounting: Accounting;
  /** Days from the request to the due date of the position (the notice stays payable after it). */
  dueInDays: number;
}

export interface CatalogueService extends ServiceDefinition {
  id: string;
  entityId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  retiredAt: Date | null;
}

export const DEFAULT_DUE_IN_DAYS = 30;
const PLACEHOLDER = /\{([^{}]*)\}/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\u0000-\u001F\u007F]/;
// The same, except line breaks and tabs (descriptions may have paragraphs).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL_IN_PARAGRAPHS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

type Add = (path: string, message: string) => void;

/** Every rule the definition breaks, by the path of the field in the API body; empty when acceptable. */
export function checkServiceDefinition(def: ServiceDefinition, entity: Pick<Entity, 'ibans'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add: Add = (path, message) => problems.push({ path, message });
  text(add, 'title', def.title, 1, 140);
  if (def.titleEn !== undefined) text(add, 'titleEn', def.titleEn, 1, 140);
  text(add, 'description', def.description, 0, 2000, true);
  if (def.descriptionEn !== undefined) text(add, 'descriptionEn', def.descriptionEn, 0, 2000, true);
  checkAmount(add, def.amount);
  if (def.fields.length > MAX_FIELDS) add('fields', `must have at most ${MAX_FIELDS} fields`);
  const keys = new Set<string>();
  def.fields.forEach((field, f) => {
    const at = `fields[${f}]`;
    if (!FIELD_KEY.test(field.key)) {
      add(`${at}.key`, 'must be 1 to 40 lowercase letters, digits or _, starting with a letter');
    } else if (keys.has(field.key)) add(`${at}.key`, `key "${field.key}" is repeated`);
    keys.add(field.key);
    checkField(add, field, at);
  });
  checkAccounting(add, def.accounting, keys, entity);
  if (!Number.isInteger(def.dueInDays) || def.dueInDays < 1 || def.dueInDays > 365) {
    add('dueInDays', 'must be a whole number of days from 1 to 365');
  }
  return problems;
}

function checkAmount(add: Add, amount: AmountRule) {
  const cents = 'must be an amount in euro cents from 1 to 99999999999';
  const given = amount as unknown as Record<string, unknown>;
  const others = amount.type === 'fixed' ? ['minCents', 'maxCents'] : ['cents'];
  for (const name of others) {
    if (given[name] !== undefined) add(`amount.${name}`, `does not apply to a ${amount.type} amount`);
  }
  if (amount.type === 'fixed') {
    if (!isCents(amount.cents)) add('amount.cents', cents);
    return;
  }
  if (!isCents(amount.minCents)) add('amount.minCents', cents);
  if (!isCents(amount.maxCents)) add('amount.maxCents', cents);
  else if (isCents(amount.minCents) && amount.maxCents <= amount.minCents) {
    add('amount.maxCents', 'must be greater than minCents (for one amount only, use type "fixed")');
  }
}

/** The settings each type of field may have besides the common ones. */
const TYPE_SETTINGS: Record<FieldType, readonly string[]> = {
  text: ['minLength', 'maxLength', 'pattern'],
  number: ['min', 'max'],
  date: ['minDate', 'maxDate'],
  choice: ['options'],
};
const ALL_SETTINGS = Object.entries(TYPE_SETTINGS).flatMap(([type, names]) => names.map((name) => [name, type]));

function checkField(add: Add, field: ServiceField, at: string) {
  for (const [name, type] of ALL_SETTINGS) {
    if (type !== field.type && (field as unknown as Record<string, unknown>)[name!] !== undefined) {
      add(`${at}.${name}`, `applies only to ${type} fields`);
    }
  }
  text(add, `${at}.label`, field.label, 1, 100);
  if (field.labelEn !== undefined) text(add, `${at}.labelEn`, field.labelEn, 1, 100);
  if (field.hint !== undefined) text(add, `${at}.hint`, field.hint, 0, 300);
  if (field.hintEn !== undefined) text(add, `${at}.hintEn`, field.hintEn, 0, 300);
  switch (field.type) {
    case 'text': {
      const min = field.minLength ?? 0;
      const max = field.maxLength ?? MAX_TEXT_LENGTH;
      if (!Number.isInteger(min) || min < 0 || min > MAX_TEXT_LENGTH) {
        add(`${at}.minLength`, `must be a whole number from 0 to ${MAX_TEXT_LENGTH}`);
      }
      if (!Number.isInteger(max) || max < 1 || max > MAX_TEXT_LENGTH) {
        add(`${at}.maxLength`, `must be a whole number from 1 to ${MAX_TEXT_LENGTH} (answers go into pagoPA metadata)`);
      } else if (min > max && min <= MAX_TEXT_LENGTH) add(`${at}.maxLength`, 'must not be less than minLength');
      if (field.pattern !== undefined) {
        const problem = checkPattern(field.pattern);
        if (problem) add(`${at}.pattern`, problem);
        // The citizen cannot read a regular expression: the hint must say what is expected.
        if (!field.hint?.trim()) add(`${at}.hint`, 'is required with a pattern: describe the format expected');
      }
      return;
    }
    case 'number': {
      for (const bound of ['min', 'max'] as const) {
        const value = field[bound];
        if (value !== undefined && !Number.isSafeInteger(value)) add(`${at}.${bound}`, 'must be a whole number');
      }
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        add(`${at}.max`, 'must not be less than min');
      }
      return;
    }
    case 'date': {
      for (const bound of ['minDate', 'maxDate'] as const) {
        const value = field[bound];
        if (value !== undefined && parseIsoDate(value) === null) add(`${at}.${bound}`, 'must be a date YYYY-MM-DD');
      }
      const { minDate, maxDate } = field;
      if (minDate && maxDate && parseIsoDate(minDate) && parseIsoDate(maxDate)) {
        if (compareIsoDate(minDate, maxDate) > 0) add(`${at}.maxDate`, 'must not be before minDate');
      }
      return;
    }
    case 'choice': {
      if (!Array.isArray(field.options) || field.options.length === 0) {
        add(`${at}.options`, 'must offer at least one option');
        return;
      }
      if (field.options.length > 30) add(`${at}.options`, 'must offer at most 30 options');
      const values = new Set<string>();
      field.options.forEach((option, o) => {
        text(add, `${at}.options[${o}].value`, option.value, 1, 70);
        if (values.has(option.value)) add(`${at}.options[${o}].value`, `value "${option.value}" is repeated`);
        values.add(option.value);
        text(add, `${at}.options[${o}].label`, option.label, 1, 100);
        if (option.labelEn !== undefined) text(add, `${at}.options[${o}].labelEn`, option.labelEn, 1, 100);
      });
      return;
    }
  }
}

/** Why a pattern cannot be used, or null. It is anchored, so it always judges the whole answer. */
function checkPattern(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > 200) return 'must be 1 to 200 characters';
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
    return null;
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message}`;
  }
}

/** The pattern of a text field as a RegExp that must match the whole answer. */
export function fieldPattern(field: TextField): RegExp | undefined {
  return field.pattern === undefined ? undefined : new RegExp(`^(?:${field.pattern})$`, 'u');
}

function checkAccounting(add: Add, accounting: Accounting, keys: Set<string>, entity: Pick<Entity, 'ibans'>) {
  const ibanProblem = checkIban(accounting.iban);
  if (ibanProblem) add('accounting.iban', ibanProblem);
  else if (!entity.ibans.includes(normalizeIban(accounting.iban))) {
    add('accounting.iban', "is not one of the entity's registered IBANs");
  }
  if (accounting.postalIban !== undefined) {
    const problem = checkIban(accounting.postalIban);
    if (problem) add('accounting.postalIban', problem);
  }
  const category = checkTransferCategory(accounting.category);
  if (category) add('accounting.category', category);
  text(add, 'accounting.remittance', accounting.remittance, 1, 140);
  for (const [, name] of accounting.remittance.matchAll(PLACEHOLDER)) {
    if (!keys.has(name!)) add('accounting.remittance', `{${name}} does not name a field of the service`);
  }
}

function text(add: Add, path: string, value: string, min: number, max: number, multiline = false) {
  const refused = multiline ? CONTROL_IN_PARAGRAPHS : CONTROL;
  if (value.trim().length < min) add(path, 'must not be empty');
  else if (value.length > max) add(path, `must be at most ${max} characters (it has ${value.length})`);
  else if (refused.test(value)) add(path, 'must not contain control characters');
}

/** The definition as stored and compared: IBANs normalised, the default due date filled in. */
export function normalizeDefinition(def: ServiceDefinition): ServiceDefinition {
  return {
    ...def,
    dueInDays: def.dueInDays ?? DEFAULT_DUE_IN_DAYS,
    accounting: {
      ...def.accounting,
      iban: normalizeIban(def.accounting.iban),
      ...(def.accounting.postalIban !== undefined && { postalIban: normalizeIban(def.accounting.postalIban) }),
    },
  };
}

/**
 * The causale: the template with each `{key}` replaced by its answer, on one line, within 140
 * characters; `fallback` (the title) when the answers leave nothing.
 */
export function remittanceOf(template: string, answers: Record<string, string>, fallback: string): string {
  const filled = template.replace(PLACEHOLDER, (_, key: string) => answers[key] ?? '');
  const oneLine = filled.replace(/\s+/g, ' ').trim() || fallback;
  return oneLine.length > 140 ? oneLine.slice(0, 140).trimEnd() : oneLine;
}
