// The words of the operator's own account page (account.http.ts), of signing in and confirming with a
// passkey, of signing in through the entity's identity provider, and of the console's error pages.
import type { Words } from '../words.ts';

export const ACCOUNT_TEXTS = {
  account_title: { it: 'Il mio account', en: 'My account' },
  account_link: { it: 'Il mio account', en: 'My account' },
  account_who: { it: 'Chi sei', en: 'Who you are' },
  account_name: { it: 'Nome', en: 'Name' },
  account_email: { it: 'E-mail', en: 'E-mail' },
  account_factors: { it: 'Secondo fattore', en: 'Second factor' },
  account_freshNote: {
    it: 'Per cambiare il secondo fattore devi confermare che sei tu.',
    en: 'To change your second factor you must confirm it is you.',
  },
  account_freshLink: { it: 'Conferma che sei tu', en: 'Confirm it is you' },
  account_app: { it: 'App di autenticazione', en: 'Authenticator app' },
  account_appSince: { it: 'Attiva dal {when}.', en: 'Active since {when}.' },
  account_appNone: { it: 'Nessuna app configurata.', en: 'No app set up.' },
  account_appReplace: { it: 'Configura una nuova app', en: 'Set up a new app' },
  account_appNew: { it: 'Configura un’app', en: 'Set up an app' },
  account_appTitle: { it: 'Nuova app di autenticazione', en: 'New authenticator app' },
  account_appIntro: {
    it: 'Aggiungi questo account alla nuova app, poi scrivi il codice che mostra. Fino ad allora vale l’app di prima.',
    en: 'Add this account to the new app, then type the code it shows. Until then the previous app keeps working.',
  },
  account_codes: { it: 'Codici di recupero', en: 'Recovery codes' },
  account_codesLeft: { it: 'Ne restano {n} su 10.', en: '{n} of 10 left.' },
  account_codesNew: { it: 'Crea dieci nuovi codici', en: 'Make ten new codes' },
  account_codesNewHint: {
    it: 'I codici di prima smettono di valere. I nuovi sono mostrati una volta sola.',
    en: 'The previous codes stop working. The new ones are shown only once.',
  },
  account_codesBack: { it: 'Li ho conservati: torna al mio account', en: 'I have kept them: back to my account' },
  account_passkeys: { it: 'Passkey', en: 'Passkeys' },
  account_passkeysJs: {
    it: 'Aggiungere o usare una passkey richiede JavaScript nel browser; tutto il resto della console funziona anche senza.',
    en: 'Adding or using a passkey needs JavaScript in the browser; everything else in the console works without it.',
  },
  account_passkeysNone: { it: 'Nessuna passkey.', en: 'No passkey.' },
  account_passkeyName: { it: 'Nome', en: 'Name' },
  account_passkeyCreated: { it: 'Aggiunta il', en: 'Added on' },
  account_passkeyUsed: { it: 'Ultimo uso', en: 'Last used' },
  account_passkeyNever: { it: 'mai', en: 'never' },
  account_passkeyActions: { it: 'Azioni', en: 'Actions' },
  account_passkeyRename: { it: 'Rinomina', en: 'Rename' },
  account_passkeyNewName: { it: 'Nuovo nome di {name}', en: 'New name of {name}' },
  account_passkeyRemove: { it: 'Rimuovi {name}', en: 'Remove {name}' },
  account_passkeyAdd: { it: 'Aggiungi una passkey', en: 'Add a passkey' },
  account_passkeyAddName: { it: 'Nome della nuova passkey', en: 'Name of the new passkey' },
  account_passkeyAddHint: {
    it: 'Per riconoscerla, per esempio "Portatile dell’ufficio".',
    en: 'To tell it apart, for example "Office laptop".',
  },
  account_passkeyFailed: {
    it: 'Il browser non ha creato o usato la passkey. Riprova, oppure usa il codice.',
    en: 'The browser did not create or use the passkey. Try again, or use the code.',
  },
  account_passkeyRefused: {
    it: 'La passkey non è stata accettata: riprova.',
    en: 'The passkey was not accepted: try again.',
  },
  account_passkeyOnly: {
    it: 'È il tuo unico secondo fattore: configura prima un’app o un’altra passkey.',
    en: 'It is your only second factor: set up an app or another passkey first.',
  },
  account_passkeyNameInvalid: { it: 'Scrivi un nome da 1 a 100 caratteri.', en: 'Type a name of 1 to 100 characters.' },
  account_choosePasskey: { it: 'Scegli una passkey.', en: 'Choose a passkey.' },
  account_sessions: { it: 'Sessione', en: 'Session' },
  account_usePasskey: { it: 'Usa una passkey', en: 'Use a passkey' },
  account_orPasskey: {
    it: 'Oppure usa una delle tue passkey (richiede JavaScript).',
    en: 'Or use one of your passkeys (needs JavaScript).',
  },
  // Signing in through the entity's identity provider.
  account_oidcButton: { it: 'Entra con {provider}', en: 'Sign in with {provider}' },
  account_oidcOr: { it: 'Oppure', en: 'Or' },
  account_oidcAgain: {
    it: 'Oppure conferma accedendo di nuovo con il fornitore di identità del tuo ente:',
    en: 'Or confirm by signing in again with your body’s identity provider:',
  },
  account_oidcRefusedTitle: { it: 'Accesso non riuscito', en: 'Sign-in failed' },
  account_oidcRefusedText: {
    it: 'L’accesso tramite il fornitore di identità non è riuscito, oppure la tua identità non corrisponde a nessun operatore attivo di questo ente.',
    en: 'The sign-in through the identity provider did not succeed, or your identity matches no active operator of this body.',
  },
  account_oidcUnavailableTitle: { it: 'Servizio non raggiungibile', en: 'Service unreachable' },
  account_oidcUnavailableText: {
    it: 'Il fornitore di identità non risponde. Riprova tra qualche minuto, o accedi con e-mail e password.',
    en: 'The identity provider does not answer. Try again in a few minutes, or sign in with e-mail and password.',
  },
  // The console's error pages.
  account_errorTitle: { it: 'Si è verificato un errore', en: 'Something went wrong' },
  account_errorText: {
    it: 'La richiesta non è andata a buon fine per un errore nostro, registrato per l’assistenza. Riprova tra poco.',
    en: 'The request failed because of an error on our side, logged for support. Try again shortly.',
  },
  account_unavailableTitle: { it: 'Servizio non disponibile', en: 'Service unavailable' },
  account_unavailableText: {
    it: 'La console non è disponibile in questo momento. Riprova tra qualche secondo.',
    en: 'The console is not available just now. Try again in a few seconds.',
  },
  account_badRequestTitle: { it: 'Richiesta non valida', en: 'Request not valid' },
  account_badRequestText: {
    it: 'La richiesta non è stata capita. Torna indietro e riprova.',
    en: 'The request was not understood. Go back and try again.',
  },
} as const satisfies Words;
