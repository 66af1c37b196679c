// The citizen portal's words, in Italian and English: the frame of every page, the entity's home,
// paying a notice by its number, the payment result and the error pages.
import type { Language } from './languages.ts';

export const HOME_TEXTS = {
  siteName: { it: 'Pagamenti pagoPA', en: 'pagoPA payments' },
  skipToContent: { it: 'Vai al contenuto principale', en: 'Skip to main content' },
  switchLanguage: { it: 'English', en: 'Italiano' },
  switchLanguageLabel: { it: 'Read this page in English', en: 'Leggi questa pagina in italiano' },
  footer: {
    it: 'Servizio di pagamento dell’ente creditore, basato su pagoPA.',
    en: 'Payment service of the creditor body, based on pagoPA.',
  },
  sandboxBanner: {
    it: 'Ambiente di prova: i pagamenti sono simulati e nessun denaro viene addebitato.',
    en: 'Test environment: payments are simulated and no money is taken.',
  },
  insecureTitle: { it: 'Connessione non protetta:', en: 'Connection not secure:' },
  insecureText: {
    it: 'questa pagina arriva in HTTP in chiaro, senza cifratura. Usate questo indirizzo solo per provare, in una rete fidata; per l’uso reale l’amministratore configuri HTTPS (TLS_CERT_FILE e TLS_KEY_FILE, oppure un proxy in TRUST_PROXY) e PUBLIC_URL con https://.',
    en: 'this page comes over plain HTTP, without encryption. Use this address only for trying Cassa out, on a trusted network; for real use the administrator should set up HTTPS (TLS_CERT_FILE and TLS_KEY_FILE, or a proxy in TRUST_PROXY) and an https:// PUBLIC_URL.',
  },
  entitiesTitle: { it: 'Enti', en: 'Creditor bodies' },
  entitiesLead: { it: 'Scegli l’ente a cui devi pagare.', en: 'Choose the body you need to pay.' },
  entityLead: {
    it: 'Qui puoi pagare gli avvisi di pagamento pagoPA dell’ente, senza registrarti.',
    en: 'Here you can pay the body’s pagoPA payment notices, without signing in.',
  },
  payNoticeTitle: { it: 'Paga un avviso', en: 'Pay a notice' },
  noticeNumberLabel: { it: 'Codice avviso', en: 'Notice number' },
  noticeNumberHint: {
    it: '18 cifre, si trova sull’avviso di pagamento vicino al codice QR (es. 3010 0000 0000 0001 44).',
    en: '18 digits, printed on the payment notice next to the QR code (e.g. 3010 0000 0000 0001 44).',
  },
  continue: { it: 'Continua', en: 'Continue' },
  errorSummaryTitle: { it: 'C’è un problema', en: 'There is a problem' },
  errorNoticeEmpty: { it: 'Inserisci il codice avviso', en: 'Enter the notice number' },
  errorNoticeFormat: {
    it: 'Il codice avviso deve avere 18 cifre',
    en: 'The notice number must have 18 digits',
  },
  errorNoticeCheck: {
    it: 'Il codice avviso non è valido: controlla di averlo copiato per intero',
    en: 'The notice number is not valid: check that you copied all of it',
  },
  errorNoticeNotPayable: {
    it: 'Non c’è un avviso da pagare con questo codice presso l’ente',
    en: 'There is no notice to pay with this number at this body',
  },
  tooManyTitle: { it: 'Troppi tentativi', en: 'Too many attempts' },
  tooManyText: {
    it: 'Da questa connessione sono arrivate troppe richieste. Riprova tra qualche minuto.',
    en: 'Too many requests have come from your connection. Try again in a few minutes.',
  },
  unavailableTitle: { it: 'Servizio momentaneamente non disponibile', en: 'Service temporarily unavailable' },
  unavailableText: {
    it: 'Il servizio non è raggiungibile in questo momento. Nessun dato è stato modificato: riprova tra qualche minuto.',
    en: 'The service cannot be reached just now. Nothing has been changed: try again in a few minutes.',
  },
  noticeTitle: { it: 'Avviso di pagamento', en: 'Payment notice' },
  creditor: { it: 'Ente creditore', en: 'Creditor' },
  subject: { it: 'Oggetto', en: 'Subject' },
  amount: { it: 'Importo', en: 'Amount' },
  dueDate: { it: 'Scadenza', en: 'Due date' },
  noDueDate: { it: 'Senza scadenza', en: 'No due date' },
  amountUpdated: {
    it: 'L’importo è quello aggiornato a oggi: può differire da quello stampato sull’avviso.',
    en: 'This is today’s amount: it may differ from the one printed on the notice.',
  },
  payNow: { it: 'Paga ora con pagoPA', en: 'Pay now with pagoPA' },
  downloadNotice: { it: 'Scarica l’avviso (PDF)', en: 'Download the notice (PDF)' },
  payAnother: { it: 'Paga un altro avviso', en: 'Pay another notice' },
  redirectTitle: { it: 'Ti stiamo portando su pagoPA', en: 'Taking you to pagoPA' },
  redirectText: {
    it: 'Se la pagina non si apre da sola, usa il pulsante.',
    en: 'If the page does not open by itself, use the button.',
  },
  goToCheckout: { it: 'Vai alla pagina di pagamento pagoPA', en: 'Go to the pagoPA payment page' },
  confirmingTitle: { it: 'Stiamo confermando il pagamento', en: 'We are confirming your payment' },
  confirmingText: {
    it: 'Stiamo aspettando la ricevuta da pagoPA. Di solito ci vuole meno di un minuto: questa pagina si aggiorna da sola.',
    en: 'We are waiting for the receipt from pagoPA. It usually takes less than a minute: this page refreshes itself.',
  },
  refresh: { it: 'Aggiorna la pagina', en: 'Refresh the page' },
  paidTitle: { it: 'Pagamento riuscito', en: 'Payment successful' },
  paidText: {
    it: 'Abbiamo ricevuto la ricevuta di pagoPA. Puoi scaricarla e conservarla.',
    en: 'We have received pagoPA’s receipt. You can download it and keep it.',
  },
  downloadReceipt: { it: 'Scarica la ricevuta (PDF)', en: 'Download the receipt (PDF)' },
  failedTitle: { it: 'Pagamento non completato', en: 'Payment not completed' },
  failedText: {
    it: 'Il pagamento non è stato completato e non ti è stato addebitato nulla. Puoi riprovare.',
    en: 'The payment was not completed and nothing was charged. You can try again.',
  },
  tryAgain: { it: 'Riprova il pagamento', en: 'Try the payment again' },
  noticeNumber: { it: 'Codice avviso', en: 'Notice number' },
  total: { it: 'Totale', en: 'Total' },
  notFoundTitle: { it: 'Pagina non trovata', en: 'Page not found' },
  notFoundText: {
    it: 'Se hai digitato l’indirizzo, controlla che sia corretto.',
    en: 'If you typed the address, check it is correct.',
  },
  errorTitle: { it: 'Si è verificato un problema', en: 'Something went wrong' },
  errorText: {
    it: 'Il servizio non ha potuto completare la richiesta. Riprova più tardi.',
    en: 'The service could not complete your request. Try again later.',
  },
  expiredFormTitle: { it: 'La pagina è scaduta', en: 'The page has expired' },
  expiredFormText: {
    it: 'Per sicurezza, il modulo è scaduto. Torna indietro e riprova.',
    en: 'For your security, the form has expired. Go back and try again.',
  },
  backHome: { it: 'Torna alla pagina iniziale', en: 'Back to the home page' },
  inProgressText: {
    it: 'Un pagamento di questo avviso è già in corso, iniziato altrove (su un altro browser o dal sito dell’ente): per sicurezza non si può proseguire da qui. Riprova dopo le {time} del {date} (ora italiana); se quel pagamento va a buon fine, l’avviso risulterà pagato.',
    en: 'A payment of this notice is already in progress, started elsewhere (in another browser or on the body’s website): for your security it cannot be continued here. Try again after {time} on {date} (Italian time); if that payment goes through, the notice will show as paid.',
  },
  checkoutDown: {
    it: 'Il servizio pagoPA non ha accettato il pagamento in questo momento. Riprova più tardi.',
    en: 'The pagoPA service did not accept the payment right now. Try again later.',
  },
  homeServicesTitle: { it: 'Servizi da pagare', en: 'Services to pay for' },
  homeServicesLead: {
    it: 'Puoi anche pagare questi servizi senza avviso: compili un modulo e ricevi l’avviso da pagare.',
    en: 'You can also pay for these services without a notice: fill in a form and get the notice to pay.',
  },
  homeServicesAll: { it: 'Tutti i servizi, con i costi', en: 'All services, with their costs' },
  homeAccountTitle: { it: 'I tuoi pagamenti', en: 'Your payments' },
  homeAccountLead: {
    it: 'Con SPID, CIE o carta nazionale dei servizi vedi tutto quello che devi all’ente, le scadenze e le ricevute.',
    en: 'With SPID, CIE or a smart card you see everything you owe the body, your due dates and your receipts.',
  },
} as const satisfies Record<string, Record<Language, string>>;
