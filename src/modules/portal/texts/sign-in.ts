// The citizen portal's words, in Italian and English: signing in with SPID/CIE
// (identity/oidc.http.ts) and with a smart card (portal/smartcard.http.ts).
import type { Language } from './languages.ts';

export const SIGN_IN_TEXTS = {
  signInDigitalIdentity: {
    it: 'Con la tua identità digitale',
    en: 'With your digital identity',
    de: 'Mit Ihrer digitalen Identität',
  },
  signInWithSpid: { it: 'Entra con SPID', en: 'Sign in with SPID', de: 'Mit SPID anmelden' },
  signInWithCie: { it: 'Entra con CIE', en: 'Sign in with CIE', de: 'Mit CIE anmelden' },
  oidcRefusedTitle: { it: 'Accesso non riuscito', en: 'Sign-in failed', de: 'Anmeldung fehlgeschlagen' },
  oidcStateText: {
    it: 'La richiesta di accesso non è valida, è scaduta o è già stata usata: per sicurezza ogni accesso vale una sola volta. Ricomincia dalla pagina di accesso.',
    en: 'This sign-in request is not valid, has expired or has already been used: for your security each one works only once. Start again from the sign-in page.',
    de: 'Diese Anmeldeanfrage ist nicht gültig, abgelaufen oder wurde bereits verwendet: Zu Ihrer Sicherheit funktioniert jede nur einmal. Beginnen Sie erneut auf der Anmeldeseite.',
  },
  oidcCancelledTitle: { it: 'Accesso annullato', en: 'Sign-in cancelled', de: 'Anmeldung abgebrochen' },
  oidcCancelledText: {
    it: 'Hai annullato l’accesso presso il gestore dell’identità digitale: non sei entrato nel servizio.',
    en: 'You cancelled at the digital identity provider: you are not signed in.',
    de: 'Sie haben beim Anbieter der digitalen Identität abgebrochen: Sie sind nicht angemeldet.',
  },
  oidcFailedText: {
    it: 'Il gestore dell’identità digitale non ha confermato chi sei, quindi non sei entrato nel servizio. Riprova.',
    en: 'The digital identity provider did not confirm who you are, so you are not signed in. Try again.',
    de: 'Der Anbieter der digitalen Identität hat nicht bestätigt, wer Sie sind, daher sind Sie nicht angemeldet. Versuchen Sie es erneut.',
  },
  oidcNoFiscalCodeText: {
    it: 'Il gestore dell’identità digitale non ha comunicato un codice fiscale italiano valido: senza non possiamo mostrarti i tuoi pagamenti.',
    en: 'The digital identity provider did not give a valid Italian fiscal code: without one we cannot show your payments.',
    de: 'Der Anbieter der digitalen Identität hat keine gültige italienische Steuernummer übermittelt: Ohne sie können wir Ihre Zahlungen nicht anzeigen.',
  },
  oidcUnavailableTitle: {
    it: 'Servizio di accesso non disponibile',
    en: 'Sign-in service unavailable',
    de: 'Anmeldedienst nicht verfügbar',
  },
  oidcUnavailableText: {
    it: 'Non riusciamo a contattare il gestore dell’identità digitale in questo momento. Riprova tra qualche minuto.',
    en: 'We cannot reach the digital identity provider right now. Try again in a few minutes.',
    de: 'Wir erreichen den Anbieter der digitalen Identität gerade nicht. Versuchen Sie es in einigen Minuten erneut.',
  },
  backToSignIn: { it: 'Torna alla pagina di accesso', en: 'Back to the sign-in page', de: 'Zurück zur Anmeldeseite' },
  smartCardTitle: {
    it: 'Carta nazionale dei servizi (CNS) o CIE',
    en: 'National services card (CNS) or CIE',
    de: 'Bürgerkarte (CNS) oder CIE',
  },
  smartCardText: {
    it: 'Inserisci la carta nel lettore: il browser ti chiederà di scegliere il certificato e di digitare il PIN.',
    en: 'Put the card in the reader: the browser will ask you to choose the certificate and type the PIN.',
    de: 'Stecken Sie die Karte in das Lesegerät: Der Browser fordert Sie auf, das Zertifikat zu wählen und die PIN einzugeben.',
  },
  smartCardSignIn: { it: 'Accedi con la carta', en: 'Sign in with the card', de: 'Mit der Karte anmelden' },
  smartCardRefusedTitle: {
    it: 'Accesso con la carta non riuscito',
    en: 'Signing in with the card failed',
    de: 'Anmeldung mit der Karte fehlgeschlagen',
  },
  smartCardNoCertificate: {
    it: 'Il browser non ha presentato alcun certificato. Controlla che la carta sia nel lettore, poi riprova e scegli il certificato della carta.',
    en: 'The browser presented no certificate. Check that the card is in the reader, then try again and choose the card’s certificate.',
    de: 'Der Browser hat kein Zertifikat vorgelegt. Prüfen Sie, ob die Karte im Lesegerät steckt, versuchen Sie es erneut und wählen Sie das Zertifikat der Karte.',
  },
  smartCardUnreadable: {
    it: 'Il certificato presentato non è leggibile.',
    en: 'The certificate presented cannot be read.',
    de: 'Das vorgelegte Zertifikat kann nicht gelesen werden.',
  },
  smartCardUntrusted: {
    it: 'Il certificato non è stato rilasciato da un’autorità di certificazione accettata da questo servizio.',
    en: 'The certificate was not issued by a certification authority this service accepts.',
    de: 'Das Zertifikat wurde nicht von einer Zertifizierungsstelle ausgestellt, die dieser Dienst anerkennt.',
  },
  smartCardExpired: {
    it: 'Il certificato della carta è scaduto. Rinnova la carta presso l’ente che l’ha rilasciata.',
    en: 'The card’s certificate has expired. Renew the card with the body that issued it.',
    de: 'Das Zertifikat der Karte ist abgelaufen. Erneuern Sie die Karte bei der Stelle, die sie ausgestellt hat.',
  },
  smartCardNotYetValid: {
    it: 'Il certificato della carta non è ancora valido.',
    en: 'The card’s certificate is not valid yet.',
    de: 'Das Zertifikat der Karte ist noch nicht gültig.',
  },
  smartCardPolicy: {
    it: 'Il certificato non è quello di una carta nazionale dei servizi o di una CIE: scegli il certificato di autenticazione della carta.',
    en: 'The certificate is not a national services card’s or a CIE’s: choose the card’s authentication certificate.',
    de: 'Das Zertifikat gehört nicht zu einer Bürgerkarte oder CIE: Wählen Sie das Authentifizierungszertifikat der Karte.',
  },
  smartCardUsage: {
    it: 'Il certificato scelto non serve ad autenticarsi: scegli il certificato di autenticazione della carta.',
    en: 'The chosen certificate is not meant for signing in: choose the card’s authentication certificate.',
    de: 'Das gewählte Zertifikat ist nicht für die Anmeldung bestimmt: Wählen Sie das Authentifizierungszertifikat der Karte.',
  },
  smartCardNoFiscalCode: {
    it: 'Nel certificato non c’è un codice fiscale valido.',
    en: 'The certificate holds no valid fiscal code.',
    de: 'Das Zertifikat enthält keine gültige Steuernummer.',
  },
} as const satisfies Record<string, Record<Language, string>>;
