// The creditor entity's fault codes on the paForNode interface (pagopa-facts §3.2): each code with
// its official faultString and when Cassa answers it. A fault is always an ordinary response with
// outcome KO, HTTP 200; only a message that cannot be read at all gets a SOAP Fault (soap.ts).

export const STATION_FAULTS = {
  /** The request does not match the XSD of its operation, or the envelope is not the expected one. */
  PAA_SINTASSI_EXTRAXSD: 'Errore di sintassi extra XSD',
  /** idPA (or the notice's fiscal code) is not an entity this Cassa serves. */
  PAA_ID_DOMINIO_ERRATO: 'La PAA non corrisponde al Dominio indicato',
  /** idBrokerPA is not the entity's broker. */
  PAA_ID_INTERMEDIARIO_ERRATO: 'Identificativo intermediario non corrispondente',
  /** idStation is not the entity's station. */
  PAA_STAZIONE_INT_ERRATA: 'Stazione intermediario non corrispondente',
  /** No such notice, or not payable yet (draft, or published before its validity date). */
  PAA_PAGAMENTO_SCONOSCIUTO: "Pagamento in attesa risulta sconosciuto all'Ente Creditore",
  /** The notice is paid (or its position is). */
  PAA_PAGAMENTO_DUPLICATO: "Pagamento in attesa risulta concluso all'Ente Creditore",
  /** Past its due date and the entity (or the option) does not accept late payments, or EXPIRED. */
  PAA_PAGAMENTO_SCADUTO: "Pagamento in attesa risulta scaduto all'Ente Creditore",
  /** The position was invalidated, or another payment option of it is being paid. */
  PAA_PAGAMENTO_ANNULLATO: "Pagamento in attesa risulta annullato all'Ente Creditore",
  /** The same receiptId came before for this notice with different content. */
  PAA_RECEIPT_DUPLICATA: 'Messaggio duplicato',
  /**
   * A request that is valid XML but makes no sense: a marca da bollo asked through paGetPayment V1,
   * a receipt whose creditorReferenceId is not the IUV of its noticeNumber.
   */
  PAA_SEMANTICA: 'Errore semantico',
  /** Anything unexpected on Cassa's side: the Nodo retries. */
  PAA_SYSTEM_ERROR: 'Errore generico',
} as const;

export type StationFaultCode = keyof typeof STATION_FAULTS;

/** A KO answer: the code, and a description for whoever reads the Nodo's logs (≤ 1024 characters). */
export interface StationFault {
  code: StationFaultCode;
  description: string;
}

export const fault = (code: StationFaultCode, description: string): StationFault => ({
  code,
  description: description.slice(0, 1024),
});
