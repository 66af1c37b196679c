// The citizen portal's words, in Italian and English: the due-date calendar, its feed and the
// reminder preferences (portal/calendar.http.ts).
import type { Language } from './languages.ts';

export const CALENDAR_TEXTS = {
  calendarTitle: { it: 'Scadenze', en: 'Due dates', de: 'Fälligkeiten' },
  calendarLead: {
    it: 'Le date entro cui pagare gli avvisi ancora aperti a tuo nome presso l’ente.',
    en: 'The dates by which to pay the notices still open in your name at this body.',
    de: 'Die Termine, bis zu denen die noch offenen Zahlungsaufforderungen auf Ihren Namen bei dieser Körperschaft zu bezahlen sind.',
  },
  calendarOverdue: { it: 'Scadute', en: 'Overdue', de: 'Überfällig' },
  calendarUpcoming: { it: 'Prossime scadenze', en: 'Upcoming', de: 'Demnächst fällig' },
  calendarNoOverdue: {
    it: 'Non hai scadenze passate da pagare.',
    en: 'You have no past due dates to pay.',
    de: 'Sie haben keine überfälligen Beträge zu bezahlen.',
  },
  calendarNoUpcoming: {
    it: 'Non hai scadenze in arrivo.',
    en: 'You have no upcoming due dates.',
    de: 'Sie haben keine bevorstehenden Fälligkeiten.',
  },
  calendarNoDueDateNote: {
    it: 'Gli avvisi senza scadenza non compaiono nel calendario: li trovi nell’estratto conto.',
    en: 'Notices with no due date are not in the calendar: you find them in the account statement.',
    de: 'Zahlungsaufforderungen ohne Fälligkeit stehen nicht im Kalender: Sie finden sie im Kontoauszug.',
  },
  calendarInstalment: { it: 'rata', en: 'instalment', de: 'Rate' },
  calendarOf: { it: 'di', en: 'of', de: 'von' },
  calendarAddEvent: {
    it: 'Aggiungi al calendario (.ics)',
    en: 'Add to calendar (.ics)',
    de: 'Zum Kalender hinzufügen (.ics)',
  },
  calendarMonthView: { it: 'Vista mensile', en: 'Month view', de: 'Monatsansicht' },
  calendarListView: { it: 'Vista elenco', en: 'List view', de: 'Listenansicht' },
  calendarPrevMonth: { it: 'Mese precedente', en: 'Previous month', de: 'Vorheriger Monat' },
  calendarNextMonth: { it: 'Mese successivo', en: 'Next month', de: 'Nächster Monat' },
  calendarToday: { it: 'oggi', en: 'today', de: 'heute' },
  calendarMonthEmpty: {
    it: 'Nessuna scadenza in questo mese.',
    en: 'No due dates this month.',
    de: 'Keine Fälligkeiten in diesem Monat.',
  },
  calendarMonths: {
    it: 'gennaio,febbraio,marzo,aprile,maggio,giugno,luglio,agosto,settembre,ottobre,novembre,dicembre',
    en: 'January,February,March,April,May,June,July,August,September,October,November,December',
    de: 'Januar,Februar,März,April,Mai,Juni,Juli,August,September,Oktober,November,Dezember',
  },
  calendarWeekdays: {
    it: 'lunedì,martedì,mercoledì,giovedì,venerdì,sabato,domenica',
    en: 'Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday',
    de: 'Montag,Dienstag,Mittwoch,Donnerstag,Freitag,Samstag,Sonntag',
  },
  feedTitle: { it: 'Aggiungi al tuo calendario', en: 'Add to your calendar', de: 'Zu Ihrem Kalender hinzufügen' },
  feedLead: {
    it: 'Con un indirizzo privato puoi vedere le tue scadenze, di tutti gli enti, nell’app calendario del telefono o del computer (Google Calendar, Outlook, Calendario di Apple e altre). L’app lo aggiorna da sola.',
    en: 'With a private address you can see your due dates, at every body, in the calendar app of your phone or computer (Google Calendar, Outlook, Apple Calendar and others). The app keeps it up to date by itself.',
    de: 'Mit einer privaten Adresse sehen Sie Ihre Fälligkeiten bei allen Körperschaften in der Kalender-App Ihres Telefons oder Computers (Google Kalender, Outlook, Apple Kalender und andere). Die App hält sie selbst aktuell.',
  },
  feedSecret: {
    it: 'Chi conosce l’indirizzo vede le tue scadenze: non condividerlo. Se pensi che qualcuno lo conosca, crea un nuovo indirizzo o revocalo.',
    en: 'Anyone who knows the address sees your due dates: do not share it. If you think someone knows it, make a new address or revoke it.',
    de: 'Wer die Adresse kennt, sieht Ihre Fälligkeiten: Geben Sie sie nicht weiter. Wenn Sie glauben, dass jemand sie kennt, erstellen Sie eine neue Adresse oder widerrufen Sie sie.',
  },
  feedNone: {
    it: 'Non hai ancora un indirizzo del calendario.',
    en: 'You do not have a calendar address yet.',
    de: 'Sie haben noch keine Kalenderadresse.',
  },
  feedExists: {
    it: 'Hai un indirizzo del calendario creato il',
    en: 'You have a calendar address made on',
    de: 'Sie haben eine Kalenderadresse, erstellt am',
  },
  feedShownOnce: {
    it: 'Per sicurezza l’indirizzo si vede solo quando lo crei. Se non lo hai più, creane uno nuovo: quello vecchio smetterà di funzionare.',
    en: 'For your security the address is shown only when you make it. If you no longer have it, make a new one: the old one will stop working.',
    de: 'Zu Ihrer Sicherheit wird die Adresse nur beim Erstellen angezeigt. Wenn Sie sie nicht mehr haben, erstellen Sie eine neue: Die alte funktioniert dann nicht mehr.',
  },
  feedCreate: {
    it: 'Crea l’indirizzo del calendario',
    en: 'Make the calendar address',
    de: 'Kalenderadresse erstellen',
  },
  feedReplace: { it: 'Crea un nuovo indirizzo', en: 'Make a new address', de: 'Neue Adresse erstellen' },
  feedRevoke: { it: 'Revoca l’indirizzo', en: 'Revoke the address', de: 'Adresse widerrufen' },
  feedCreatedTitle: {
    it: 'Indirizzo del calendario creato',
    en: 'Calendar address made',
    de: 'Kalenderadresse erstellt',
  },
  feedCreatedText: {
    it: 'Copia l’indirizzo e aggiungilo alla tua app calendario come “calendario da URL” o “iscrizione”. Non lo mostreremo di nuovo.',
    en: 'Copy the address and add it to your calendar app as a “calendar from URL” or “subscription”. We will not show it again.',
    de: 'Kopieren Sie die Adresse und fügen Sie sie in Ihrer Kalender-App als „Kalender per URL“ oder „Abonnement“ hinzu. Wir zeigen sie nicht noch einmal an.',
  },
  feedUrlLabel: { it: 'Indirizzo del calendario', en: 'Calendar address', de: 'Kalenderadresse' },
  feedOpenApp: { it: 'Apri nell’app calendario', en: 'Open in the calendar app', de: 'In der Kalender-App öffnen' },
  feedRevokedText: {
    it: 'L’indirizzo del calendario è stato revocato: non funziona più.',
    en: 'The calendar address has been revoked: it no longer works.',
    de: 'Die Kalenderadresse wurde widerrufen: Sie funktioniert nicht mehr.',
  },
  feedUnknownAction: {
    it: 'Scegli una delle azioni proposte',
    en: 'Choose one of the actions offered',
    de: 'Wählen Sie eine der angebotenen Aktionen',
  },
  remindersTitle: { it: 'Promemoria delle scadenze', en: 'Due-date reminders', de: 'Erinnerungen an Fälligkeiten' },
  remindersLead: {
    it: 'Scegli se e quando vuoi un promemoria prima di ogni scadenza. Gli stessi giorni valgono per gli avvisi nel tuo calendario.',
    en: 'Choose whether and when you want a reminder before each due date. The same days apply to the alerts in your calendar.',
    de: 'Wählen Sie, ob und wann Sie vor jeder Fälligkeit erinnert werden möchten. Dieselben Tage gelten für die Hinweise in Ihrem Kalender.',
  },
  remindersDaysLegend: {
    it: 'Quanti giorni prima della scadenza?',
    en: 'How many days before the due date?',
    de: 'Wie viele Tage vor der Fälligkeit?',
  },
  remindersDaysHint: {
    it: 'Puoi sceglierne più di uno. Non sceglierne nessuno se non vuoi promemoria.',
    en: 'You can choose more than one. Choose none if you want no reminders.',
    de: 'Sie können mehrere wählen. Wählen Sie keinen, wenn Sie keine Erinnerungen möchten.',
  },
  remindersDay: { it: '1 giorno prima', en: '1 day before', de: '1 Tag vorher' },
  remindersDays: { it: 'giorni prima', en: 'days before', de: 'Tage vorher' },
  remindersChannelsLegend: {
    it: 'Come vuoi riceverli?',
    en: 'How do you want them?',
    de: 'Wie möchten Sie sie erhalten?',
  },
  remindersChannelsHint: {
    it: 'Oltre agli avvisi nell’app calendario, se la usi.',
    en: 'As well as the alerts in your calendar app, if you use it.',
    de: 'Zusätzlich zu den Hinweisen in Ihrer Kalender-App, falls Sie sie nutzen.',
  },
  remindersEmail: { it: 'Per e-mail', en: 'By e-mail', de: 'Per E-Mail' },
  remindersSms: { it: 'Per SMS', en: 'By text message (SMS)', de: 'Per Textnachricht (SMS)' },
  remindersContacts: {
    it: 'E-mail e SMS arrivano all’indirizzo e al numero che hai confermato nel tuo profilo.',
    en: 'E-mails and text messages go to the address and number you confirmed in your profile.',
    de: 'E-Mails und Textnachrichten gehen an die Adresse und die Nummer, die Sie in Ihrem Profil bestätigt haben.',
  },
  remindersContactsLink: { it: 'Vai al profilo', en: 'Go to your profile', de: 'Zu Ihrem Profil' },
  remindersSave: { it: 'Salva le preferenze', en: 'Save preferences', de: 'Einstellungen speichern' },
  remindersSaved: {
    it: 'Preferenze dei promemoria salvate.',
    en: 'Reminder preferences saved.',
    de: 'Einstellungen für Erinnerungen gespeichert.',
  },
  remindersCurrentNone: {
    it: 'Ora non ricevi promemoria.',
    en: 'You receive no reminders now.',
    de: 'Sie erhalten derzeit keine Erinnerungen.',
  },
  errorReminderUnknownDay: {
    it: 'Scegli i giorni tra quelli proposti',
    en: 'Choose the days among the ones offered',
    de: 'Wählen Sie die Tage unter den angebotenen',
  },
  errorReminderUnknownChannel: {
    it: 'Scegli e-mail, SMS o entrambi',
    en: 'Choose e-mail, text message or both',
    de: 'Wählen Sie E-Mail, Textnachricht oder beides',
  },
  errorReminderChannelWithoutDay: {
    it: 'Scegli quanti giorni prima della scadenza vuoi il promemoria, oppure togli e-mail e SMS',
    en: 'Choose how many days before the due date you want the reminder, or untick e-mail and text message',
    de: 'Wählen Sie, wie viele Tage vor der Fälligkeit Sie erinnert werden möchten, oder entfernen Sie das Häkchen bei E-Mail und Textnachricht',
  },
  remindersEmailTo: { it: 'all’indirizzo', en: 'to', de: 'an' },
  remindersSmsTo: { it: 'al numero', en: 'to', de: 'an' },
  remindersNoEmail: {
    it: 'non hai ancora confermato un indirizzo e-mail nel profilo',
    en: 'you have not confirmed an e-mail address in your profile yet',
    de: 'Sie haben in Ihrem Profil noch keine E-Mail-Adresse bestätigt',
  },
  remindersNoMobile: {
    it: 'non hai ancora confermato un numero di cellulare nel profilo',
    en: 'you have not confirmed a mobile number in your profile yet',
    de: 'Sie haben in Ihrem Profil noch keine Mobilnummer bestätigt',
  },
  errorReminderNoEmail: {
    it: 'Per i promemoria per e-mail conferma prima un indirizzo e-mail nel tuo profilo',
    en: 'For reminders by e-mail, first confirm an e-mail address in your profile',
    de: 'Für Erinnerungen per E-Mail bestätigen Sie zuerst eine E-Mail-Adresse in Ihrem Profil',
  },
  errorReminderNoMobile: {
    it: 'Per i promemoria per SMS conferma prima un numero di cellulare nel tuo profilo',
    en: 'For reminders by text message, first confirm a mobile number in your profile',
    de: 'Für Erinnerungen per Textnachricht bestätigen Sie zuerst eine Mobilnummer in Ihrem Profil',
  },
  backToCalendar: { it: 'Torna alle scadenze', en: 'Back to the due dates', de: 'Zurück zu den Fälligkeiten' },
} as const satisfies Record<string, Record<Language, string>>;
