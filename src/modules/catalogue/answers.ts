// A citizen's answers to a service's form, checked against its fields and amount rule. Amounts are
// typed the Italian way ("12,50") and read digit by digit into cents, never through floating point.
// Problems carry a code and the bounds, not sentences: the portal words them in the visitor's language.
import { compareIsoDate, formatItalianDate, parseDateLoose } from '../../shared/dates.ts';
import { type Cents, formatEuroIt, parseEuroAmount } from '../../shared/money.ts';
import { type CatalogueService, fieldPattern, MAX_TEXT_LENGTH, type ServiceField } from './service.ts';

export type AnswerProblemCode =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'pattern'
  | 'notWhole'
  | 'belowMin'
  | 'aboveMax'
  | 'notDate'
  | 'beforeMin'
  | 'afterMax'
  | 'notChoice'
  | 'amountRequired'
  | 'amountFormat'
  | 'amountBelowMin'
  | 'amountAboveMax';

export interface AnswerProblem {
  /** The id of the form control to link to from the error summary. */
  input: string;
  code: AnswerProblemCode;
  /** The field concerned (absent for the amount). */
  field?: ServiceField;
  /** Bounds as they should be read (formatted dates and euro), for the message. */
  min?: string;
  max?: string;
}

export interface CheckedAnswers {
  /** Each answered field's value as stored: trimmed text, a canonical whole number, YYYY-MM-DD, the option's value. */
  values: Record<string, string>;
  /** The same answers as a person reads them (dates dd/mm/yyyy, an option's label): for the causale. */
  readable: Record<string, string>;
  amountCents: Cents | null;
  problems: AnswerProblem[];
}

/** The name (and id) of a field's form control. */
export const inputName = (field: Pick<ServiceField, 'key'>) => `field-${field.key}`;
export const AMOUNT_INPUT = 'amount';

/** The amount the citizen pays: the fixed one, or the one typed within the bounds. */
function checkAmount(service: CatalogueService, typed: string, problems: AnswerProblem[]): Cents | null {
  const rule = service.amount;
  if (rule.type === 'fixed') return rule.cents;
  const bounds = { min: formatEuroIt(rule.minCents), max: formatEuroIt(rule.maxCents) };
  if (typed.trim() === '') {
    problems.push({ input: AMOUNT_INPUT, code: 'amountRequired', ...bounds });
    return null;
  }
  const cents = parseEuroAmount(typed);
  if (cents === null) problems.push({ input: AMOUNT_INPUT, code: 'amountFormat', ...bounds });
  else if (cents < rule.minCents) problems.push({ input: AMOUNT_INPUT, code: 'amountBelowMin', ...bounds });
  else if (cents > rule.maxCents) problems.push({ input: AMOUNT_INPUT, code: 'amountAboveMax', ...bounds });
  else return cents;
  return null;
}

/** Checks every field of the form (all problems at once, in the order of the form). */
export function checkAnswers(service: CatalogueService, form: Record<string, string | undefined>): CheckedAnswers {
  const problems: AnswerProblem[] = [];
  const values: Record<string, string> = {};
  const readable: Record<string, string> = {};
  for (const field of service.fields) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    const typed = (form[inputName(field)] ?? '').replace(/[\u0000-\u001F\u007F]+/g, ' ').trim();
    const problem = (code: AnswerProblemCode, bounds: { min?: string; max?: string } = {}) =>
      problems.push({
        input: field.type === 'choice' ? `${inputName(field)}-0` : inputName(field),
        code,
        field,
        ...bounds,
      });
    if (typed === '') {
      if (field.required) problem(field.type === 'choice' ? 'notChoice' : 'required');
      continue;
    }
    const answer = checkOne(field, typed, problem);
    if (answer) {
      values[field.key] = answer.value;
      readable[field.key] = answer.readable;
    }
  }
  const amountCents = checkAmount(service, form[AMOUNT_INPUT] ?? '', problems);
  // The amount comes first on the page, so first in the summary too.
  problems.sort((a, b) => Number(b.input === AMOUNT_INPUT) - Number(a.input === AMOUNT_INPUT));
  return { values, readable, amountCents, problems };
}

type Problem = (code: AnswerProblemCode, bounds?: { min?: string; max?: string }) => void;

function checkOne(
  field: ServiceField,
  typed: string,
  problem: Problem,
): { value: string; readable: string } | undefined {
  switch (field.type) {
    case 'text': {
      const min = field.minLength ?? 0;
      const max = field.maxLength ?? MAX_TEXT_LENGTH;
      const length = [...typed].length;
      if (length < min) problem('tooShort', { min: String(min) });
      else if (length > max) problem('tooLong', { max: String(max) });
      else if (!(fieldPattern(field)?.test(typed) ?? true)) problem('pattern');
      else return { value: typed, readable: typed };
      return undefined;
    }
    case 'number': {
      const digits = typed.replace(/\s+/g, '');
      const bounds = {
        ...(field.min !== undefined && { min: String(field.min) }),
        ...(field.max !== undefined && { max: String(field.max) }),
      };
      if (!/^[-+]?\d{1,15}$/.test(digits)) {
        problem('notWhole', bounds);
        return undefined;
      }
      const n = Number(digits);
      if (field.min !== undefined && n < field.min) problem('belowMin', bounds);
      else if (field.max !== undefined && n > field.max) problem('aboveMax', bounds);
      else return { value: String(n), readable: String(n) };
      return undefined;
    }
    case 'date': {
      const date = parseDateLoose(typed);
      const bounds = {
        ...(field.minDate !== undefined && { min: formatItalianDate(field.minDate) }),
        ...(field.maxDate !== undefined && { max: formatItalianDate(field.maxDate) }),
      };
      if (date === null) problem('notDate', bounds);
      else if (field.minDate !== undefined && compareIsoDate(date, field.minDate) < 0) problem('beforeMin', bounds);
      else if (field.maxDate !== undefined && compareIsoDate(date, field.maxDate) > 0) problem('afterMax', bounds);
      else return { value: date, readable: formatItalianDate(date) };
      return undefined;
    }
    case 'choice': {
      const option = field.options.find((o) => o.value === typed);
      if (!option) {
        problem('notChoice');
        return undefined;
      }
      // The causale is read by the entity's office: the Italian label, whatever the citizen's language.
      return { value: option.value, readable: option.label };
    }
  }
}
