// The positions service's refusals shown on the console's position form: each problem's GPD path
// (`paymentOption[0].installments[1].dueDate`) becomes the form field it came from (`due2`), and its
// message a sentence in the page's language — the service's own English words in English, the same
// rule said in Italian where it is known, else the field's Italian name before the English words.
import type { FieldProblem } from '../../../shared/errors.ts';
import type { FieldError } from '../pages.ts';
import type { ConsoleTexts, Language } from '../texts.ts';
import type { FormProblem } from './position-form.ts';

const INSTALMENT = /^paymentOption\[0\]\.installments\[(\d+)\]\.?(.*)$/;

/** The form field a service problem belongs to (the rows are numbered from 1 on the form). */
export function fieldOfPath(path: string): string {
  if (path === 'iupd') return 'iupd';
  if (path === 'companyName' || path === 'officeName') return 'description';
  const debtor = /\.debtor\.(\w+)$/.exec(path)?.[1];
  if (debtor) {
    const field = {
      fiscalCode: 'debtorFiscalCode',
      fullName: 'debtorName',
      email: 'debtorEmail',
      streetName: 'debtorStreet',
      postalCode: 'debtorPostalCode',
      city: 'debtorCity',
      province: 'debtorProvince',
    }[debtor];
    return field ?? 'debtorName';
  }
  const row = INSTALMENT.exec(path);
  if (row) {
    const n = Number(row[1]) + 1;
    const rest = row[2] ?? '';
    if (rest.startsWith('dueDate')) return `due${n}`;
    if (rest === 'amount' || rest === 'transfer' || rest.endsWith('.amount')) return `amount${n}`;
    if (rest === 'description') return 'description';
    if (rest.startsWith('transfer')) return 'service';
    return `amount${n}`;
  }
  if (/^paymentOption\[0\]\.(description|retentionDate|validityDate)$/.test(path)) return 'description';
  return 'amount1';
}

type Say = (t: ConsoleTexts, m: RegExpMatchArray) => string;

/** The service's messages the form can meet, said in Italian (English keeps the service's words). */
const ITALIAN: [RegExp, Say][] = [
  [/^must not be empty$/, (t) => t.pf_required],
  [/^must be at most (\d+) characters/, (_t, m) => `può avere al massimo ${m[1]} caratteri.`],
  [/^must not contain control characters$/, () => 'contiene caratteri non ammessi.'],
  [/^is not an e-mail address$/, () => 'non è un indirizzo e-mail (scrivi nome@dominio.it).'],
  [
    /^must not be in the past \(today is (.+)\)$/,
    (_t, m) => `non può essere passata (oggi è il ${italianDay(m[1]!)}).`,
  ],
  [/^must not be in the past when/, () => 'non può essere passata.'],
  [/^must be an amount in euro cents/, () => 'deve essere un importo da 0,01 a 999.999.999,99 euro.'],
  [/^is not one of the entity's registered IBANs$/, () => 'usa un IBAN che l’ente non ha più registrato.'],
  [/^is already used by another debt position$/, () => 'è già usato da un’altra posizione.'],
  [
    /^must be 1 to 140 characters: letters, digits/,
    () => 'usa da 1 a 140 lettere, cifre e . _ : ~ @ + = - (non all’inizio).',
  ],
  [
    /A person must be identified|legal person must be identified|codice fiscale|partita IVA|check/i,
    (t) => t.pf_fiscalCodeInvalid,
  ],
];

const italianDay = (iso: string) => iso.split('-').reverse().join('/');

/** The field's name in a message (Italian): "Importo della rata 2: …". */
function fieldName(field: string, t: ConsoleTexts): string {
  const row = /^(amount|due)(\d+)$/.exec(field);
  if (row) return `${row[1] === 'amount' ? t.pf_amountLabel : t.pf_dueLabel} (${t.pf_row} ${row[2]})`;
  const key = `pf_${field}Label` as keyof ConsoleTexts;
  return (t[key] ?? field).replace(/\s*\*$/, '');
}

/** One of the positions' rules said in Italian, or undefined when the message is not a known one. */
export function ruleInItalian(message: string, t: ConsoleTexts): string | undefined {
  for (const [pattern, say] of ITALIAN) {
    const m = message.match(pattern);
    if (m) return say(t, m);
  }
  return undefined;
}

/** A service problem as a message at its field, in the page's language. */
export function problemMessage(field: string, problem: FieldProblem, t: ConsoleTexts, lang: Language): string {
  const name = fieldName(field, t);
  if (lang === 'en') return `${name}: ${problem.message}`;
  return `${name}: ${ruleInItalian(problem.message, t) ?? problem.message}`;
}

/** The form's own problems and the service's, one message per field (the first), in form order. */
export function formErrors(own: FormProblem[], service: FieldProblem[], t: ConsoleTexts, lang: Language): FieldError[] {
  const errors = new Map<string, string>();
  for (const p of own) if (!errors.has(p.field)) errors.set(p.field, `${fieldName(p.field, t)}: ${t[p.key]}`);
  for (const p of service) {
    const field = fieldOfPath(p.path);
    if (!errors.has(field)) errors.set(field, problemMessage(field, p, t, lang));
  }
  return [...errors].map(([field, message]) => ({ field, message }));
}
