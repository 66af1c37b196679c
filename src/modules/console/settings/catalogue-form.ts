// The catalogue's service form (console): what the operator types — titles, descriptions, the amount
// (fixed, or typed by the citizen between two bounds, in euro as people write them), the days to the
// due date and where the money goes — read into the catalogue's definition; the citizen's form fields
// are kept as they are (changed through the API or the command line). The service's problems, by
// their API path, are said at the form field they came from.

import type { FieldProblem } from '../../../shared/errors.ts';
import { type Cents, formatEuro, parseEuroAmount } from '../../../shared/money.ts';
import type { AmountRule, CatalogueService, ServiceDefinition } from '../../catalogue/service.ts';
import type { FieldError } from '../pages.ts';
import type { ConsoleTexts, Language } from '../texts.ts';

export const SERVICE_FIELDS = [
  'title',
  'titleEn',
  'description',
  'descriptionEn',
  'amountType',
  'amount',
  'minAmount',
  'maxAmount',
  'dueInDays',
  'iban',
  'postalIban',
  'category',
  'remittance',
] as const;
export type ServiceForm = Partial<Record<(typeof SERVICE_FIELDS)[number], string>>;

/** An amount as it is typed again ("1.234,56" in Italian). */
const typed = (cents: Cents, lang: Language) =>
  formatEuro(cents, lang)
    .replace(/\s*€\s*/, '')
    .trim();

/** The form of an existing service. */
export function formOfService(s: CatalogueService, lang: Language): ServiceForm {
  return {
    title: s.title,
    titleEn: s.titleEn ?? '',
    description: s.description,
    descriptionEn: s.descriptionEn ?? '',
    amountType: s.amount.type,
    amount: s.amount.type === 'fixed' ? typed(s.amount.cents, lang) : '',
    minAmount: s.amount.type === 'range' ? typed(s.amount.minCents, lang) : '',
    maxAmount: s.amount.type === 'range' ? typed(s.amount.maxCents, lang) : '',
    dueInDays: String(s.dueInDays),
    iban: s.accounting.iban,
    postalIban: s.accounting.postalIban ?? '',
    category: s.accounting.category,
    remittance: s.accounting.remittance,
  };
}

const optional = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

/**
 * The definition a form asks for, with the form's own problems (an amount or a number of days that
 * cannot be read): the definition is checked by the catalogue only when there are none.
 */
export function readServiceForm(
  form: ServiceForm,
  fields: ServiceDefinition['fields'],
  t: ConsoleTexts,
): { definition: ServiceDefinition; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const euro = (name: 'amount' | 'minAmount' | 'maxAmount') => {
    const cents = parseEuroAmount(form[name] ?? '');
    if (cents === null) errors.push({ field: name, message: `${label(name, t)}: ${t.cat_amountInvalid}` });
    return (cents ?? 0) as Cents;
  };
  const amount: AmountRule =
    form.amountType === 'range'
      ? { type: 'range', minCents: euro('minAmount'), maxCents: euro('maxAmount') }
      : { type: 'fixed', cents: euro('amount') };
  const days = (form.dueInDays ?? '').trim();
  if (!/^\d{1,3}$/.test(days))
    errors.push({ field: 'dueInDays', message: `${label('dueInDays', t)}: ${t.cat_daysInvalid}` });
  const titleEn = optional(form.titleEn);
  const descriptionEn = optional(form.descriptionEn);
  const postalIban = optional(form.postalIban);
  const definition: ServiceDefinition = {
    title: (form.title ?? '').trim(),
    ...(titleEn && { titleEn }),
    description: (form.description ?? '').trim(),
    ...(descriptionEn && { descriptionEn }),
    amount,
    fields,
    accounting: {
      iban: (form.iban ?? '').trim(),
      ...(postalIban && { postalIban }),
      category: (form.category ?? '').trim(),
      remittance: (form.remittance ?? '').trim(),
    },
    dueInDays: Number.parseInt(days, 10) || 0,
  };
  return { definition, errors };
}

/** The form field a catalogue problem's path belongs to. */
export function fieldOfServicePath(path: string): string {
  const field = {
    'amount.cents': 'amount',
    'amount.minCents': 'minAmount',
    'amount.maxCents': 'maxAmount',
    'accounting.iban': 'iban',
    'accounting.postalIban': 'postalIban',
    'accounting.category': 'category',
    'accounting.remittance': 'remittance',
  }[path];
  if (field) return field;
  if ((SERVICE_FIELDS as readonly string[]).includes(path)) return path;
  return path.startsWith('accounting') ? 'remittance' : 'title';
}

/** A field's name, without the mark of a required one. */
const label = (field: string, t: ConsoleTexts) =>
  ((t as Record<string, string>)[`cat_${field}Label`] ?? field).replace(/\s*\*$/, '');

const ITALIAN: [RegExp, string][] = [
  [/^must not be empty|must be 1 to|must be between 1 and/, 'è obbligatorio (o troppo lungo).'],
  [/^must be at most (\d+) characters|must be 0 to/, 'è troppo lungo.'],
  [/^must be an amount in euro cents/, 'deve essere un importo da 0,01 a 999.999.999,99 euro.'],
  [/^must be greater than minCents/, 'deve essere maggiore dell’importo minimo.'],
  [/^must be a whole number of days from 1 to 365/, 'deve essere un numero di giorni da 1 a 365.'],
  [/IBAN/, 'non è uno degli IBAN registrati dall’ente.'],
  [/control characters/, 'contiene caratteri non ammessi.'],
];

/** The form's own problems and the catalogue's, one message per field (the first), in form order. */
export function serviceErrors(own: FieldError[], service: FieldProblem[], t: ConsoleTexts, lang: Language) {
  const errors = new Map<string, string>(own.map((e) => [e.field, e.message]));
  for (const p of service) {
    const field = fieldOfServicePath(p.path);
    if (errors.has(field)) continue;
    const said = lang === 'it' ? (ITALIAN.find(([re]) => re.test(p.message))?.[1] ?? p.message) : p.message;
    errors.set(field, `${label(field, t)}: ${said}`);
  }
  const order = (field: string) => (SERVICE_FIELDS as readonly string[]).indexOf(field);
  return [...errors].sort(([a], [b]) => order(a) - order(b)).map(([field, message]) => ({ field, message }));
}
