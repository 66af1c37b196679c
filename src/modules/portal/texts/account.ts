// The citizen portal's words, in Italian and English: the signed-in citizen's area: the sandbox
// sign-in, the session, the statement and a position.
import type { Language } from './languages.ts';

export const ACCOUNT_TEXTS = {
  signIn: { it: 'Accedi', en: 'Sign in', de: 'Anmelden' },
  signOut: { it: 'Esci', en: 'Sign out', de: 'Abmelden' },
  signedInAs: { it: 'Accesso effettuato come', en: 'Signed in as', de: 'Angemeldet als' },
  signInTitle: { it: 'Accedi ai tuoi pagamenti', en: 'Sign in to your payments', de: 'Bei Ihren Zahlungen anmelden' },
  signInLead: {
    it: 'Accedi per vedere tutti i tuoi debiti verso l’ente, scaricare gli avvisi e le ricevute e pagare.',
    en: 'Sign in to see everything you owe the body, download notices and receipts, and pay.',
    de: 'Melden Sie sich an, um alles zu sehen, was Sie der Körperschaft schulden, Zahlungsaufforderungen und Quittungen herunterzuladen und zu bezahlen.',
  },
  signInUnavailable: {
    it: 'L’accesso con SPID, CIE o carta nazionale dei servizi non è ancora configurato per questo servizio.',
    en: 'Signing in with SPID, CIE or a smart card is not configured for this service yet.',
    de: 'Die Anmeldung mit SPID, CIE oder Bürgerkarte ist für diesen Dienst noch nicht eingerichtet.',
  },
  sandboxSignInTitle: { it: 'Accesso di prova (sandbox)', en: 'Test sign-in (sandbox)', de: 'Testanmeldung (Sandbox)' },
  sandboxSignInText: {
    it: 'Solo nell’ambiente di prova: scegli un cittadino fittizio della demo. Non è un’identità digitale.',
    en: 'Test environment only: pick a made-up citizen of the demo. This is not a digital identity.',
    de: 'Nur in der Testumgebung: Wählen Sie eine erfundene Person der Demo. Das ist keine digitale Identität.',
  },
  sandboxCitizen: { it: 'Cittadino di prova', en: 'Test citizen', de: 'Testperson' },
  errorChooseCitizen: {
    it: 'Scegli un cittadino di prova',
    en: 'Choose a test citizen',
    de: 'Wählen Sie eine Testperson',
  },
  sessionExpiredTitle: { it: 'Sessione scaduta', en: 'Session expired', de: 'Sitzung abgelaufen' },
  sessionExpiredText: {
    it: 'Per sicurezza la sessione è scaduta. Accedi di nuovo per continuare.',
    en: 'For your security the session has expired. Sign in again to continue.',
    de: 'Zu Ihrer Sicherheit ist die Sitzung abgelaufen. Melden Sie sich erneut an, um fortzufahren.',
  },
  statementTitle: { it: 'Estratto conto', en: 'Account statement', de: 'Kontoauszug' },
  statementLead: {
    it: 'Tutte le posizioni a tuo nome presso l’ente: da pagare, pagate, scadute.',
    en: 'Every position in your name at this body: to pay, paid, expired.',
    de: 'Alle Schuldpositionen auf Ihren Namen bei dieser Körperschaft: zu zahlen, bezahlt, verfallen.',
  },
  statementInstalment: { it: 'Rata', en: 'Instalment', de: 'Rate' },
  statementEmpty: {
    it: 'Non ci sono posizioni a tuo nome.',
    en: 'There are no positions in your name.',
    de: 'Es gibt keine Schuldpositionen auf Ihren Namen.',
  },
  downloadPdf: { it: 'Scarica in PDF', en: 'Download as PDF', de: 'Als PDF herunterladen' },
  downloadCsv: {
    it: 'Scarica in CSV (foglio di calcolo)',
    en: 'Download as CSV (spreadsheet)',
    de: 'Als CSV herunterladen (Tabellenkalkulation)',
  },
  totalDue: { it: 'Da pagare', en: 'To pay', de: 'Zu zahlen' },
  totalOverdue: { it: 'di cui scaduto', en: 'of which past due', de: 'davon überfällig' },
  totalPaid: { it: 'Pagato', en: 'Paid', de: 'Bezahlt' },
  totalExpired: { it: 'Non più pagabile', en: 'No longer payable', de: 'Nicht mehr zahlbar' },
  state: { it: 'Stato', en: 'State', de: 'Stand' },
  details: { it: 'Dettagli', en: 'Details', de: 'Details' },
  positionTitle: { it: 'Posizione debitoria', en: 'Debt position', de: 'Schuldposition' },
  payInFull: { it: 'Pagamento in unica soluzione', en: 'Pay in full', de: 'Zahlung in einer Summe' },
  payInInstalments: { it: 'Pagamento a rate', en: 'Pay by instalments', de: 'Ratenzahlung' },
  pay: { it: 'Paga', en: 'Pay', de: 'Bezahlen' },
  backToStatement: {
    it: 'Torna all’estratto conto',
    en: 'Back to the account statement',
    de: 'Zurück zum Kontoauszug',
  },
  accountNav: { it: 'La tua area personale', en: 'Your personal area', de: 'Ihr persönlicher Bereich' },
  // WCAG 2.2.1: the time limit is said before it hits (no JavaScript to warn at the moment).
  sessionTimeoutNote: {
    it: 'Per la tua sicurezza, l’accesso termina dopo 30 minuti senza attività, e comunque dopo 12 ore. Ricordati di uscire su un computer condiviso.',
    en: 'For your security, you are signed out after 30 minutes without activity, and after 12 hours in any case. Remember to sign out on a shared computer.',
    de: 'Zu Ihrer Sicherheit werden Sie nach 30 Minuten ohne Aktivität abgemeldet, in jedem Fall nach 12 Stunden. Denken Sie daran, sich an einem gemeinsam genutzten Computer abzumelden.',
  },
  statementFilterLegend: { it: 'Mostra', en: 'Show', de: 'Anzeigen' },
  statementFilter_tutte: { it: 'Tutte le posizioni', en: 'All positions', de: 'Alle Schuldpositionen' },
  'statementFilter_da-pagare': { it: 'Da pagare', en: 'To pay', de: 'Zu zahlen' },
  statementFilter_pagate: { it: 'Pagate', en: 'Paid', de: 'Bezahlt' },
  statementFilter_scadute: { it: 'Scadute o annullate', en: 'Expired or cancelled', de: 'Verfallen oder annulliert' },
  statementFilterApply: { it: 'Applica il filtro', en: 'Apply the filter', de: 'Filter anwenden' },
  statementFilterNone: {
    it: 'Nessuna posizione con questo filtro.',
    en: 'No position matches this filter.',
    de: 'Keine Schuldposition entspricht diesem Filter.',
  },
  transfersTitle: { it: 'Cosa paghi', en: 'What you pay for', de: 'Wofür Sie zahlen' },
  beneficiary: { it: 'Beneficiario', en: 'Beneficiary', de: 'Begünstigter' },
} as const satisfies Record<string, Record<Language, string>>;
