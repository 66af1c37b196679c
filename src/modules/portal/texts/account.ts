// The citizen portal's words, in Italian and English: the signed-in citizen's area: the sandbox
// sign-in, the session, the statement and a position.
import type { Language } from './languages.ts';

export const ACCOUNT_TEXTS = {
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
  statementInstalment: { it: 'Rata', en: 'Instalment' },
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
  statementFilterLegend: { it: 'Mostra', en: 'Show' },
  statementFilter_tutte: { it: 'Tutte le posizioni', en: 'All positions' },
  'statementFilter_da-pagare': { it: 'Da pagare', en: 'To pay' },
  statementFilter_pagate: { it: 'Pagate', en: 'Paid' },
  statementFilter_scadute: { it: 'Scadute o annullate', en: 'Expired or cancelled' },
  statementFilterApply: { it: 'Applica il filtro', en: 'Apply the filter' },
  statementFilterNone: { it: 'Nessuna posizione con questo filtro.', en: 'No position matches this filter.' },
  transfersTitle: { it: 'Cosa paghi', en: 'What you pay for' },
  beneficiary: { it: 'Beneficiario', en: 'Beneficiary' },
} as const satisfies Record<string, Record<Language, string>>;
