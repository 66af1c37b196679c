// The citizen portal's words, in Italian and English: the due-date calendar, its feed and the
// reminder preferences (portal/calendar.http.ts).
import type { Language } from './languages.ts';

export const CALENDAR_TEXTS = {
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
} as const satisfies Record<string, Record<Language, string>>;
