// The citizen portal's words, in Italian and English: signing in with SPID/CIE
// (identity/oidc.http.ts) and with a smart card (portal/smartcard.http.ts).
import type { Language } from './languages.ts';

export const SIGN_IN_TEXTS = {
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
} as const satisfies Record<string, Record<Language, string>>;
