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
  // WCAG 2.2.1: the time limit is said before it hits (no JavaScript to warn at the moment).
  sessionTimeoutNote: {
    it: 'Per la tua sicurezza, l’accesso termina dopo 30 minuti senza attività, e comunque dopo 12 ore. Ricordati di uscire su un computer condiviso.',
    en: 'For your security, you are signed out after 30 minutes without activity, and after 12 hours in any case. Remember to sign out on a shared computer.',
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
  statementFilterLegend: { it: 'Mostra', en: 'Show' },
  statementFilter_tutte: { it: 'Tutte le posizioni', en: 'All positions' },
  'statementFilter_da-pagare': { it: 'Da pagare', en: 'To pay' },
  statementFilter_pagate: { it: 'Pagate', en: 'Paid' },
  statementFilter_scadute: { it: 'Scadute o annullate', en: 'Expired or cancelled' },
  statementFilterApply: { it: 'Applica il filtro', en: 'Apply the filter' },
  statementFilterNone: { it: 'Nessuna posizione con questo filtro.', en: 'No position matches this filter.' },
  transfersTitle: { it: 'Cosa paghi', en: 'What you pay for' },
  beneficiary: { it: 'Beneficiario', en: 'Beneficiary' },
  // Cart and payments history (portal/cart.http.ts)
  cartTitle: { it: 'Carrello', en: 'Cart' },
  paymentsTitle: { it: 'Pagamenti e ricevute', en: 'Payments and receipts' },
  cartLead: {
    it: 'Metti da parte gli avvisi da pagare insieme, con un solo pagamento pagoPA.',
    en: 'Put aside the notices to pay together, in one pagoPA payment.',
  },
  cartPlaces: {
    it: 'Posti usati: {used} su {limit}. pagoPA permette di pagare al massimo {limit} avvisi alla volta.',
    en: 'Places used: {used} of {limit}. pagoPA lets you pay at most {limit} notices at a time.',
  },
  cartEmpty: {
    it: 'Il carrello è vuoto. Aggiungi gli avvisi dall’estratto conto.',
    en: 'Your cart is empty. Add notices from your account statement.',
  },
  cartAdd: { it: 'Aggiungi al carrello', en: 'Add to cart' },
  cartAdded: { it: 'Avviso aggiunto al carrello.', en: 'Notice added to your cart.' },
  cartRemove: { it: 'Togli dal carrello', en: 'Remove from cart' },
  cartRemoved: { it: 'Avviso tolto dal carrello.', en: 'Notice removed from your cart.' },
  cartInCart: { it: 'Nel carrello', en: 'In your cart' },
  cartPay: { it: 'Paga {total} con pagoPA', en: 'Pay {total} with pagoPA' },
  cartFull: {
    it: 'Il carrello è pieno: pagoPA permette di pagare al massimo 5 avvisi alla volta. Paga quelli nel carrello o togline uno.',
    en: 'Your cart is full: pagoPA lets you pay at most 5 notices at a time. Pay the ones in your cart or remove one.',
  },
  cartNotPayable: {
    it: 'Uno degli avvisi non si può più pagare (forse è già stato pagato). Toglilo dal carrello e riprova.',
    en: 'One of the notices can no longer be paid (it may be paid already). Remove it from your cart and try again.',
  },
  retryNotPayable: {
    it: 'Non si può riprovare: uno degli avvisi non si può più pagare (forse è già stato pagato).',
    en: 'This cannot be tried again: one of the notices can no longer be paid (it may be paid already).',
  },
  cartNoLongerPayable: { it: 'Non più da pagare', en: 'No longer to pay' },
  cartNothingToPay: {
    it: 'Nel carrello non ci sono avvisi da pagare.',
    en: 'There are no notices to pay in your cart.',
  },
  cartInProgress: {
    it: 'Il pagamento di uno di questi avvisi è già in corso. Attendi qualche minuto prima di riprovare.',
    en: 'A payment of one of these notices is already in progress. Wait a few minutes before trying again.',
  },
  paymentsLead: {
    it: 'I pagamenti dei tuoi avvisi presso l’ente, da qualunque canale, con la ricevuta da scaricare.',
    en: 'The payments of your notices at this body, through any channel, with the receipt to download.',
  },
  paymentsEmpty: { it: 'Non ci sono ancora pagamenti.', en: 'There are no payments yet.' },
  paidOn: { it: 'Pagato il', en: 'Paid on' },
  pagesLabel: { it: 'Pagine', en: 'Pages' },
  previousPage: { it: 'Pagina precedente', en: 'Previous page' },
  nextPage: { it: 'Pagina successiva', en: 'Next page' },
  // Due-date calendar (portal/calendar)
  calendarTitle: { it: 'Scadenze', en: 'Due dates' },
  calendarLead: {
    it: 'Le date entro cui pagare gli avvisi ancora aperti a tuo nome presso l’ente.',
    en: 'The dates by which to pay the notices still open in your name at this body.',
  },
  calendarOverdue: { it: 'Scadute', en: 'Overdue' },
  calendarUpcoming: { it: 'Prossime scadenze', en: 'Upcoming' },
  calendarNoOverdue: { it: 'Non hai scadenze passate da pagare.', en: 'You have no past due dates to pay.' },
  calendarNoUpcoming: { it: 'Non hai scadenze in arrivo.', en: 'You have no upcoming due dates.' },
  calendarNoDueDateNote: {
    it: 'Gli avvisi senza scadenza non compaiono nel calendario: li trovi nell’estratto conto.',
    en: 'Notices with no due date are not in the calendar: you find them in the account statement.',
  },
  calendarInstalment: { it: 'rata', en: 'instalment' },
  calendarOf: { it: 'di', en: 'of' },
  calendarAddEvent: { it: 'Aggiungi al calendario (.ics)', en: 'Add to calendar (.ics)' },
  calendarMonthView: { it: 'Vista mensile', en: 'Month view' },
  calendarListView: { it: 'Vista elenco', en: 'List view' },
  calendarPrevMonth: { it: 'Mese precedente', en: 'Previous month' },
  calendarNextMonth: { it: 'Mese successivo', en: 'Next month' },
  calendarToday: { it: 'oggi', en: 'today' },
  calendarMonthEmpty: { it: 'Nessuna scadenza in questo mese.', en: 'No due dates this month.' },
  calendarMonths: {
    it: 'gennaio,febbraio,marzo,aprile,maggio,giugno,luglio,agosto,settembre,ottobre,novembre,dicembre',
    en: 'January,February,March,April,May,June,July,August,September,October,November,December',
  },
  calendarWeekdays: {
    it: 'lunedì,martedì,mercoledì,giovedì,venerdì,sabato,domenica',
    en: 'Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday',
  },
  feedTitle: { it: 'Aggiungi al tuo calendario', en: 'Add to your calendar' },
  feedLead: {
    it: 'Con un indirizzo privato puoi vedere le tue scadenze, di tutti gli enti, nell’app calendario del telefono o del computer (Google Calendar, Outlook, Calendario di Apple e altre). L’app lo aggiorna da sola.',
    en: 'With a private address you can see your due dates, at every body, in the calendar app of your phone or computer (Google Calendar, Outlook, Apple Calendar and others). The app keeps it up to date by itself.',
  },
  feedSecret: {
    it: 'Chi conosce l’indirizzo vede le tue scadenze: non condividerlo. Se pensi che qualcuno lo conosca, crea un nuovo indirizzo o revocalo.',
    en: 'Anyone who knows the address sees your due dates: do not share it. If you think someone knows it, make a new address or revoke it.',
  },
  feedNone: { it: 'Non hai ancora un indirizzo del calendario.', en: 'You do not have a calendar address yet.' },
  feedExists: { it: 'Hai un indirizzo del calendario creato il', en: 'You have a calendar address made on' },
  feedShownOnce: {
    it: 'Per sicurezza l’indirizzo si vede solo quando lo crei. Se non lo hai più, creane uno nuovo: quello vecchio smetterà di funzionare.',
    en: 'For your security the address is shown only when you make it. If you no longer have it, make a new one: the old one will stop working.',
  },
  feedCreate: { it: 'Crea l’indirizzo del calendario', en: 'Make the calendar address' },
  feedReplace: { it: 'Crea un nuovo indirizzo', en: 'Make a new address' },
  feedRevoke: { it: 'Revoca l’indirizzo', en: 'Revoke the address' },
  feedCreatedTitle: { it: 'Indirizzo del calendario creato', en: 'Calendar address made' },
  feedCreatedText: {
    it: 'Copia l’indirizzo e aggiungilo alla tua app calendario come “calendario da URL” o “iscrizione”. Non lo mostreremo di nuovo.',
    en: 'Copy the address and add it to your calendar app as a “calendar from URL” or “subscription”. We will not show it again.',
  },
  feedUrlLabel: { it: 'Indirizzo del calendario', en: 'Calendar address' },
  feedOpenApp: { it: 'Apri nell’app calendario', en: 'Open in the calendar app' },
  feedRevokedText: {
    it: 'L’indirizzo del calendario è stato revocato: non funziona più.',
    en: 'The calendar address has been revoked: it no longer works.',
  },
  feedUnknownAction: { it: 'Scegli una delle azioni proposte', en: 'Choose one of the actions offered' },
  remindersTitle: { it: 'Promemoria delle scadenze', en: 'Due-date reminders' },
  remindersLead: {
    it: 'Scegli se e quando vuoi un promemoria prima di ogni scadenza. Gli stessi giorni valgono per gli avvisi nel tuo calendario.',
    en: 'Choose whether and when you want a reminder before each due date. The same days apply to the alerts in your calendar.',
  },
  remindersDaysLegend: { it: 'Quanti giorni prima della scadenza?', en: 'How many days before the due date?' },
  remindersDaysHint: {
    it: 'Puoi sceglierne più di uno. Non sceglierne nessuno se non vuoi promemoria.',
    en: 'You can choose more than one. Choose none if you want no reminders.',
  },
  remindersDay: { it: '1 giorno prima', en: '1 day before' },
  remindersDays: { it: 'giorni prima', en: 'days before' },
  remindersChannelsLegend: { it: 'Come vuoi riceverli?', en: 'How do you want them?' },
  remindersChannelsHint: {
    it: 'Oltre agli avvisi nell’app calendario, se la usi.',
    en: 'As well as the alerts in your calendar app, if you use it.',
  },
  remindersEmail: { it: 'Per e-mail', en: 'By e-mail' },
  remindersSms: { it: 'Per SMS', en: 'By text message (SMS)' },
  remindersContacts: {
    it: 'E-mail e SMS arrivano all’indirizzo e al numero che hai confermato nel tuo profilo.',
    en: 'E-mails and text messages go to the address and number you confirmed in your profile.',
  },
  remindersContactsLink: { it: 'Vai al profilo', en: 'Go to your profile' },
  remindersSave: { it: 'Salva le preferenze', en: 'Save preferences' },
  remindersSaved: { it: 'Preferenze dei promemoria salvate.', en: 'Reminder preferences saved.' },
  remindersCurrentNone: { it: 'Ora non ricevi promemoria.', en: 'You receive no reminders now.' },
  errorReminderUnknownDay: {
    it: 'Scegli i giorni tra quelli proposti',
    en: 'Choose the days among the ones offered',
  },
  errorReminderUnknownChannel: {
    it: 'Scegli e-mail, SMS o entrambi',
    en: 'Choose e-mail, text message or both',
  },
  errorReminderChannelWithoutDay: {
    it: 'Scegli quanti giorni prima della scadenza vuoi il promemoria, oppure togli e-mail e SMS',
    en: 'Choose how many days before the due date you want the reminder, or untick e-mail and text message',
  },
  remindersEmailTo: { it: 'all’indirizzo', en: 'to' },
  remindersSmsTo: { it: 'al numero', en: 'to' },
  remindersNoEmail: {
    it: 'non hai ancora confermato un indirizzo e-mail nel profilo',
    en: 'you have not confirmed an e-mail address in your profile yet',
  },
  remindersNoMobile: {
    it: 'non hai ancora confermato un numero di cellulare nel profilo',
    en: 'you have not confirmed a mobile number in your profile yet',
  },
  errorReminderNoEmail: {
    it: 'Per i promemoria per e-mail conferma prima un indirizzo e-mail nel tuo profilo',
    en: 'For reminders by e-mail, first confirm an e-mail address in your profile',
  },
  errorReminderNoMobile: {
    it: 'Per i promemoria per SMS conferma prima un numero di cellulare nel tuo profilo',
    en: 'For reminders by text message, first confirm a mobile number in your profile',
  },
  backToCalendar: { it: 'Torna alle scadenze', en: 'Back to the due dates' },
  // Spontaneous payments (catalogue)
  servicesTitle: { it: 'Servizi da pagare', en: 'Services to pay for' },
  // Spontaneous payments (portal/services.http.ts). {label}, {min}, {max}, {days} are filled in.
  servicesLead: {
    it: 'Servizi dell’ente che puoi pagare anche senza un avviso: compili un breve modulo e ricevi l’avviso di pagamento a tuo nome.',
    en: 'Services of this body you can pay for without a notice: fill in a short form and get a payment notice in your name.',
  },
  servicesEmpty: {
    it: 'Per ora l’ente non offre servizi da pagare online.',
    en: 'This body does not offer services to pay for online yet.',
  },
  servicesSignInNote: {
    it: 'Per compilare un modulo ti chiederemo di accedere: l’avviso sarà intestato a te.',
    en: 'To fill in a form you will be asked to sign in: the notice will be in your name.',
  },
  serviceFill: { it: 'Compila il modulo', en: 'Fill in the form' },
  serviceAmountRange: { it: 'da {min} a {max}', en: 'from {min} to {max}' },
  serviceFormLead: {
    it: 'Compila il modulo: creeremo un avviso di pagamento a tuo nome, che potrai pagare subito o più tardi.',
    en: 'Fill in the form: we will create a payment notice in your name, which you can pay now or later.',
  },
  serviceDebtor: { it: 'Intestatario dell’avviso', en: 'Notice in the name of' },
  serviceDue: { it: 'Scadenza dell’avviso', en: 'Notice due' },
  serviceDueDays: { it: '{days} giorni dopo la richiesta', en: '{days} days after the request' },
  serviceAmountLabel: { it: 'Importo in euro', en: 'Amount in euro' },
  serviceAmountHint: {
    it: 'Da {min} a {max}. Scrivi i centesimi dopo la virgola, per esempio 12,50.',
    en: 'From {min} to {max}. Write the cents after a comma, for example 12,50.',
  },
  serviceOptional: { it: '(facoltativo)', en: '(optional)' },
  serviceDateHint: { it: 'Per esempio 27/03/2026.', en: 'For example 27/03/2026.' },
  serviceNumberHint: { it: 'Un numero intero.', en: 'A whole number.' },
  serviceSubmit: { it: 'Crea l’avviso di pagamento', en: 'Create the payment notice' },
  serviceBack: { it: 'Torna ai servizi', en: 'Back to the services' },
  serviceDoneTitle: { it: 'Avviso di pagamento creato', en: 'Payment notice created' },
  serviceDoneText: {
    it: 'Abbiamo creato l’avviso di pagamento a tuo nome. Puoi pagarlo subito con pagoPA oppure più tardi: lo trovi nel tuo estratto conto.',
    en: 'We have created the payment notice in your name. You can pay it now with pagoPA, or later: you will find it in your account statement.',
  },
  serviceAlreadyPaid: { it: 'Questo avviso è già stato pagato.', en: 'This notice has already been paid.' },
  servicePayLater: {
    it: 'Pagherò più tardi: vai all’estratto conto',
    en: 'I will pay later: go to the account statement',
  },
  serviceRemittance: { it: 'Causale', en: 'Payment reason' },
  answerRequired: { it: 'Compila il campo «{label}»', en: 'Enter “{label}”' },
  answerTooShort: {
    it: '«{label}» deve avere almeno {min} caratteri',
    en: '“{label}” must be at least {min} characters',
  },
  answerTooLong: {
    it: '«{label}» può avere al massimo {max} caratteri',
    en: '“{label}” must be {max} characters or fewer',
  },
  answerPattern: {
    it: '«{label}» non è nel formato richiesto: controlla l’indicazione sotto il campo',
    en: '“{label}” is not in the format asked for: see the hint under the field',
  },
  answerNotWhole: {
    it: '«{label}» deve essere un numero intero, per esempio 3',
    en: '“{label}” must be a whole number, like 3',
  },
  answerBelowMin: { it: '«{label}» deve essere almeno {min}', en: '“{label}” must be {min} or more' },
  answerAboveMax: { it: '«{label}» può essere al massimo {max}', en: '“{label}” must be {max} or less' },
  answerNotDate: {
    it: '«{label}» deve essere una data vera, scritta come 27/03/2026',
    en: '“{label}” must be a real date, written like 27/03/2026',
  },
  answerBeforeMin: { it: '«{label}» deve essere il {min} o dopo', en: '“{label}” must be on or after {min}' },
  answerAfterMax: { it: '«{label}» deve essere il {max} o prima', en: '“{label}” must be on or before {max}' },
  answerNotChoice: { it: 'Scegli una risposta per «{label}»', en: 'Select an answer for “{label}”' },
  amountRequired: { it: 'Inserisci l’importo in euro', en: 'Enter the amount in euro' },
  amountFormat: {
    it: 'Scrivi l’importo in euro con al massimo due decimali, per esempio 12,50',
    en: 'Write the amount in euro with at most two decimals, for example 12,50',
  },
  amountBelowMin: { it: 'L’importo deve essere almeno {min}', en: 'The amount must be at least {min}' },
  amountAboveMax: { it: 'L’importo può essere al massimo {max}', en: 'The amount must be {max} or less' },
  // Profile (portal/profile)
  profileTitle: { it: 'Profilo', en: 'Profile' },
  // Sign-in with SPID/CIE through OpenID Connect (identity/oidc.http.ts)
  signInDigitalIdentity: { it: 'Con la tua identità digitale', en: 'With your digital identity' },
  signInWithSpid: { it: 'Entra con SPID', en: 'Sign in with SPID' },
  signInWithCie: { it: 'Entra con CIE', en: 'Sign in with CIE' },
  oidcRefusedTitle: { it: 'Accesso non riuscito', en: 'Sign-in failed' },
  oidcStateText: {
    it: 'La richiesta di accesso non è valida, è scaduta o è già stata usata: per sicurezza ogni accesso vale una sola volta. Ricomincia dalla pagina di accesso.',
    en: 'This sign-in request is not valid, has expired or has already been used: for your security each one works only once. Start again from the sign-in page.',
  },
  oidcCancelledTitle: { it: 'Accesso annullato', en: 'Sign-in cancelled' },
  oidcCancelledText: {
    it: 'Hai annullato l’accesso presso il gestore dell’identità digitale: non sei entrato nel servizio.',
    en: 'You cancelled at the digital identity provider: you are not signed in.',
  },
  oidcFailedText: {
    it: 'Il gestore dell’identità digitale non ha confermato chi sei, quindi non sei entrato nel servizio. Riprova.',
    en: 'The digital identity provider did not confirm who you are, so you are not signed in. Try again.',
  },
  oidcNoFiscalCodeText: {
    it: 'Il gestore dell’identità digitale non ha comunicato un codice fiscale italiano valido: senza non possiamo mostrarti i tuoi pagamenti.',
    en: 'The digital identity provider did not give a valid Italian fiscal code: without one we cannot show your payments.',
  },
  oidcUnavailableTitle: { it: 'Servizio di accesso non disponibile', en: 'Sign-in service unavailable' },
  oidcUnavailableText: {
    it: 'Non riusciamo a contattare il gestore dell’identità digitale in questo momento. Riprova tra qualche minuto.',
    en: 'We cannot reach the digital identity provider right now. Try again in a few minutes.',
  },
  backToSignIn: { it: 'Torna alla pagina di accesso', en: 'Back to the sign-in page' },
  // Smart-card sign-in and the profile (portal/smartcard.http.ts, portal/profile)
  smartCardTitle: { it: 'Carta nazionale dei servizi (CNS) o CIE', en: 'National services card (CNS) or CIE' },
  smartCardText: {
    it: 'Inserisci la carta nel lettore: il browser ti chiederà di scegliere il certificato e di digitare il PIN.',
    en: 'Put the card in the reader: the browser will ask you to choose the certificate and type the PIN.',
  },
  smartCardSignIn: { it: 'Accedi con la carta', en: 'Sign in with the card' },
  smartCardRefusedTitle: { it: 'Accesso con la carta non riuscito', en: 'Signing in with the card failed' },
  smartCardNoCertificate: {
    it: 'Il browser non ha presentato alcun certificato. Controlla che la carta sia nel lettore, poi riprova e scegli il certificato della carta.',
    en: 'The browser presented no certificate. Check that the card is in the reader, then try again and choose the card’s certificate.',
  },
  smartCardUnreadable: {
    it: 'Il certificato presentato non è leggibile.',
    en: 'The certificate presented cannot be read.',
  },
  smartCardUntrusted: {
    it: 'Il certificato non è stato rilasciato da un’autorità di certificazione accettata da questo servizio.',
    en: 'The certificate was not issued by a certification authority this service accepts.',
  },
  smartCardExpired: {
    it: 'Il certificato della carta è scaduto. Rinnova la carta presso l’ente che l’ha rilasciata.',
    en: 'The card’s certificate has expired. Renew the card with the body that issued it.',
  },
  smartCardNotYetValid: {
    it: 'Il certificato della carta non è ancora valido.',
    en: 'The card’s certificate is not valid yet.',
  },
  smartCardPolicy: {
    it: 'Il certificato non è quello di una carta nazionale dei servizi o di una CIE: scegli il certificato di autenticazione della carta.',
    en: 'The certificate is not a national services card’s or a CIE’s: choose the card’s authentication certificate.',
  },
  smartCardUsage: {
    it: 'Il certificato scelto non serve ad autenticarsi: scegli il certificato di autenticazione della carta.',
    en: 'The chosen certificate is not meant for signing in: choose the card’s authentication certificate.',
  },
  smartCardNoFiscalCode: {
    it: 'Nel certificato non c’è un codice fiscale valido.',
    en: 'The certificate holds no valid fiscal code.',
  },
  smartCardBack: { it: 'Torna alla pagina di accesso', en: 'Back to the sign-in page' },
  profileLead: {
    it: 'I contatti a cui l’ente può scriverti, ad esempio per ricordarti le scadenze, e la lingua che preferisci. Un contatto vale solo dopo che lo hai confermato con il codice che ti inviamo.',
    en: 'The contacts the body may write to, for example to remind you of due dates, and the language you prefer. A contact counts only once you have confirmed it with the code we send you.',
  },
  profileEmailHeading: { it: 'Indirizzo e-mail', en: 'E-mail address' },
  profileMobileHeading: { it: 'Numero di cellulare', en: 'Mobile number' },
  profileLanguageHeading: { it: 'Lingua', en: 'Language' },
  profileNone: { it: 'Nessuno confermato', en: 'None confirmed' },
  profileConfirmedOn: { it: 'confermato il', en: 'confirmed on' },
  profileEmailLabel: { it: 'Nuovo indirizzo e-mail', en: 'New e-mail address' },
  profileEmailHint: { it: 'Ad esempio nome.cognome@esempio.it', en: 'For example name.surname@example.com' },
  profileMobileLabel: { it: 'Nuovo numero di cellulare', en: 'New mobile number' },
  profileMobileHint: {
    it: 'Un numero di cellulare italiano, ad esempio +39 333 123 4567',
    en: 'An Italian mobile number, for example +39 333 123 4567',
  },
  profileSendCode: { it: 'Invia il codice di conferma', en: 'Send the confirmation code' },
  profileCodeLabel: { it: 'Codice di conferma (6 cifre)', en: 'Confirmation code (6 digits)' },
  profileCodeSentTo: { it: 'Codice inviato a', en: 'Code sent to' },
  profileCodeValidUntil: { it: 'valido fino alle', en: 'valid until' },
  profileConfirm: { it: 'Conferma', en: 'Confirm' },
  profileResend: { it: 'Invia un nuovo codice', en: 'Send a new code' },
  profileRemove: { it: 'Rimuovi', en: 'Remove' },
  profileRemoveEmail: { it: 'Rimuovi l’indirizzo e-mail', en: 'Remove the e-mail address' },
  profileRemoveMobile: { it: 'Rimuovi il numero di cellulare', en: 'Remove the mobile number' },
  profileLanguageLegend: { it: 'Lingua preferita', en: 'Preferred language' },
  profileLanguageHint: {
    it: 'La lingua delle pagine di questo browser e dei messaggi che ti inviamo.',
    en: 'The language of the pages in this browser and of the messages we send you.',
  },
  profileLanguageIt: { it: 'Italiano', en: 'Italiano (Italian)' },
  profileLanguageEn: { it: 'English (inglese)', en: 'English' },
  profileSaveLanguage: { it: 'Salva la lingua', en: 'Save the language' },
  profileEmailUnavailable: {
    it: 'L’invio di e-mail non è configurato per questo servizio: per ora non puoi aggiungere un indirizzo.',
    en: 'Sending e-mail is not set up for this service: you cannot add an address for now.',
  },
  profileSmsUnavailable: {
    it: 'L’invio di SMS non è configurato per questo servizio: per ora non puoi aggiungere un numero.',
    en: 'Sending text messages is not set up for this service: you cannot add a number for now.',
  },
  profileTestOutboxNotice: {
    it: 'Ambiente di prova: i codici non vengono inviati davvero, finiscono nella casella dei messaggi di prova.',
    en: 'Test environment: codes are not really sent, they go to the test message box.',
  },
  profileTestOutboxLink: { it: 'Apri i messaggi di prova', en: 'Open the test messages' },
  testOutboxTitle: { it: 'Messaggi di prova', en: 'Test messages' },
  testOutboxLead: {
    it: 'Ambiente di prova: questi messaggi non sono stati inviati a nessuno. Sono quelli che il servizio avrebbe inviato ai tuoi contatti.',
    en: 'Test environment: these messages were not sent to anyone. They are what the service would have sent to your contacts.',
  },
  testOutboxCaption: { it: 'Messaggi, dal più recente', en: 'Messages, newest first' },
  testOutboxEmpty: { it: 'Non ci sono messaggi.', en: 'There are no messages.' },
  testOutboxWhen: { it: 'Quando', en: 'When' },
  testOutboxTo: { it: 'Destinatario', en: 'To' },
  testOutboxMessage: { it: 'Messaggio', en: 'Message' },
  backToProfile: { it: 'Torna al profilo', en: 'Back to the profile' },
  profileCodeSent: {
    it: 'Ti abbiamo inviato un codice di conferma: inseriscilo qui sotto.',
    en: 'We have sent you a confirmation code: enter it below.',
  },
  profileCodeInOutbox: {
    it: 'Ambiente di prova: il codice non è stato inviato davvero. Lo trovi nei messaggi di prova; inseriscilo qui sotto.',
    en: 'Test environment: the code was not really sent. You will find it in the test messages; enter it below.',
  },
  profileDoneEmail: { it: 'Indirizzo e-mail confermato.', en: 'E-mail address confirmed.' },
  profileDoneSms: { it: 'Numero di cellulare confermato.', en: 'Mobile number confirmed.' },
  profileDoneLanguage: { it: 'Lingua salvata.', en: 'Language saved.' },
  profileDoneRemoved: { it: 'Contatto rimosso.', en: 'Contact removed.' },
  errorEmailEmpty: { it: 'Inserisci l’indirizzo e-mail', en: 'Enter the e-mail address' },
  errorEmailFormat: {
    it: 'Inserisci un indirizzo e-mail nel formato nome@esempio.it',
    en: 'Enter an e-mail address in the form name@example.com',
  },
  errorEmailTooLong: { it: 'L’indirizzo e-mail è troppo lungo', en: 'The e-mail address is too long' },
  errorMobileEmpty: { it: 'Inserisci il numero di cellulare', en: 'Enter the mobile number' },
  errorMobileFormat: {
    it: 'Inserisci un numero di cellulare italiano, ad esempio +39 333 123 4567',
    en: 'Enter an Italian mobile number, for example +39 333 123 4567',
  },
  errorSameAsConfirmed: {
    it: 'È già il contatto confermato: non serve confermarlo di nuovo',
    en: 'This is already the confirmed contact: there is no need to confirm it again',
  },
  errorTooSoon: {
    it: 'Hai appena chiesto un codice: puoi chiederne un altro tra un minuto',
    en: 'You have just asked for a code: you can ask for another in a minute',
  },
  errorTooMany: {
    it: 'Hai chiesto troppi codici: riprova tra un’ora',
    en: 'You have asked for too many codes: try again in an hour',
  },
  errorSendFailed: {
    it: 'Non siamo riusciti a inviare il messaggio: riprova più tardi',
    en: 'We could not send the message: try again later',
  },
  errorChannelUnavailable: {
    it: 'Questo tipo di contatto non è disponibile su questo servizio',
    en: 'This kind of contact is not available on this service',
  },
  errorCodeFormat: { it: 'Il codice di conferma ha 6 cifre', en: 'The confirmation code has 6 digits' },
  errorCodeWrong: {
    it: 'Il codice non è corretto. Tentativi rimasti: ',
    en: 'The code is not correct. Tries left: ',
  },
  errorCodeExpired: {
    it: 'Il codice è scaduto: chiedine uno nuovo',
    en: 'The code has expired: ask for a new one',
  },
  errorCodeExhausted: {
    it: 'Troppi tentativi sbagliati: chiedi un nuovo codice',
    en: 'Too many wrong tries: ask for a new code',
  },
  errorCodeNone: {
    it: 'Non c’è un codice da confermare: chiedine uno',
    en: 'There is no code to confirm: ask for one',
  },
  errorChooseLanguage: { it: 'Scegli una lingua', en: 'Choose a language' },
  codeEmailSubject: { it: 'Il tuo codice di conferma', en: 'Your confirmation code' },
  codeEmailText: {
    it: 'Il codice per confermare questo indirizzo sul servizio Pagamenti pagoPA è {code}.\nVale 10 minuti. Se non l’hai chiesto tu, ignora questo messaggio.',
    en: 'The code to confirm this address on the pagoPA payments service is {code}.\nIt is valid for 10 minutes. If you did not ask for it, ignore this message.',
  },
  codeSmsText: {
    it: 'Pagamenti pagoPA: il tuo codice di conferma è {code}. Vale 10 minuti.',
    en: 'pagoPA payments: your confirmation code is {code}. Valid for 10 minutes.',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof T;

/** The texts in one language, for a view. */
export function textsFor(lang: Language): Record<TextKey, string> {
  return Object.fromEntries(Object.entries(T).map(([k, v]) => [k, v[lang]])) as Record<TextKey, string>;
}
