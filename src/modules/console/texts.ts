// The operator console's words, in Italian (the default) and English: the frame's, the sign-in's and
// the navigation's here, and each area of work's in its folder (AREA_TEXTS below), joined into one
// table (words.ts). A key defined twice stops the start (texts.test.ts).
import type { FrameTexts } from '../../http/web/page.ts';
import { ACCOUNT_TEXTS } from './account/texts.ts';
import { DASHBOARD_TEXTS } from './dashboard/texts.ts';
import { HELPDESK_TEXTS } from './helpdesk/texts.ts';
import { OVERPAYMENTS_TEXTS } from './overpayments/texts.ts';
import { PEOPLE_TEXTS } from './people/texts.ts';
import { POSFORMS_TEXTS } from './position-forms/texts.ts';
import { POSITIONS_EXPORTS_TEXTS, POSITIONS_TEXTS, POSITIONS_WHO_TEXTS } from './positions/texts.ts';
import { SETTINGS_TEXTS } from './settings/texts.ts';
import { UPLOADS_TEXTS } from './uploads/texts.ts';
import { LANGUAGES, type Language, type Words } from './words.ts';

export { LANGUAGES, type Language } from './words.ts';

const T = {
  siteName: { it: 'Cassa · Console', en: 'Cassa · Console' },
  skipToContent: { it: 'Vai al contenuto', en: 'Skip to content' },
  footer: {
    it: 'Cassa · console degli operatori degli enti creditori pagoPA',
    en: 'Cassa · the console of the pagoPA creditor bodies’ operators',
  },
  sandboxBanner: {
    it: 'Installazione di prova: nessun pagamento è reale.',
    en: 'Test installation: no payment is real.',
  },
  insecureTitle: { it: 'Connessione non protetta.', en: 'Connection not secure.' },
  insecureText: {
    it: 'Questa pagina non usa HTTPS: password e codici viaggiano in chiaro sulla rete.',
    en: 'This page does not use HTTPS: passwords and codes travel over the network in clear.',
  },
  errorSummaryTitle: { it: 'Ci sono errori', en: 'There is a problem' },
  consoleNav: { it: 'Menu della console', en: 'Console menu' },
  homeTitle: { it: 'Inizio', en: 'Home' },
  signOut: { it: 'Esci', en: 'Sign out' },
  signedInAs: { it: 'Collegato come', en: 'Signed in as' },
  signInTitle: { it: 'Accedi alla console', en: 'Sign in to the console' },
  signInIntro: {
    it: 'Accedi con l’indirizzo e-mail e la password del tuo account di operatore. Dopo la password ti chiederemo un codice.',
    en: 'Sign in with the e-mail address and the password of your operator account. After the password we ask for a code.',
  },
  entityLabel: { it: 'Codice fiscale dell’ente', en: 'Fiscal code of the body' },
  entityHint: {
    it: '11 cifre. Lascialo vuoto se amministri l’installazione.',
    en: '11 digits. Leave it empty if you administer the installation.',
  },
  emailLabel: { it: 'Indirizzo e-mail', en: 'E-mail address' },
  passwordLabel: { it: 'Password', en: 'Password' },
  continue: { it: 'Continua', en: 'Continue' },
  signInFailed: {
    it: 'L’e-mail, la password o il codice non sono corretti, oppure l’account è bloccato per un po’.',
    en: 'The e-mail, password or code is not right, or the account is locked for a while.',
  },
  entityInvalid: {
    it: 'Il codice fiscale dell’ente ha 11 cifre; lascialo vuoto se amministri l’installazione.',
    en: 'The body’s fiscal code has 11 digits; leave it empty if you administer the installation.',
  },
  codeTitle: { it: 'Codice di verifica', en: 'Verification code' },
  codeIntro: {
    it: 'Scrivi il codice di 6 cifre che mostra ora la tua app di autenticazione, oppure uno dei tuoi codici di recupero.',
    en: 'Type the 6-digit code your authenticator app shows now, or one of your recovery codes.',
  },
  codeLabel: { it: 'Codice', en: 'Code' },
  codeHint: {
    it: '6 cifre dall’app, oppure un codice di recupero come 7KQ2-M9XD-4PRT.',
    en: '6 digits from the app, or a recovery code such as 7KQ2-M9XD-4PRT.',
  },
  codeMissing: { it: 'Scrivi il codice.', en: 'Type the code.' },
  startAgain: { it: 'Ricomincia l’accesso', en: 'Start signing in again' },
  enrolTitle: { it: 'Configura l’app di autenticazione', en: 'Set up your authenticator app' },
  enrolIntro: {
    it: 'Aggiungi questo account a un’app di autenticazione (per esempio FreeOTP, Aegis, Google Authenticator): apri il collegamento sul telefono o scrivi la chiave a mano.',
    en: 'Add this account to an authenticator app (FreeOTP, Aegis, Google Authenticator…): open the link on the phone or type the key by hand.',
  },
  enrolKey: { it: 'Chiave da scrivere nell’app', en: 'Key to type in the app' },
  enrolLink: { it: 'Apri nell’app di autenticazione', en: 'Open in the authenticator app' },
  enrolConfirmLabel: { it: 'Codice mostrato dall’app', en: 'Code the app shows' },
  enrolConfirmHint: { it: '6 cifre, cambiano ogni 30 secondi.', en: '6 digits, a new one every 30 seconds.' },
  enrolWrongCode: {
    it: 'Il codice non è corretto: controlla la chiave e scrivi il codice che l’app mostra ora.',
    en: 'The code is not right: check the key and type the code the app shows now.',
  },
  recoveryTitle: { it: 'I tuoi codici di recupero', en: 'Your recovery codes' },
  recoveryIntro: {
    it: 'Ognuno ti fa entrare una volta sola se non hai il telefono. Conservali in un luogo sicuro: non li mostreremo più.',
    en: 'Each lets you in once when you do not have your phone. Keep them somewhere safe: they will not be shown again.',
  },
  recoveryDone: { it: 'Li ho conservati: vai alla console', en: 'I have kept them: go to the console' },
  invitationTitle: { it: 'Attiva il tuo account', en: 'Activate your account' },
  invitationIntro: {
    it: 'Scegli la password del tuo account. Dopo configurerai l’app di autenticazione.',
    en: 'Choose the password of your account. Then you will set up your authenticator app.',
  },
  firstAdministratorIntro: {
    it: 'Crea il primo amministratore dell’installazione: il tuo indirizzo e-mail, il tuo nome e la password.',
    en: 'Create the installation’s first administrator: your e-mail address, your name and the password.',
  },
  displayNameLabel: { it: 'Nome e cognome', en: 'Full name' },
  newPasswordHint: {
    it: 'Almeno 12 caratteri. Una frase facile da ricordare va bene; non usare il tuo nome né la tua e-mail.',
    en: 'At least 12 characters. A sentence easy to remember is fine; do not use your name or e-mail.',
  },
  passwordRepeatLabel: { it: 'Ripeti la password', en: 'Repeat the password' },
  passwordsDiffer: { it: 'Le due password non coincidono.', en: 'The two passwords differ.' },
  invitationInvalidTitle: { it: 'Invito non valido', en: 'Invitation not valid' },
  invitationInvalidText: {
    it: 'Questo collegamento è già stato usato, è scaduto (vale 24 ore) o non è mai esistito. Chiedi un nuovo invito all’amministratore del tuo ente.',
    en: 'This link was used already, it expired (it lasts 24 hours) or it never existed. Ask your body’s administrator for a new invitation.',
  },
  tooManyTitle: { it: 'Troppi tentativi', en: 'Too many attempts' },
  tooManyText: {
    it: 'Da questa rete ci sono stati troppi tentativi di accesso non riusciti. Riprova tra {minutes} minuti.',
    en: 'There have been too many failed sign-ins from this network. Try again in {minutes} minutes.',
  },
  expiredFormTitle: { it: 'Il modulo è scaduto', en: 'The form has expired' },
  expiredFormText: {
    it: 'Il modulo non è stato accettato: ricarica la pagina e invialo di nuovo.',
    en: 'The form was not accepted: load the page again and send it again.',
  },
  notFoundTitle: { it: 'Pagina non trovata', en: 'Page not found' },
  notFoundText: { it: 'La pagina che cerchi non esiste.', en: 'The page you are looking for does not exist.' },
  backToSignIn: { it: 'Torna all’accesso', en: 'Back to sign-in' },
  homeIntro: { it: 'Benvenuto, {name}.', en: 'Welcome, {name}.' },
  whoTitle: { it: 'Il tuo account', en: 'Your account' },
  entityTerm: { it: 'Ente', en: 'Body' },
  installationAdmin: {
    it: 'Amministrazione dell’installazione (tutti gli enti)',
    en: 'Installation administration (every body)',
  },
  rolesTerm: { it: 'Ruoli', en: 'Roles' },
  noRoles: { it: 'Nessun ruolo', en: 'No role' },
  sessionTerm: { it: 'Sessione', en: 'Session' },
  sessionSince: { it: 'iniziata il {when}, scade il {until}', en: 'started {when}, ends {until}' },
  grantsTitle: { it: 'Cosa puoi fare', en: 'What you may do' },
  grantsIntro: {
    it: 'Le aree di lavoro che i tuoi ruoli ti aprono ("modifica" comprende la consultazione).',
    en: 'The areas of work your roles open to you ("change" includes viewing).',
  },
  grantsEmpty: {
    it: 'I tuoi ruoli non ti aprono ancora nessuna area: chiedi all’amministratore del tuo ente.',
    en: 'Your roles open no area yet: ask your body’s administrator.',
  },
  areaTerm: { it: 'Area', en: 'Area' },
  accessTerm: { it: 'Accesso', en: 'Access' },
  scopeTerm: { it: 'Ambito', en: 'Scope' },
  access_read: { it: 'consultazione', en: 'view' },
  access_write: { it: 'modifica', en: 'change' },
  everyEntity: { it: 'tutti gli enti', en: 'every body' },
  everyService: { it: 'tutti i servizi', en: 'every service' },
  servicesPrefix: { it: 'servizi: ', en: 'services: ' },
  area_positions: { it: 'Posizioni debitorie', en: 'Debt positions' },
  area_payments: { it: 'Pagamenti', en: 'Payments' },
  area_reconciliation: { it: 'Riconciliazione', en: 'Reconciliation' },
  area_catalogue: { it: 'Catalogo dei servizi', en: 'Service catalogue' },
  area_messages: { it: 'Messaggi', en: 'Messages' },
  area_settings: { it: 'Impostazioni', en: 'Settings' },
  area_operators: { it: 'Operatori', en: 'Operators' },
  area_audit: { it: 'Registro delle attività', en: 'Audit log' },
  // The navigation of an entity's pages (sections.ts).
  entityNav: { it: 'Aree di lavoro dell’ente', en: 'The body’s areas of work' },
  section_dashboard: { it: 'Cruscotto', en: 'Dashboard' },
  section_positions: { it: 'Posizioni', en: 'Positions' },
  section_uploads: { it: 'Caricamenti e stampe', en: 'Uploads and print runs' },
  section_helpdesk: { it: 'Assistenza', en: 'Help desk' },
  section_overpayments: { it: 'Eccedenze e rimborsi', en: 'Over-payments and refunds' },
  section_catalogue: { it: 'Catalogo', en: 'Catalogue' },
  section_webhooks: { it: 'Webhook', en: 'Webhooks' },
  section_apiKeys: { it: 'Chiavi API', en: 'API keys' },
  section_operators: { it: 'Operatori e ruoli', en: 'Operators and roles' },
  section_settings: { it: 'Impostazioni dell’ente', en: 'Body settings' },
  section_audit: { it: 'Registro delle attività', en: 'Audit log' },
  entitiesTitle: { it: 'Enti', en: 'Bodies' },
  entitiesIntro: {
    it: 'Scegli l’ente su cui lavorare.',
    en: 'Choose the body to work on.',
  },
  entitiesEmpty: { it: 'Nessun ente è ancora registrato.', en: 'No body is registered yet.' },
  // Refusals behind the gate.
  forbiddenTitle: { it: 'Non autorizzato', en: 'Not allowed' },
  forbiddenText: {
    it: 'I tuoi ruoli non ti permettono di usare questa pagina. Se ti serve, chiedilo all’amministratore del tuo ente.',
    en: 'Your roles do not let you use this page. If you need it, ask your body’s administrator.',
  },
  backToHome: { it: 'Torna all’inizio della console', en: 'Back to the console’s home' },
  // Proving who you are again before a sensitive act (conferma).
  freshTitle: { it: 'Conferma che sei tu', en: 'Confirm it is you' },
  freshIntro: {
    it: 'Per questa operazione serve una conferma recente: scrivi il codice che mostra ora la tua app di autenticazione.',
    en: 'This needs a recent confirmation: type the code your authenticator app shows now.',
  },
  freshCodeHint: { it: '6 cifre dall’app.', en: '6 digits from the app.' },
  freshConfirm: { it: 'Conferma', en: 'Confirm' },
  freshCancel: { it: 'Annulla', en: 'Cancel' },
} as const satisfies Words;

/** Each area's words (its folder's texts.ts); their keys are the area's own (positions_…). */
const AREA_TEXTS = [
  ACCOUNT_TEXTS,
  DASHBOARD_TEXTS,
  POSITIONS_TEXTS,
  POSITIONS_WHO_TEXTS,
  POSITIONS_EXPORTS_TEXTS,
  POSFORMS_TEXTS,
  UPLOADS_TEXTS,
  PEOPLE_TEXTS,
  OVERPAYMENTS_TEXTS,
  HELPDESK_TEXTS,
  SETTINGS_TEXTS,
] as const satisfies readonly Words[];

type AreaKeys = (typeof AREA_TEXTS)[number] extends infer W ? (W extends Words ? keyof W : never) : never;
export type TextKey = keyof typeof T | AreaKeys;
export type ConsoleTexts = FrameTexts & Record<TextKey, string>;

/** The keys defined more than once across the tables (none, or the start stops). */
export function duplicateKeys(tables: readonly Words[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of tables.flatMap((table) => Object.keys(table))) (seen.has(key) ? twice : seen).add(key);
  return [...twice];
}

const TABLES: readonly Words[] = [T, ...AREA_TEXTS];
const twice = duplicateKeys(TABLES);
if (twice.length > 0) throw new Error(`console texts defined twice: ${twice.join(', ')}`);

const BY_LANGUAGE = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    Object.freeze(Object.fromEntries(TABLES.flatMap((table) => Object.entries(table)).map(([k, v]) => [k, v[lang]]))),
  ]),
) as Record<Language, ConsoleTexts>;

/** The console's texts in one language, for a view. */
export const consoleTexts = (lang: Language): ConsoleTexts => BY_LANGUAGE[lang];
