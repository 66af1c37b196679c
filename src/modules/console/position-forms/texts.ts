// The words of the console's position forms and acts (create, edit, publish, invalidate, record a
// payment, the notice), in Italian and English.
import type { Words } from '../words.ts';

export const POSFORMS_TEXTS = {
  pf_newTitle: { it: 'Nuova posizione debitoria', en: 'New debt position' },
  pf_editTitle: { it: 'Modifica la posizione {iupd}', en: 'Edit debt position {iupd}' },
  pf_intro: {
    it: 'I campi con * sono obbligatori. Le regole sono le stesse dell’API: se qualcosa non va, non viene salvato nulla.',
    en: 'Fields marked * are required. The rules are the API’s: if anything is wrong, nothing is saved.',
  },
  pf_debtorLegend: { it: 'Debitore', en: 'Debtor' },
  pf_debtorFiscalCodeLabel: { it: 'Codice fiscale o partita IVA *', en: 'Fiscal code or VAT number *' },
  pf_debtorFiscalCodeHint: {
    it: '16 caratteri per una persona, 11 cifre per un’impresa o un ente.',
    en: '16 characters for a person, 11 digits for a company or a public body.',
  },
  pf_debtorNameLabel: { it: 'Nome e cognome o ragione sociale *', en: 'Full name or company name *' },
  pf_debtorEmailLabel: { it: 'E-mail', en: 'E-mail' },
  pf_debtorStreetLabel: { it: 'Indirizzo', en: 'Address' },
  pf_debtorPostalCodeLabel: { it: 'CAP', en: 'Postcode' },
  pf_debtorCityLabel: { it: 'Comune', en: 'Town' },
  pf_debtorProvinceLabel: { it: 'Provincia', en: 'Province' },
  pf_debtLegend: { it: 'Debito', en: 'Debt' },
  pf_iupdLabel: { it: 'Codice della posizione (IUPD)', en: 'Position code (IUPD)' },
  pf_iupdHint: {
    it: 'Facoltativo: lascialo vuoto e Cassa ne sceglie uno.',
    en: 'Optional: leave it empty and Cassa picks one.',
  },
  pf_descriptionLabel: { it: 'Descrizione *', en: 'Description *' },
  pf_descriptionHint: {
    it: 'Compare sull’avviso, per esempio "TARI 2026".',
    en: 'Printed on the notice, e.g. "TARI 2026".',
  },
  pf_serviceLabel: { it: 'Servizio del catalogo *', en: 'Catalogue service *' },
  pf_serviceHint: {
    it: 'Dice dove vanno i soldi (IBAN e tassonomia) e la causale.',
    en: 'Says where the money goes (IBAN and taxonomy) and the remittance text.',
  },
  pf_serviceChoose: { it: 'Scegli un servizio', en: 'Choose a service' },
  pf_serviceKeep: {
    it: 'Lascia i dati contabili attuali ({category})',
    en: 'Keep the current accounting ({category})',
  },
  pf_noServices: {
    it: 'Il catalogo dell’ente non ha servizi: creane uno nel catalogo prima di creare una posizione.',
    en: 'The body’s catalogue has no service: create one in the catalogue before creating a position.',
  },
  pf_rowsLegend: { it: 'Rate', en: 'Instalments' },
  pf_rowsHint: {
    it: 'Una sola riga: pagamento in un’unica soluzione. Più righe: un piano a rate, un avviso per rata. Importi come 1.234,56 o 1234.56.',
    en: 'One row: a single payment. Several rows: an instalment plan, one notice each. Amounts like 1,234.56 or 1234.56.',
  },
  pf_row: { it: 'rata', en: 'instalment' },
  pf_rowCaption: { it: 'Rata {n}', en: 'Instalment {n}' },
  pf_amountLabel: { it: 'Importo in euro', en: 'Amount in euro' },
  pf_dueLabel: { it: 'Scadenza', en: 'Due date' },
  pf_addRow: { it: 'Aggiungi una rata', en: 'Add an instalment' },
  pf_publishLabel: {
    it: 'Pubblica subito (gli avvisi diventano pagabili)',
    en: 'Publish now (the notices become payable)',
  },
  pf_publishHintEdit: {
    it: 'Salvare una posizione pubblicata la riporta in bozza, a meno che tu non la pubblichi di nuovo qui.',
    en: 'Saving a published position takes it back to draft unless you publish it again here.',
  },
  pf_save: { it: 'Salva', en: 'Save' },
  pf_cancel: { it: 'Torna alla posizione', en: 'Back to the position' },
  pf_cancelNew: { it: 'Torna all’elenco', en: 'Back to the list' },
  pf_required: { it: 'è obbligatorio.', en: 'is required.' },
  pf_amountInvalid: {
    it: 'non è un importo: scrivi per esempio 1.234,56 o 1234.56.',
    en: 'is not an amount: write e.g. 1234.56 or 1.234,56.',
  },
  pf_dateInvalid: { it: 'non è una data: scrivi per esempio 31/12/2026.', en: 'is not a date: write e.g. 31/12/2026.' },
  pf_rowsEmpty: { it: 'scrivi almeno una rata.', en: 'write at least one instalment.' },
  pf_serviceUnknown: { it: 'il servizio scelto non esiste più.', en: 'the chosen service no longer exists.' },
  pf_fiscalCodeInvalid: {
    it: 'non è un codice fiscale valido (16 caratteri) né una partita IVA (11 cifre).',
    en: 'is not a valid fiscal code or VAT number.',
  },
  pf_iupdTaken: { it: 'esiste già una posizione con questo codice.', en: 'a position with this code exists already.' },
  pf_positionLabel: { it: 'Posizione', en: 'Position' },
  pf_changedMeanwhile: {
    it: 'la posizione è cambiata nel frattempo: ricarica la pagina e riprova.',
    en: 'the position changed meanwhile: load the page again and retry.',
  },
  // Why an edit, a publication, an invalidation or a payment is not possible.
  pf_refusedTitle: { it: 'Operazione non possibile', en: 'Not possible' },
  pf_notEditable_PAID: {
    it: 'La posizione è pagata: non si può più modificare. Se serve, registra un’eccedenza o un rimborso.',
    en: 'The position is paid: it can no longer be changed. If needed, record an over-payment or a refund.',
  },
  pf_notEditable_PARTIALLY_PAID: {
    it: 'Una rata è già stata pagata: la posizione non si può più modificare.',
    en: 'An instalment has been paid already: the position can no longer be changed.',
  },
  pf_notEditable_REPORTED: {
    it: 'La posizione è pagata e rendicontata: non si può più modificare.',
    en: 'The position is paid and reported: it can no longer be changed.',
  },
  pf_notEditable_INVALID: {
    it: 'La posizione è annullata: non si può più modificare. Creane una nuova se serve.',
    en: 'The position is invalidated: it can no longer be changed. Create a new one if needed.',
  },
  pf_notEditableShape: {
    it: 'Questa posizione ha più opzioni di pagamento, più trasferimenti o una marca da bollo: il modulo non la può rappresentare. Modificala con l’API o con un’importazione.',
    en: 'This position has several payment options, several transfers or a revenue stamp: the form cannot show it. Change it through the API or an import.',
  },
  pf_notPublishable: {
    it: 'Si può pubblicare solo una posizione in bozza; questa è {status}.',
    en: 'Only a draft position can be published; this one is {status}.',
  },
  pf_notInvalidable: {
    it: 'Si può annullare solo una posizione pubblicata e non ancora pagata; questa è {status}.',
    en: 'Only a published, unpaid position can be invalidated; this one is {status}.',
  },
  pf_notPrintable: {
    it: 'Questa posizione non ha avvisi da pagare (è in bozza, pagata, scaduta o annullata).',
    en: 'This position has no notice to pay (it is a draft, paid, expired or invalidated).',
  },
  // Invalidate.
  pf_invalidateTitle: { it: 'Annulla la posizione {iupd}', en: 'Invalidate debt position {iupd}' },
  pf_invalidateText: {
    it: 'Annullare vuol dire che gli avvisi di questa posizione non si potranno più pagare, né con pagoPA né allo sportello: chi prova a pagarli riceve un rifiuto. Non si può tornare indietro; se il debito esiste ancora, crea una nuova posizione.',
    en: 'Invalidating means the notices of this position can no longer be paid, through pagoPA or at a counter: whoever tries is refused. It cannot be undone; if the debt still exists, create a new position.',
  },
  pf_reasonLabel: { it: 'Motivo dell’annullamento *', en: 'Reason for invalidating *' },
  pf_reasonHint: { it: 'Resta nel registro delle attività.', en: 'Kept in the audit log.' },
  pf_reasonTooLong: { it: 'può avere al massimo 500 caratteri.', en: 'may have at most 500 characters.' },
  pf_invalidateConfirm: { it: 'Annulla la posizione', en: 'Invalidate the position' },
  // Record a payment.
  pf_paymentTitle: { it: 'Registra un pagamento per {iupd}', en: 'Record a payment for {iupd}' },
  pf_paymentIntro: {
    it: 'Per un pagamento ricevuto fuori da pagoPA: allo sportello, con bonifico, alle Poste. L’avviso risulterà pagato e verrà emessa una ricevuta. Un avviso si registra una volta sola.',
    en: 'For a payment received outside pagoPA: at the counter, by bank transfer, at the post office. The notice becomes paid and a receipt is issued. A notice is recorded once only.',
  },
  pf_noticeLabel: { it: 'Avviso pagato *', en: 'Notice paid *' },
  pf_noticeOption: { it: '{nav} · {amount} · scade il {due}', en: '{nav} · {amount} · due {due}' },
  pf_nothingToPay: {
    it: 'Questa posizione non ha avvisi da pagare: è in bozza, annullata, scaduta o già pagata.',
    en: 'This position has no notice to pay: it is a draft, invalidated, expired or paid already.',
  },
  pf_channelLabel: { it: 'Canale *', en: 'Channel *' },
  pf_channel_COUNTER: { it: 'Sportello dell’ente (contanti, POS)', en: 'The body’s counter (cash, card)' },
  pf_channel_BANK: { it: 'Bonifico bancario', en: 'Bank transfer' },
  pf_channel_POST_OFFICE: {
    it: 'Poste Italiane (bollettino fuori pagoPA)',
    en: 'Poste Italiane (postal slip outside pagoPA)',
  },
  pf_channel_OTHER: { it: 'Altro', en: 'Other' },
  pf_paidOnLabel: { it: 'Data del pagamento *', en: 'Date of payment *' },
  pf_paidAmountLabel: { it: 'Importo ricevuto in euro *', en: 'Amount received in euro *' },
  pf_paidAmountHint: {
    it: 'Deve essere l’importo dell’avviso: è un controllo contro gli errori di battitura.',
    en: 'It must be the notice’s amount: a check against typing mistakes.',
  },
  pf_referenceLabel: {
    it: 'Riferimento (CRO, numero di quietanza…)',
    en: 'Reference (bank reference, receipt number…)',
  },
  pf_referenceHint: { it: 'Facoltativo, fino a 35 caratteri.', en: 'Optional, up to 35 characters.' },
  pf_record: { it: 'Registra il pagamento', en: 'Record the payment' },
  pf_noticeUnknown: { it: 'scegli uno degli avvisi della posizione.', en: 'choose one of the position’s notices.' },
  pf_amountDiffers: { it: 'non è l’importo dell’avviso ({amount}).', en: 'is not the notice’s amount ({amount}).' },
  pf_future: { it: 'non può essere nel futuro.', en: 'cannot be in the future.' },
  pf_alreadyPaid: {
    it: 'questo avviso risulta già pagato: il pagamento non è stato registrato una seconda volta.',
    en: 'this notice is paid already: the payment was not recorded a second time.',
  },
  pf_notPayable: {
    it: 'la posizione non è pagabile ora (è in bozza, annullata o scaduta).',
    en: 'the position cannot be paid now (it is a draft, invalidated or expired).',
  },
  pf_referenceTaken: {
    it: 'questo riferimento è già di un’altra ricevuta.',
    en: 'this reference belongs to another receipt already.',
  },
  pf_referenceInvalid: { it: 'può avere da 1 a 35 caratteri.', en: 'may have 1 to 35 characters.' },
} as const satisfies Words;
