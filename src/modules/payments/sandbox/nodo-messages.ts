// The pagoPA Nodo's side of paForNode: the requests it sends to a station, built as SANP 3.13.0
// messages. Used by the sandbox (which plays the Nodo against Cassa's own station over HTTP), by
// the tests and by the benchmark.

import { element as e, serializeXml, type XmlContent, type XmlNode } from '../../../shared/xml/xml-writer.ts';
import { PAFN, SOAP_ENV } from '../station/soap.ts';
import { OPERATIONS, type Operation } from '../station/station-responses.ts';

export interface StationAddress {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
}

const addressNodes = (a: StationAddress) => [
  e('idPA', a.idPA),
  e('idBrokerPA', a.idBrokerPA),
  e('idStation', a.idStation),
];

/** A request payload in its SOAP envelope. */
export function soapEnvelope(payload: XmlNode): string {
  return serializeXml(
    e(
      { ns: SOAP_ENV, name: 'Envelope' },
      e({ ns: SOAP_ENV, name: 'Header' }),
      e({ ns: SOAP_ENV, name: 'Body' }, payload),
    ),
    { prefixes: { soapenv: SOAP_ENV, pafn: PAFN } },
  );
}

const request = (operation: Operation, ...content: XmlContent[]) =>
  soapEnvelope(e({ ns: PAFN, name: OPERATIONS[operation].request }, ...content));

export function verifyRequest(a: StationAddress, nav: string, fiscalCode = a.idPA): string {
  return request(
    'paVerifyPaymentNotice',
    addressNodes(a),
    e('qrCode', e('fiscalCode', fiscalCode), e('noticeNumber', nav)),
  );
}

export function activationRequest(
  operation: 'paGetPayment' | 'paGetPaymentV2',
  a: StationAddress,
  nav: string,
  extra: { amount?: string; paymentNote?: string; transferType?: 'POSTAL' | 'PAGOPA'; fiscalCode?: string } = {},
): string {
  return request(
    operation,
    addressNodes(a),
    e('qrCode', e('fiscalCode', extra.fiscalCode ?? a.idPA), e('noticeNumber', nav)),
    extra.amount !== undefined && e('amount', extra.amount),
    extra.paymentNote !== undefined && e('paymentNote', extra.paymentNote),
    extra.transferType !== undefined && e('transferType', extra.transferType),
  );
}

export interface ReceiptTransferFields {
  idTransfer: string;
  /** Euros with two decimals, as SOAP writes them. */
  amount: string;
  fiscalCodePA: string;
  companyName?: string | undefined;
  iban?: string | undefined;
  mbdAttachment?: string | undefined;
  remittanceInformation: string;
  category: string;
}

export interface ReceiptMessageFields {
  receiptId: string;
  nav: string;
  iuv: string;
  fiscalCode: string;
  amount: string;
  description?: string | undefined;
  companyName?: string | undefined;
  debtor?: { type: 'F' | 'G'; fiscalCode: string; fullName: string } | undefined;
  transfers?: ReceiptTransferFields[] | undefined;
  idPSP?: string | undefined;
  pspCompanyName?: string | undefined;
  idChannel?: string | undefined;
  channelDescription?: string | undefined;
  paymentMethod?: string | undefined;
  paymentNote?: string | undefined;
  fee?: string | undefined;
  /** Italian local time, as the Nodo writes it (e.g. 2026-06-15T11:47:47). */
  paymentDateTime?: string | undefined;
  standIn?: boolean | undefined;
  iban?: string | undefined;
}

/** A receipt of a successful payment (paSendRT or paSendRTV2); what is not given gets a plausible value. */
export function receiptRequest(
  operation: 'paSendRT' | 'paSendRTV2',
  a: StationAddress,
  r: ReceiptMessageFields,
): string {
  const v2 = operation === 'paSendRTV2';
  const debtor = r.debtor ?? { type: 'F', fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' };
  const transfers = r.transfers ?? [
    {
      idTransfer: '1',
      amount: r.amount,
      fiscalCodePA: r.fiscalCode,
      companyName: 'Comune di Prova',
      iban: r.iban ?? 'IT60X0542811101000000123456',
      remittanceInformation: 'TARI 2026',
      category: '9/0101101IM/',
    },
  ];
  return request(
    operation,
    addressNodes(a),
    e(
      'receipt',
      e('receiptId', r.receiptId),
      e('noticeNumber', r.nav),
      e('fiscalCode', r.fiscalCode),
      e('outcome', 'OK'),
      e('creditorReferenceId', r.iuv),
      e('paymentAmount', r.amount),
      e('description', r.description ?? 'TARI 2026'),
      e('companyName', r.companyName ?? 'Comune di Prova'),
      e(
        'debtor',
        e(
          'uniqueIdentifier',
          e('entityUniqueIdentifierType', debtor.type),
          e('entityUniqueIdentifierValue', debtor.fiscalCode),
        ),
        e('fullName', debtor.fullName),
      ),
      e(
        'transferList',
        transfers.map((t) =>
          e(
            'transfer',
            e('idTransfer', t.idTransfer),
            e('transferAmount', t.amount),
            e('fiscalCodePA', t.fiscalCodePA),
            v2 && t.companyName !== undefined && e('companyName', t.companyName),
            v2 && t.mbdAttachment !== undefined ? e('MBDAttachment', t.mbdAttachment) : e('IBAN', t.iban ?? '-'),
            e('remittanceInformation', t.remittanceInformation),
            e('transferCategory', t.category),
          ),
        ),
      ),
      e('idPSP', r.idPSP ?? 'ABI03069'),
      e('pspFiscalCode', '00799960158'),
      e('PSPCompanyName', r.pspCompanyName ?? 'Banca di Esempio'),
      e('idChannel', r.idChannel ?? '00799960158_01'),
      e('channelDescription', r.channelDescription ?? 'app'),
      e('paymentMethod', r.paymentMethod ?? 'creditCard'),
      v2 && r.paymentNote !== undefined && e('paymentNote', r.paymentNote),
      r.fee !== undefined && e('fee', r.fee),
      e('paymentDateTime', r.paymentDateTime ?? '2026-06-15T11:47:47'),
      e('applicationDate', (r.paymentDateTime ?? '2026-06-15').slice(0, 10)),
      v2 && r.standIn !== undefined && e('standIn', String(r.standIn)),
    ),
  );
}
