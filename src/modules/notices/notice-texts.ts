// Every fixed text of the printed payment notice, in Italian and in the two second languages of the
// bilingual variants (AVVISO 3.1). Italian is always printed; the translation goes beneath or beside
// it, smaller and grey. Placeholders are written {name} and filled by `fill`.
import { fill } from '../../shared/fill.ts';
import type { NoticeLanguage } from '../entities/entity.ts';

export interface Text {
  it: string;
  en: string;
  de: string;
}

export const NOTICE_TEXTS = {
  title: { it: 'AVVISO DI PAGAMENTO', en: 'PAYMENT NOTICE', de: 'ZAHLUNGSAVIS' },
  entity: { it: 'ENTE CREDITORE', en: 'CREDITOR', de: 'GLÄUBIGER' },
  debtor: { it: 'DESTINATARIO', en: 'RECIPIENT', de: 'EMPFÄNGER' },
  entityField: { it: 'Ente Creditore', en: 'Creditor', de: 'Gläubiger' },
  debtorField: { it: 'Destinatario', en: 'Recipient', de: 'Empfänger' },
  fiscalCode: { it: 'Cod. Fiscale', en: 'Tax code', de: 'Steuernummer' },
  howMuch: { it: 'QUANTO E QUANDO PAGARE?', en: 'HOW MUCH AND WHEN TO PAY?', de: 'WIE VIEL UND BIS WANN ZAHLEN?' },
  where: { it: 'DOVE PAGARE?', en: 'WHERE TO PAY?', de: 'WO ZAHLEN?' },
  by: { it: 'entro il', en: 'by', de: 'bis zum' },
  noDueDate: { it: 'senza scadenza', en: 'no due date', de: 'ohne Fälligkeit' },
  inFullOrInstalments: {
    it: 'Puoi pagare per intero oppure in {n} rate',
    en: 'You can pay in full or in {n} instalments',
    de: 'Sie können den Gesamtbetrag oder in {n} Raten zahlen',
  },
  instalmentsOnly: {
    it: 'Puoi pagare in {n} rate',
    en: 'You can pay in {n} instalments',
    de: 'Sie können in {n} Raten zahlen',
  },
  remainingInstalments: {
    it: 'Restano da pagare {n} rate di {of}',
    en: '{n} of {of} instalments are left to pay',
    de: 'Noch {n} von {of} Raten zu zahlen',
  },
  amountNote: {
    it: "In fase di pagamento, se previsto dall'ente, l'importo potrebbe essere aggiornato automaticamente e subire variazioni in diminuzione (per sgravi, note di credito) o in aumento (per sanzioni, interessi, ecc.).",
    en: 'When you pay, if the creditor provides for it, the amount may be updated automatically, going down (relief, credit notes) or up (penalties, interest, etc.).',
    de: 'Bei der Zahlung kann der Betrag, falls vom Gläubiger vorgesehen, automatisch angepasst werden: niedriger (Ermäßigungen, Gutschriften) oder höher (Strafen, Zinsen usw.).',
  },
  payIo: { it: "PAGA CON L'APP IO", en: 'PAY WITH THE IO APP', de: 'MIT DER APP IO ZAHLEN' },
  payIoText: {
    it: "Apri l'app IO, vai su Pagamenti e inquadra il codice QR o inserisci il codice avviso.",
    en: 'Open the IO app, go to Payments and scan the QR code or type the notice code.',
    de: 'Öffnen Sie die App IO, gehen Sie zu Zahlungen und scannen Sie den QR-Code.',
  },
  payOnline: { it: 'PAGA ONLINE', en: 'PAY ONLINE', de: 'ONLINE ZAHLEN' },
  payOnlineText: {
    it: "Sul sito dell'ente, con l'app o l'home banking della tua banca e sugli altri canali pagoPA.",
    en: "On the creditor's website, with your bank's app or online banking and other pagoPA channels.",
    de: 'Auf der Website des Gläubigers, mit der App oder dem Online-Banking Ihrer Bank.',
  },
  payLocal: { it: 'PAGA SUL TERRITORIO', en: 'PAY IN PERSON', de: 'VOR ORT ZAHLEN' },
  payLocalText: {
    it: 'In banca, agli sportelli ATM, negli uffici postali, nelle tabaccherie e nei punti vendita aderenti a pagoPA.',
    en: 'At banks, ATMs, post offices, tobacconists and shops that accept pagoPA.',
    de: 'In Banken, an Geldautomaten, in Postämtern, Tabakläden und pagoPA-Verkaufsstellen.',
  },
  payData: { it: 'DATI PER IL PAGAMENTO', en: 'PAYMENT DETAILS', de: 'ZAHLUNGSDATEN' },
  singleInstalment: { it: 'Rata unica', en: 'Single payment', de: 'Einmalzahlung' },
  instalment: { it: 'Rata {n} di {of}', en: 'Instalment {n} of {of}', de: 'Rate {n} von {of}' },
  scanQr: {
    it: 'Inquadra il codice QR con la tua app di pagamento o usa i dati accanto.',
    en: 'Scan the QR code with your payment app or use the details beside it.',
    de: 'Scannen Sie den QR-Code mit Ihrer Zahlungs-App oder nutzen Sie die Daten daneben.',
  },
  seeInstalments: {
    it: 'Trovi i dati per pagare ogni rata nelle pagine seguenti.',
    en: 'The details to pay each instalment are on the following pages.',
    de: 'Die Zahlungsdaten jeder Rate finden Sie auf den folgenden Seiten.',
  },
  cbill: { it: 'Cod. CBILL', en: 'CBILL code', de: 'CBILL-Code' },
  noticeCode: { it: 'Cod. Avviso', en: 'Notice code', de: 'Avis-Code' },
  entityFiscalCode: { it: 'Cod. Fiscale Ente', en: 'Creditor tax code', de: 'Steuernr. Gläubiger' },
  amount: { it: 'Importo', en: 'Amount', de: 'Betrag' },
  subject: { it: 'Oggetto del pagamento', en: 'Payment subject', de: 'Zahlungsgrund' },
  postalTitle: { it: 'BOLLETTINO POSTALE PA', en: 'POSTAL PAYMENT SLIP', de: 'POSTZAHLSCHEIN PA' },
  postalAccount: { it: 'sul C/C n.', en: 'to account no.', de: 'auf Konto Nr.' },
  postalHolder: { it: 'Intestato a', en: 'Account holder', de: 'Kontoinhaber' },
  postalType: { it: 'Tipo P1', en: 'Type P1', de: 'Typ P1' },
  postalText: {
    it: 'Pagabile negli uffici postali e sui canali fisici e digitali di Poste Italiane.',
    en: 'Payable at post offices and on the physical and digital channels of Poste Italiane.',
    de: 'Zahlbar in Postämtern und über die Kanäle der Poste Italiane.',
  },
  option: { it: 'Opzione {n}', en: 'Option {n}', de: 'Option {n}' },
  planOf: { it: 'Pagamento in {n} rate', en: 'Payment in {n} instalments', de: 'Zahlung in {n} Raten' },
  page: { it: 'Pagina {n} di {of}', en: 'Page {n} of {of}', de: 'Seite {n} von {of}' },
} as const satisfies Record<string, Text>;

export type TextKey = keyof typeof NOTICE_TEXTS;

/** The second language of a bilingual notice, or undefined for Italian only. */
export function secondLanguage(language: NoticeLanguage): 'en' | 'de' | undefined {
  return language === 'it-en' ? 'en' : language === 'it-de' ? 'de' : undefined;
}

export { fill };

/** The Italian text and, for bilingual notices, its translation; placeholders filled. */
export function textOf(
  key: TextKey,
  language: NoticeLanguage,
  values: Record<string, string | number> = {},
): { it: string; second?: string } {
  const text: Text = NOTICE_TEXTS[key];
  const second = secondLanguage(language);
  const it = fill(text.it, values);
  return second ? { it, second: fill(text[second], values) } : { it };
}
