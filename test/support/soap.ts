// Test support for the pagoPA station: the Nodo's requests built as SANP 3.13.0 messages, sent
// through app.inject, and every response checked against paForNode.xsd before the test sees it.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Entity } from '../../src/modules/entities/entity.ts';
import { PAFN, readEnvelope, SOAP_ENV } from '../../src/modules/payments/station/soap.ts';
import { OPERATIONS, type Operation } from '../../src/modules/payments/station/station-responses.ts';
import { paForNodeSchema } from '../../src/modules/payments/station/station-schema.ts';
import type { XmlElement } from '../../src/shared/xml/safe-xml.ts';
import { element, serializeXml, type XmlContent, type XmlNode } from '../../src/shared/xml/xml-writer.ts';

export interface Address {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
}

export const addressOf = (entity: Entity): Address => ({
  idPA: entity.fiscalCode,
  idBrokerPA: entity.brokerId,
  idStation: entity.stationId,
});

const e = element;
const addressNodes = (a: Address) => [e('idPA', a.idPA), e('idBrokerPA', a.idBrokerPA), e('idStation', a.idStation)];

/** The SOAP envelope around a request payload. */
export function soapEnvelope(payload: XmlNode): string {
  return serializeXml(
    e(
      { ns: SOAP_ENV, name: 'Envelope' },
      e({ ns: SOAP_ENV, name: 'Header' }),
      e({ ns: SOAP_ENV, name: 'Body' }, payload),
    ),
    {
      prefixes: { soapenv: SOAP_ENV, pafn: PAFN },
    },
  );
}

const request = (operation: Operation, ...content: XmlContent[]) =>
  soapEnvelope(e({ ns: PAFN, name: OPERATIONS[operation].request }, ...content));

export function verifyRequest(a: Address, nav: string, fiscalCode = a.idPA): string {
  return request(
    'paVerifyPaymentNotice',
    addressNodes(a),
    e('qrCode', e('fiscalCode', fiscalCode), e('noticeNumber', nav)),
  );
}

export function activationRequest(
  operation: 'paGetPayment' | 'paGetPaymentV2',
  a: Address,
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

export interface ReceiptFields {
  receiptId: string;
  nav: string;
  iuv: string;
  fiscalCode: string;
  amount: string;
  paymentDateTime?: string;
  fee?: string;
  standIn?: boolean;
  iban?: string;
}

/** A receipt of a successful payment; V2 adds a transfer company name and the Stand-In flag. */
export function receiptRequest(operation: 'paSendRT' | 'paSendRTV2', a: Address, r: ReceiptFields): string {
  const v2 = operation === 'paSendRTV2';
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
      e('description', 'TARI 2026'),
      e('companyName', 'Comune di Prova'),
      e(
        'debtor',
        e(
          'uniqueIdentifier',
          e('entityUniqueIdentifierType', 'F'),
          e('entityUniqueIdentifierValue', 'RSSMRA80A01H501U'),
        ),
        e('fullName', 'Mario Rossi'),
      ),
      e(
        'transferList',
        e(
          'transfer',
          e('idTransfer', '1'),
          e('transferAmount', r.amount),
          e('fiscalCodePA', r.fiscalCode),
          v2 && e('companyName', 'Comune di Prova'),
          e('IBAN', r.iban ?? 'IT60X0542811101000000123456'),
          e('remittanceInformation', 'TARI 2026'),
          e('transferCategory', '9/0101101IM/'),
        ),
      ),
      e('idPSP', 'ABI03069'),
      e('pspFiscalCode', '00799960158'),
      e('PSPCompanyName', 'Banca di Esempio'),
      e('idChannel', '00799960158_01'),
      e('channelDescription', 'app'),
      e('paymentMethod', 'creditCard'),
      r.fee !== undefined && e('fee', r.fee),
      e('paymentDateTime', r.paymentDateTime ?? '2026-06-15T11:47:47'),
      e('applicationDate', '2026-06-15'),
      e('transferDate', '2026-06-16'),
      v2 && r.standIn !== undefined && e('standIn', String(r.standIn)),
    ),
  );
}

export interface SoapAnswer {
  status: number;
  body: string;
  payload: XmlElement;
  outcome: string | undefined;
  faultCode: string | undefined;
  description: string | undefined;
  /** A child of the payload by path, e.g. text('data', 'paymentAmount'). */
  text(...path: string[]): string | undefined;
}

const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);

/** Reads a station response and asserts that it validates against paForNode.xsd. */
export function readAnswer(operation: Operation, status: number, body: string): SoapAnswer {
  const payload = readEnvelope(Buffer.from(body));
  const problems = paForNodeSchema().validate(payload, { ns: PAFN, name: OPERATIONS[operation].response });
  assert.deepEqual(problems, [], `${operation} response is not valid:\n${body}`);
  const fault = child(payload, 'fault');
  return {
    status,
    body,
    payload,
    outcome: child(payload, 'outcome')?.text,
    faultCode: child(fault, 'faultCode')?.text,
    description: child(fault, 'description')?.text,
    text: (...path) => {
      let at: XmlElement | undefined = payload;
      for (const name of path) at = child(at, name);
      return at?.text;
    },
  };
}

/** Sends one SOAP call as the Nodo does (SOAPAction quoted, text/xml). */
export async function soapCall(
  app: FastifyInstance,
  operation: Operation,
  xml: string,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({
    method: 'POST',
    url: '/pagopa/paForNode',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"`, ...headers },
    payload: xml,
  });
  assert.equal(res.statusCode, 200, res.body);
  return readAnswer(operation, res.statusCode, res.body);
}
