// The citizen portal's words, in Italian and English: the profile: contacts confirmed by a code,
// the test outbox, the language (portal/profile).
import type { Language } from './languages.ts';

export const PROFILE_TEXTS = {
  profileTitle: { it: 'Profilo', en: 'Profile' },
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
