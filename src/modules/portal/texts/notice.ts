// The portal's words for a notice's PDF reached without signing in: the notice prints the debtor's
// name and fiscal code, so a stranger gets it only by typing that fiscal code (ADR 0023).
import type { Language } from './languages.ts';

export const NOTICE_TEXTS = {
  noticePdfTitle: { it: 'Scarica l’avviso', en: 'Download the notice', de: 'Zahlungsaufforderung herunterladen' },
  noticePdfLead: {
    it: 'L’avviso riporta il nome e il codice fiscale dell’intestatario. Per scaricare l’avviso, scrivi il codice fiscale dell’intestatario.',
    en: 'The notice shows the name and fiscal code of the person it is addressed to. To download the notice, type that person’s fiscal code.',
    de: 'Die Zahlungsaufforderung zeigt Namen und Steuernummer der Person, an die sie gerichtet ist. Um sie herunterzuladen, geben Sie die Steuernummer dieser Person ein.',
  },
  debtorFiscalCodeLabel: {
    it: 'Codice fiscale dell’intestatario',
    en: 'Fiscal code of the person the notice is for',
    de: 'Steuernummer der Person, an die die Zahlungsaufforderung gerichtet ist',
  },
  debtorFiscalCodeHint: {
    it: 'Di una persona (16 caratteri) o di un’impresa o un ente (11 cifre).',
    en: 'A person’s (16 characters), or a company’s or a body’s (11 digits).',
    de: 'Die einer Person (16 Zeichen) oder eines Unternehmens oder einer Körperschaft (11 Ziffern).',
  },
  errorDebtorEmpty: {
    it: 'Inserisci il codice fiscale dell’intestatario',
    en: 'Enter the fiscal code of the person the notice is for',
    de: 'Geben Sie die Steuernummer der Person ein, an die die Zahlungsaufforderung gerichtet ist',
  },
  errorDebtorWrong: {
    it: 'Il codice fiscale non è quello dell’intestatario dell’avviso',
    en: 'This is not the fiscal code of the person the notice is for',
    de: 'Das ist nicht die Steuernummer der Person, an die die Zahlungsaufforderung gerichtet ist',
  },
} as const satisfies Record<string, Record<Language, string>>;
