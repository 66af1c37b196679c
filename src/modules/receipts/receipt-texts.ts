// The words and formats of receipts, shared by the PDF and the public verification page: Italian
// first, English beneath when asked. Dates and times are shown in Europe/Rome, whatever the server.

/** Languages of a printed receipt: Italian, or Italian with English beneath. */
export const RECEIPT_LANGUAGES = ['it', 'it-en'] as const;
export type ReceiptLanguage = (typeof RECEIPT_LANGUAGES)[number];

export interface Bilingual {
  it: string;
  en: string;
}

export const TEXTS = {
  title: { it: 'Ricevuta di pagamento', en: 'Payment receipt' },
  creditor: { it: 'Ente creditore', en: 'Creditor' },
  fiscalCode: { it: 'Codice fiscale', en: 'Fiscal code' },
  subject: { it: 'Oggetto del pagamento', en: 'Payment subject' },
  noticeNumber: { it: 'Codice avviso', en: 'Notice number' },
  iuv: { it: 'Codice IUV', en: 'Creditor reference (IUV)' },
  iupd: { it: 'Posizione debitoria', en: 'Debt position' },
  receiptId: { it: 'Identificativo ricevuta', en: 'Receipt id' },
  amount: { it: 'Importo pagato', en: 'Amount paid' },
  fee: { it: 'Commissione', en: 'Fee' },
  feeUnknown: { it: 'non comunicata', en: 'not reported' },
  total: { it: 'Totale addebitato', en: 'Total charged' },
  paidAt: { it: 'Data e ora del pagamento', en: 'Payment date and time' },
  romeTime: { it: 'ora italiana', en: 'Italian time' },
  channel: { it: 'Canale', en: 'Channel' },
  psp: { it: 'Prestatore del servizio', en: 'Payment service provider' },
  method: { it: 'Metodo di pagamento', en: 'Payment method' },
  debtor: { it: 'Debitore', en: 'Debtor' },
  payer: { it: 'Pagatore', en: 'Payer' },
  transfers: { it: 'Dettaglio degli importi', en: 'Breakdown' },
  beneficiary: { it: 'Beneficiario', en: 'Beneficiary' },
  remittance: { it: 'Causale', en: 'Remittance information' },
  account: { it: 'Conto di accredito', en: 'Credited account' },
  stamp: { it: 'Marca da bollo digitale', en: 'Digital revenue stamp' },
  verifyTitle: { it: 'Verifica questa ricevuta', en: 'Verify this receipt' },
  verifyText: {
    it: "Inquadra il codice QR o apri l'indirizzo qui sotto: la pagina dell'ente conferma che la ricevuta è autentica e non è stata modificata.",
    en: "Scan the QR code or open the address below: the entity's page confirms that the receipt is genuine and unchanged.",
  },
  generated: { it: 'Documento generato il', en: 'Document generated on' },
  valid: { it: 'Ricevuta valida', en: 'Valid receipt' },
  validText: {
    it: "Questa ricevuta è stata emessa dall'ente indicato e i dati qui sotto corrispondono a quelli registrati.",
    en: 'This receipt was issued by the entity shown and the data below match those on record.',
  },
  invalid: { it: 'Ricevuta non valida', en: 'Not a valid receipt' },
  invalidText: {
    it: "Il codice di verifica non corrisponde ad alcuna ricevuta emessa: può essere stato alterato, copiato male o falsificato. Per informazioni rivolgersi all'ente creditore.",
    en: 'The verification code does not match any receipt issued: it may have been altered, mistyped or forged. Please contact the creditor entity.',
  },
  privacy: {
    it: 'Per riservatezza nome e codice fiscale sono mostrati solo in parte.',
    en: 'For privacy, name and fiscal code are only partly shown.',
  },
} as const satisfies Record<string, Bilingual>;

const CHANNELS: Record<string, Bilingual> = {
  POST_OFFICE: { it: 'Ufficio postale', en: 'Post office' },
  BANK: { it: 'Banca', en: 'Bank' },
  COUNTER: { it: "Sportello dell'ente", en: "Entity's counter" },
  CASH: { it: 'Contanti', en: 'Cash' },
  POS: { it: 'POS', en: 'Card terminal (POS)' },
  OTHER: { it: 'Altro canale', en: 'Other channel' },
};

/** A channel in words: the back office's channels by name, pagoPA's channel ids as they are. */
export function channelLabel(channel: string): Bilingual {
  return CHANNELS[channel] ?? { it: `pagoPA (${channel})`, en: `pagoPA (${channel})` };
}

/** `it`, or `it / en` when the English text is wanted and differs. */
export function bilingual(text: Bilingual, lang: ReceiptLanguage): string {
  return lang === 'it-en' && text.en !== text.it ? `${text.it} / ${text.en}` : text.it;
}

const romeFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** An instant as Rome's clocks showed it: `14/06/2026 11:30:00`. */
export function formatRomeDateTime(at: Date): string {
  const p: Record<string, string> = {};
  for (const part of romeFormat.formatToParts(at)) p[part.type] = part.value;
  return `${p['day']}/${p['month']}/${p['year']} ${p['hour']}:${p['minute']}:${p['second']}`;
}
