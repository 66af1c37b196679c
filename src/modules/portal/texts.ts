// The citizen portal's words, in Italian (the default) and English. One table, so that a missing
// translation is a type error, not a blank on a page.

export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const T = {
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
    it: 'Hai cercato troppi codici avviso non validi. Riprova tra qualche minuto.',
    en: 'You looked up too many invalid notice numbers. Try again in a few minutes.',
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
    it: 'Un pagamento di questo avviso è già in corso. Attendi qualche minuto prima di riprovare.',
    en: 'A payment of this notice is already in progress. Wait a few minutes before trying again.',
  },
  checkoutDown: {
    it: 'Il servizio pagoPA non ha accettato il pagamento in questo momento. Riprova più tardi.',
    en: 'The pagoPA service did not accept the payment right now. Try again later.',
  },
  signIn: { it: 'Accedi', en: 'Sign in' },
  signOut: { it: 'Esci', en: 'Sign out' },
  signedInAs: { it: 'Accesso effettuato come', en: 'Signed in as' },
  signInTitle: { it: 'Accedi ai tuoi pagamenti', en: 'Sign in to your payments' },
  signInLead: {
    it: 'Accedi per vedere tutti i tuoi debiti verso l’ente, scaricare gli avvisi e le ricevute e pagare.',
    en: 'Sign in to see everything you owe the body, download notices and receipts, and pay.',
  },
  signInUnavailable: {
    it: 'L’accesso con SPID, CIE o carta nazionale dei servizi non è ancora configurato per questo servizio.',
    en: 'Signing in with SPID, CIE or a smart card is not configured for this service yet.',
  },
  sandboxSignInTitle: { it: 'Accesso di prova (sandbox)', en: 'Test sign-in (sandbox)' },
  sandboxSignInText: {
    it: 'Solo nell’ambiente di prova: scegli un cittadino fittizio della demo. Non è un’identità digitale.',
    en: 'Test environment only: pick a made-up citizen of the demo. This is not a digital identity.',
  },
  sandboxCitizen: { it: 'Cittadino di prova', en: 'Test citizen' },
  errorChooseCitizen: { it: 'Scegli un cittadino di prova', en: 'Choose a test citizen' },
  sessionExpiredTitle: { it: 'Sessione scaduta', en: 'Session expired' },
  sessionExpiredText: {
    it: 'Per sicurezza la sessione è scaduta. Accedi di nuovo per continuare.',
    en: 'For your security the session has expired. Sign in again to continue.',
  },
  statementTitle: { it: 'Estratto conto', en: 'Account statement' },
  statementLead: {
    it: 'Tutte le posizioni a tuo nome presso l’ente: da pagare, pagate, scadute.',
    en: 'Every position in your name at this body: to pay, paid, expired.',
  },
  statementEmpty: { it: 'Non ci sono posizioni a tuo nome.', en: 'There are no positions in your name.' },
  downloadPdf: { it: 'Scarica in PDF', en: 'Download as PDF' },
  downloadCsv: { it: 'Scarica in CSV (foglio di calcolo)', en: 'Download as CSV (spreadsheet)' },
  totalDue: { it: 'Da pagare', en: 'To pay' },
  totalOverdue: { it: 'di cui scaduto', en: 'of which past due' },
  totalPaid: { it: 'Pagato', en: 'Paid' },
  totalExpired: { it: 'Non più pagabile', en: 'No longer payable' },
  state: { it: 'Stato', en: 'State' },
  details: { it: 'Dettagli', en: 'Details' },
  positionTitle: { it: 'Posizione debitoria', en: 'Debt position' },
  payInFull: { it: 'Pagamento in unica soluzione', en: 'Pay in full' },
  payInInstalments: { it: 'Pagamento a rate', en: 'Pay by instalments' },
  pay: { it: 'Paga', en: 'Pay' },
  backToStatement: { it: 'Torna all’estratto conto', en: 'Back to the account statement' },
  accountNav: { it: 'La tua area personale', en: 'Your personal area' },
  // Cart and payments history (portal/cart.http.ts)
  cartTitle: { it: 'Carrello', en: 'Cart' },
  paymentsTitle: { it: 'Pagamenti e ricevute', en: 'Payments and receipts' },
  // Due-date calendar (portal/calendar)
  calendarTitle: { it: 'Scadenze', en: 'Due dates' },
  // Spontaneous payments (catalogue)
  servicesTitle: { it: 'Servizi da pagare', en: 'Services to pay for' },
  // Profile (portal/profile)
  profileTitle: { it: 'Profilo', en: 'Profile' },
} as const satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof T;

/** The texts in one language, for a view. */
export function textsFor(lang: Language): Record<TextKey, string> {
  return Object.fromEntries(Object.entries(T).map(([k, v]) => [k, v[lang]])) as Record<TextKey, string>;
}
