// Test support for the pagoPA station: the Nodo's requests built as SANP 3.13.0 messages, sent
// through app.inject, and every response checked against paForNode.xsd before the test sees it.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Entity } from '../../src/modules/entities/entity.ts';
import {
  activationRequest,
  type ReceiptMessageFields,
  receiptRequest,
  type StationAddress,
  soapEnvelope,
  verifyRequest,
} from '../../src/modules/payments/sandbox/nodo-messages.ts';
import { PAFN, readEnvelope } from '../../src/modules/payments/station/soap.ts';
import { OPERATIONS, type Operation } from '../../src/modules/payments/station/station-responses.ts';
import { paForNodeSchema } from '../../src/modules/payments/station/station-schema.ts';
import type { XmlElement } from '../../src/shared/xml/safe-xml.ts';

export type Address = StationAddress;
export type ReceiptFields = ReceiptMessageFields;
export { activationRequest, receiptRequest, soapEnvelope, verifyRequest };

export const addressOf = (entity: Entity): Address => ({
  idPA: entity.fiscalCode,
  idBrokerPA: entity.brokerId,
  idStation: entity.stationId,
});

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
