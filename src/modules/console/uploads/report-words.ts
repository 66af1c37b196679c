// The problems of an import's report said in Italian on Italian pages: the import's messages are
// English (the API's report keeps them so), and a clerk reading "riga 3, colonna amount" should read
// what to fix in Italian too. A message not listed here is shown as the import wrote it.
import { ruleInItalian } from '../position-forms/form-problems.ts';
import type { ConsoleTexts, Language } from '../texts.ts';

type Say = (m: RegExpMatchArray) => string;

const IMPORT_ITALIAN: [RegExp, Say][] = [
  [/^is empty$/, () => 'è vuota.'],
  [/^"(.*)" is not an amount in euros/, (m) => `"${m[1]}" non è un importo in euro (scrivi 12,50 o 12.50).`],
  [/^"(.*)" is not a date/, (m) => `"${m[1]}" non è una data (scrivi 31/12/2026 o 2026-12-31).`],
  [/^must be true or false$/, () => 'deve essere sì o no (true o false).'],
  [/^must be F \(person\) or G \(legal person\)$/, () => 'deve essere F (persona fisica) o G (persona giuridica).'],
  [/^has (\d+) fields, the header has (\d+)$/, (m) => `ha ${m[1]} campi, l’intestazione ne ha ${m[2]}.`],
  [
    /^already exists with other content/,
    () => 'esiste già con un altro contenuto (importa con "aggiornale" per cambiarla).',
  ],
  [
    /^the existing debt position is (\w+) and cannot be updated$/,
    (m) => `la posizione esistente è ${m[1]} e non si può aggiornare.`,
  ],
  [
    /^was given by Cassa to a position earlier in the file$/,
    () => 'è già stato dato da Cassa a una posizione più su nel file.',
  ],
  [
    /^appears twice in the file \(first at row (\d+)\)$/,
    (m) => `compare due volte nel file (la prima alla riga ${m[1]}).`,
  ],
  [/^is also used at row (\d+) of the file$/, (m) => `è usato anche alla riga ${m[1]} del file.`],
  [/^Missing column\(s\): (.*)$/, (m) => `mancano le colonne: ${m[1]}.`],
  [/^Unknown column\(s\): ([^.]*)\./, (m) => `colonne sconosciute: ${m[1]}.`],
  [/^The file is empty/, () => 'il file è vuoto: manca la riga di intestazione.'],
];

/** A problem of an import's report in the page's language. */
export function reportMessage(message: string, t: ConsoleTexts, lang: Language): string {
  if (lang === 'en') return message;
  for (const [pattern, say] of IMPORT_ITALIAN) {
    const m = message.match(pattern);
    if (m) return say(m);
  }
  return ruleInItalian(message, t) ?? message;
}
