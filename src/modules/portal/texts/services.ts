// The citizen portal's words, in Italian and English: spontaneous payments: the catalogue and its
// forms (portal/services.http.ts).
import type { Language } from './languages.ts';

export const SERVICES_TEXTS = {
  servicesTitle: { it: 'Servizi da pagare', en: 'Services to pay for', de: 'Zu bezahlende Dienste' },
  // Spontaneous payments (portal/services.http.ts). {label}, {min}, {max}, {days} are filled in.
  servicesLead: {
    it: 'Servizi dell’ente che puoi pagare anche senza un avviso: compili un breve modulo e ricevi l’avviso di pagamento a tuo nome.',
    en: 'Services of this body you can pay for without a notice: fill in a short form and get a payment notice in your name.',
    de: 'Dienste dieser Körperschaft, die Sie ohne Zahlungsaufforderung bezahlen können: Füllen Sie ein kurzes Formular aus und erhalten Sie eine Zahlungsaufforderung auf Ihren Namen.',
  },
  servicesEmpty: {
    it: 'Per ora l’ente non offre servizi da pagare online.',
    en: 'This body does not offer services to pay for online yet.',
    de: 'Diese Körperschaft bietet noch keine online zu bezahlenden Dienste an.',
  },
  servicesSignInNote: {
    it: 'Per compilare un modulo ti chiederemo di accedere: l’avviso sarà intestato a te.',
    en: 'To fill in a form you will be asked to sign in: the notice will be in your name.',
    de: 'Um ein Formular auszufüllen, werden Sie gebeten, sich anzumelden: Die Zahlungsaufforderung lautet auf Ihren Namen.',
  },
  serviceFill: { it: 'Compila il modulo', en: 'Fill in the form', de: 'Formular ausfüllen' },
  serviceAmountRange: { it: 'da {min} a {max}', en: 'from {min} to {max}', de: 'von {min} bis {max}' },
  serviceFormLead: {
    it: 'Compila il modulo: creeremo un avviso di pagamento a tuo nome, che potrai pagare subito o più tardi.',
    en: 'Fill in the form: we will create a payment notice in your name, which you can pay now or later.',
    de: 'Füllen Sie das Formular aus: Wir erstellen eine Zahlungsaufforderung auf Ihren Namen, die Sie jetzt oder später bezahlen können.',
  },
  serviceDebtor: {
    it: 'Intestatario dell’avviso',
    en: 'Notice in the name of',
    de: 'Zahlungsaufforderung auf den Namen von',
  },
  serviceDue: { it: 'Scadenza dell’avviso', en: 'Notice due', de: 'Fälligkeit der Zahlungsaufforderung' },
  serviceDueDays: {
    it: '{days} giorni dopo la richiesta',
    en: '{days} days after the request',
    de: '{days} Tage nach der Anfrage',
  },
  serviceAmountLabel: { it: 'Importo in euro', en: 'Amount in euro', de: 'Betrag in Euro' },
  serviceAmountHint: {
    it: 'Da {min} a {max}. Scrivi i centesimi dopo la virgola, per esempio 12,50.',
    en: 'From {min} to {max}. Write the cents after a comma, for example 12,50.',
    de: 'Von {min} bis {max}. Schreiben Sie die Cent nach einem Komma, zum Beispiel 12,50.',
  },
  serviceOptional: { it: '(facoltativo)', en: '(optional)', de: '(freiwillig)' },
  serviceDateHint: { it: 'Per esempio 27/03/2026.', en: 'For example 27/03/2026.', de: 'Zum Beispiel 27/03/2026.' },
  serviceNumberHint: { it: 'Un numero intero.', en: 'A whole number.', de: 'Eine ganze Zahl.' },
  serviceSubmit: {
    it: 'Crea l’avviso di pagamento',
    en: 'Create the payment notice',
    de: 'Zahlungsaufforderung erstellen',
  },
  serviceBack: { it: 'Torna ai servizi', en: 'Back to the services', de: 'Zurück zu den Diensten' },
  serviceDoneTitle: {
    it: 'Avviso di pagamento creato',
    en: 'Payment notice created',
    de: 'Zahlungsaufforderung erstellt',
  },
  serviceDoneText: {
    it: 'Abbiamo creato l’avviso di pagamento a tuo nome. Puoi pagarlo subito con pagoPA oppure più tardi: lo trovi nel tuo estratto conto.',
    en: 'We have created the payment notice in your name. You can pay it now with pagoPA, or later: you will find it in your account statement.',
    de: 'Wir haben die Zahlungsaufforderung auf Ihren Namen erstellt. Sie können sie jetzt mit pagoPA bezahlen oder später: Sie finden sie in Ihrem Kontoauszug.',
  },
  serviceAlreadyPaid: {
    it: 'Questo avviso è già stato pagato.',
    en: 'This notice has already been paid.',
    de: 'Diese Zahlungsaufforderung ist bereits bezahlt.',
  },
  servicePayLater: {
    it: 'Pagherò più tardi: vai all’estratto conto',
    en: 'I will pay later: go to the account statement',
    de: 'Ich bezahle später: zum Kontoauszug',
  },
  serviceRemittance: { it: 'Causale', en: 'Payment reason', de: 'Zahlungsgrund' },
  answerRequired: { it: 'Compila il campo «{label}»', en: 'Enter “{label}”', de: 'Geben Sie „{label}“ ein' },
  answerTooShort: {
    it: '«{label}» deve avere almeno {min} caratteri',
    en: '“{label}” must be at least {min} characters',
    de: '„{label}“ muss mindestens {min} Zeichen haben',
  },
  answerTooLong: {
    it: '«{label}» può avere al massimo {max} caratteri',
    en: '“{label}” must be {max} characters or fewer',
    de: '„{label}“ darf höchstens {max} Zeichen haben',
  },
  answerPattern: {
    it: '«{label}» non è nel formato richiesto: controlla l’indicazione sotto il campo',
    en: '“{label}” is not in the format asked for: see the hint under the field',
    de: '„{label}“ hat nicht das verlangte Format: Siehe den Hinweis unter dem Feld',
  },
  answerNotWhole: {
    it: '«{label}» deve essere un numero intero, per esempio 3',
    en: '“{label}” must be a whole number, like 3',
    de: '„{label}“ muss eine ganze Zahl sein, zum Beispiel 3',
  },
  answerBelowMin: {
    it: '«{label}» deve essere almeno {min}',
    en: '“{label}” must be {min} or more',
    de: '„{label}“ muss {min} oder mehr sein',
  },
  answerAboveMax: {
    it: '«{label}» può essere al massimo {max}',
    en: '“{label}” must be {max} or less',
    de: '„{label}“ muss {max} oder weniger sein',
  },
  answerNotDate: {
    it: '«{label}» deve essere una data vera, scritta come 27/03/2026',
    en: '“{label}” must be a real date, written like 27/03/2026',
    de: '„{label}“ muss ein gültiges Datum sein, geschrieben wie 27/03/2026',
  },
  answerBeforeMin: {
    it: '«{label}» deve essere il {min} o dopo',
    en: '“{label}” must be on or after {min}',
    de: '„{label}“ muss am oder nach dem {min} liegen',
  },
  answerAfterMax: {
    it: '«{label}» deve essere il {max} o prima',
    en: '“{label}” must be on or before {max}',
    de: '„{label}“ muss am oder vor dem {max} liegen',
  },
  answerNotChoice: {
    it: 'Scegli una risposta per «{label}»',
    en: 'Select an answer for “{label}”',
    de: 'Wählen Sie eine Antwort für „{label}“',
  },
  amountRequired: {
    it: 'Inserisci l’importo in euro',
    en: 'Enter the amount in euro',
    de: 'Geben Sie den Betrag in Euro ein',
  },
  amountFormat: {
    it: 'Scrivi l’importo in euro con al massimo due decimali, per esempio 12,50',
    en: 'Write the amount in euro with at most two decimals, for example 12,50',
    de: 'Schreiben Sie den Betrag in Euro mit höchstens zwei Dezimalstellen, zum Beispiel 12,50',
  },
  amountBelowMin: {
    it: 'L’importo deve essere almeno {min}',
    en: 'The amount must be at least {min}',
    de: 'Der Betrag muss mindestens {min} betragen',
  },
  amountAboveMax: {
    it: 'L’importo può essere al massimo {max}',
    en: 'The amount must be {max} or less',
    de: 'Der Betrag darf höchstens {max} betragen',
  },
} as const satisfies Record<string, Record<Language, string>>;
