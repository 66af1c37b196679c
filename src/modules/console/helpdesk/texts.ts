// The words of the console's help desk (the one search box and a notice's or a person's story, and
// sending a receipt or a notice again), in Italian and English.
import type { Words } from '../words.ts';

export const HELPDESK_TEXTS = {
  hd_title: { it: 'Assistenza', en: 'Help desk' },
  hd_intro: {
    it: 'Un solo campo: numero avviso, IUV, identificativo della ricevuta, codice fiscale o nome. La risposta racconta tutta la storia.',
    en: 'One box: notice number, IUV, receipt id, fiscal code or name. The answer tells the whole story.',
  },
  hd_searchLabel: { it: 'Cerca', en: 'Search' },
  hd_searchHint: {
    it: 'Per esempio 302000000000000123, RSSMRA80A01H501U o Mario Rossi.',
    en: 'For example 302000000000000123, RSSMRA80A01H501U or Mario Rossi.',
  },
  hd_searchButton: { it: 'Cerca', en: 'Search' },
  hd_nothing: { it: 'Nessun risultato per «{q}».', en: 'Nothing found for “{q}”.' },
  hd_nothingHelp: {
    it: 'Controlla le cifre del numero avviso (18, inizia con 3) o dello IUV (17); per un nome bastano le prime lettere di nome e cognome. Un avviso di un altro ente non compare qui.',
    en: 'Check the digits of the notice number (18, starting with 3) or of the IUV (17); for a name, the first letters of first and last name are enough. Another body’s notice does not show here.',
  },
  hd_people: { it: 'Più persone corrispondono: scegline una.', en: 'Several people match: choose one.' },
  hd_peopleCaption: { it: 'Persone trovate', en: 'People found' },
  hd_colName: { it: 'Nome', en: 'Name' },
  hd_colFiscalCode: { it: 'Codice fiscale', en: 'Fiscal code' },
  hd_colPositions: { it: 'Posizioni', en: 'Positions' },
  hd_personTitle: { it: 'La storia di {name} ({cf})', en: 'The story of {name} ({cf})' },
  hd_noticeTitle: { it: 'La storia dell’avviso {nav}', en: 'The story of notice {nav}' },
  hd_receiptTitle: { it: 'La storia della ricevuta {id}', en: 'The story of receipt {id}' },
  hd_morePositions: {
    it: 'Qui le {shown} più recenti di {total} posizioni: vedile tutte nella ricerca delle posizioni.',
    en: 'The {shown} newest of {total} positions here: see them all in the positions search.',
  },
  hd_position: {
    it: '{description} — posizione {iupd}, intestata a {name}: {status}.',
    en: '{description} — position {iupd}, in the name of {name}: {status}.',
  },
  hd_openPosition: { it: 'Apri la posizione {iupd}', en: 'Open position {iupd}' },
  hd_published: { it: 'Pubblicata il {day}.', en: 'Published on {day}.' },
  hd_invalidated: { it: 'Annullata il {day} da {who}.', en: 'Cancelled on {day} by {who}.' },
  hd_notice: {
    it: 'Avviso {nav} di {amount}, scadenza {due}: {status}.',
    en: 'Notice {nav} for {amount}, due {due}: {status}.',
  },
  hd_inst_UNPAID: { it: 'da pagare', en: 'not paid' },
  hd_inst_PAID: { it: 'pagato', en: 'paid' },
  hd_inst_PARTIALLY_REPORTED: { it: 'pagato, rendicontato in parte', en: 'paid, partly reported' },
  hd_inst_REPORTED: { it: 'pagato e rendicontato', en: 'paid and reported' },
  hd_paidPagoPa: {
    it: 'Pagato il {day} alle {time} presso {psp}{method}, tramite pagoPA; ricevuta {id}.',
    en: 'Paid on {day} at {time} at {psp}{method}, through pagoPA; receipt {id}.',
  },
  hd_paidOther: {
    it: 'Registrato come pagato il {day} ({channel}); ricevuta {id}.',
    en: 'Recorded as paid on {day} ({channel}); receipt {id}.',
  },
  hd_method: { it: ' con {method}', en: ' by {method}' },
  hd_aPsp: { it: 'un prestatore di servizi di pagamento', en: 'a payment service provider' },
  hd_told: {
    it: 'Il gestionale è stato avvisato il {day} alle {time}.',
    en: 'The back office was told on {day} at {time}.',
  },
  hd_toldFailed: {
    it: 'La notifica al gestionale non è arrivata ({attempts} tentativi).',
    en: 'The back office’s notification failed ({attempts} tries).',
  },
  hd_toldPending: { it: 'La notifica al gestionale è in attesa.', en: 'The back office’s notification is pending.' },
  hd_attempts: {
    it: '{n} tentativi di pagamento non conclusi; l’ultimo il {day} alle {time}: {status}.',
    en: '{n} payment attempts not completed; the last on {day} at {time}: {status}.',
  },
  hd_overpayment: {
    it: 'Un pagamento di {amount} del {day} non ha pagato nulla ({reason}): eccedenza {status}.',
    en: 'A payment of {amount} on {day} settled nothing ({reason}): over-payment {status}.',
  },
  hd_openOverpayment: { it: 'Apri l’eccedenza', en: 'Open the over-payment' },
  hd_receiptOrphan: {
    it: 'Ricevuta {id}: {amount} pagati il {day} per l’avviso {nav}, che non corrisponde a nessuna posizione.',
    en: 'Receipt {id}: {amount} paid on {day} for notice {nav}, which matches no position.',
  },
  hd_sendNotice: { it: 'Invia l’avviso via e-mail', en: 'Send the notice by e-mail' },
  hd_sendReceipt: { it: 'Invia la ricevuta {id} via e-mail', en: 'Send receipt {id} by e-mail' },
  hd_sendNoticeOf: { it: 'Invia via e-mail l’avviso {nav}', en: 'Send notice {nav} by e-mail' },
  hd_sent: {
    it: 'Inviato all’indirizzo confermato del cittadino ({to}).',
    en: 'Sent to the citizen’s confirmed address ({to}).',
  },
  hd_noAddress: {
    it: 'Non inviato: il cittadino non ha un indirizzo e-mail confermato. Può confermarlo nel suo profilo sul portale.',
    en: 'Not sent: the citizen has no confirmed e-mail address. They can confirm one in their profile on the portal.',
  },
  hd_sentTitle: { it: 'Invio via e-mail', en: 'Sending by e-mail' },
  hd_back: { it: 'Torna indietro', en: 'Go back' },
  hd_noMailer: {
    it: 'Non inviato: questa installazione non ha un server di posta configurato.',
    en: 'Not sent: this installation has no mail server configured.',
  },
  hd_ambiguous: {
    it: 'Non inviato: più ricevute hanno questo identificativo. Invia la ricevuta dalla pagina della sua posizione.',
    en: 'Not sent: several receipts carry this id. Send the receipt from its position’s page.',
  },
  hd_sendFailed: {
    it: 'Non inviato: il server di posta non ha accettato il messaggio. Riprova più tardi.',
    en: 'Not sent: the mail server did not take the message. Try again later.',
  },
  hd_notSendable: {
    it: 'Non inviato: questo avviso non si può più stampare (pagato o annullato).',
    en: 'Not sent: this notice cannot be printed any more (paid or cancelled).',
  },
} as const satisfies Words;
