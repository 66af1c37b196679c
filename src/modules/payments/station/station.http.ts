// POST /pagopa/paForNode: the SOAP endpoint the pagoPA Nodo calls (SOAP 1.1, document/literal),
// dispatched on the SOAPAction header; GET /pagopa/paForNode?wsdl serves the interface. Thin: read
// the envelope, validate the request against paForNode.xsd, call the station service, validate the
// response, log the call with its outcome and duration.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { noteOnRequest } from '../../../http/request-log.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import { PAGOPA_PRINCIPAL } from '../../../shared/principal.ts';
import type { XmlElement } from '../../../shared/xml/safe-xml.ts';
import type { XsdProblem } from '../../../shared/xml/xsd.ts';
import { requestActor } from '../../audit/audit.ts';
import {
  MAX_SOAP_BYTES,
  PAFN,
  readEnvelope,
  SoapInputError,
  soapActionOf,
  soapFault,
  envelope as wrap,
} from './soap.ts';
import type { StationAnswer, StationService } from './station.service.ts';
import { checksNothing, type StationAccessConfig, stationGate } from './station-access.ts';
import { fault } from './station-faults.ts';
import { RequestProblem, readActivationRequest, readNoticeRequest, readReceiptRequest } from './station-requests.ts';
import { faultResponse, OPERATIONS, type Operation } from './station-responses.ts';
import { interfaceFile, paForNodeSchema, SERVED_XSDS, type ServedXsd } from './station-schema.ts';

const PREFIX = '/pagopa';
const OPERATION_PATH = '/paForNode';
export const STATION_PATH = `${PREFIX}${OPERATION_PATH}`;

export interface StationHttpOptions {
  access: StationAccessConfig;
  /** Cassa's public base URL: the WSDL's service address is `${publicUrl}/pagopa/paForNode`. */
  publicUrl: string;
}

const XML_TYPES = ['text/xml', 'application/soap+xml', 'application/xml'];
const isOperation = (name: string): name is Operation => Object.hasOwn(OPERATIONS, name);
const byRequestElement = new Map<string, Operation>(
  Object.entries(OPERATIONS).map(([op, { request }]) => [request, op as Operation]),
);

const describe = (problems: readonly XsdProblem[]) =>
  problems
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');

function sendXml(reply: FastifyReply, status: number, xml: string) {
  return reply
    .status(status)
    .header('content-type', 'text/xml; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(xml);
}

export function registerStationRoutes(
  app: FastifyInstance,
  deps: { station: StationService; metrics: Pick<Metrics, 'stationCall'> },
  options: StationHttpOptions,
) {
  const gate = stationGate(options.access);
  if (checksNothing(options.access)) {
    app.log.warn(
      'the pagoPA station is OPEN (PAGOPA_STATION_OPEN=true): anyone who reaches this port can post receipts that mark debts paid. Only for a test bench: set PAGOPA_ALLOWED_IPS and/or PAGOPA_CLIENT_CERT instead',
    );
  }
  const endpoint = `${options.publicUrl.replace(/\/+$/, '')}${STATION_PATH}`;

  app.register(
    async (scope) => {
      // Encapsulated: only the station reads XML bodies, only up to MAX_SOAP_BYTES, and nothing else.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit: MAX_SOAP_BYTES }, (_req, body, done) =>
        done(null, body),
      );
      // The Nodo reads SOAP: every refusal under /pagopa is a SOAP Fault, never problem+json.
      scope.setErrorHandler((error, request, reply) => {
        const { status, faultCode, faultString } = soapRefusal(error);
        noteOnRequest(request, { pagopa: { refused: faultCode }, ...(status >= 500 && { err: error }) });
        return sendXml(reply, status, soapFault(faultCode, faultString));
      });
      scope.setNotFoundHandler((request, reply) =>
        sendXml(reply, 404, soapFault('Client', `No such interface: ${request.method} ${request.url.split('?')[0]}`)),
      );
      routes(scope);
    },
    { prefix: PREFIX },
  );

  function routes(scope: FastifyInstance) {
    scope.post<{ Body: Buffer }>(
      OPERATION_PATH,
      {
        bodyLimit: MAX_SOAP_BYTES,
        // Checked before the body is read: a caller that is not the Nodo sends nothing further.
        onRequest: async (request, reply) => {
          const refused = gate({ ip: request.ip, headers: request.headers, socket: request.raw.socket });
          if (refused) {
            noteOnRequest(request, { pagopa: { refused: 'caller' }, reason: refused, warning: true });
            return sendXml(reply, 403, soapFault('Client', 'Access denied'));
          }
        },
        schema: {
          tags: ['pagoPA station'],
          summary: 'The creditor entity SOAP interface the pagoPA Nodo calls (paForNode, SANP 3.13.0)',
          description:
            'SOAP 1.1 document/literal, dispatched on the SOAPAction header: paVerifyPaymentNotice, paGetPayment, paGetPaymentV2, paSendRT, paSendRTV2. Messages as paForNode.wsdl defines them; requests are validated against paForNode.xsd (an invalid one gets outcome KO with PAA_SINTASSI_EXTRAXSD), and every response validates. Errors are outcome KO with a PAA_* fault, HTTP 200. Every refusal is a SOAP 1.1 Fault (text/xml), never problem+json: a body that is not a readable SOAP 1.1 envelope (empty, not XML, truncated, a DOCTYPE, nested too deep) or names no known operation gets HTTP 400; over 512 KiB 413; a content type other than text/xml, application/soap+xml or application/xml 415; a caller that is not the Nodo (IP allow-list, client certificate) 403. Not an API-key route.',
          consumes: XML_TYPES,
          produces: ['text/xml'],
          response: {
            200: {
              description: 'The operation response (outcome OK, or KO with a fault).',
              content: { 'text/xml': { schema: { type: 'string' } } },
            },
            400: {
              description: 'SOAP Fault: not a readable SOAP message, or unknown operation.',
              content: { 'text/xml': { schema: { type: 'string' } } },
            },
            403: {
              description: 'SOAP Fault: the caller is not the pagoPA Nodo.',
              content: { 'text/xml': { schema: { type: 'string' } } },
            },
            413: {
              description: 'SOAP Fault: the message is larger than 512 KiB.',
              content: { 'text/xml': { schema: { type: 'string' } } },
            },
            415: {
              description: 'SOAP Fault: the body is not XML (text/xml, application/soap+xml, application/xml).',
              content: { 'text/xml': { schema: { type: 'string' } } },
            },
          },
        },
      },
      async (request, reply) => {
        const started = performance.now();
        const { status, xml, log } = await handle(request, deps.station);
        const ms = Math.round((performance.now() - started) * 10) / 10;
        deps.metrics.stationCall(
          typeof log.operation === 'string' ? log.operation : 'unknown',
          log.outcome === 'OK' || log.outcome === 'KO' ? log.outcome : 'refused',
        );
        // The creditor the Nodo names is the request's entity; the notice number is not logged (ADR 0030).
        noteOnRequest(request, {
          pagopa: { ...log, ms },
          ...(typeof log.idPA === 'string' && { entity: log.idPA }),
          ...(log.warning !== undefined && { warning: log.warning }),
        });
        return sendXml(reply, status, xml);
      },
    );

    scope.get<{ Querystring: { wsdl?: string; xsd?: ServedXsd } }>(
      OPERATION_PATH,
      {
        schema: {
          tags: ['pagoPA station'],
          summary: 'The station interface: WSDL (?wsdl) or one of its XSDs (?xsd=paForNode.xsd)',
          description: "pagoPA's paForNode.wsdl with the service address set to this Cassa, and the XSDs it imports.",
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { wsdl: { type: 'string' }, xsd: { type: 'string', enum: [...SERVED_XSDS] } },
          },
          response: {
            200: { description: 'WSDL or XSD.', content: { 'text/xml': { schema: { type: 'string' } } } },
          },
        },
      },
      async (request, reply) => {
        const { xsd } = request.query;
        return reply
          .header('content-type', 'text/xml; charset=utf-8')
          .header('cache-control', 'public, max-age=3600')
          .send(interfaceFile(endpoint, xsd ?? 'wsdl'));
      },
    );
  }
}

/** What a refusal by Fastify itself (body too large, wrong content type, bad query) becomes. */
function soapRefusal(error: unknown): { status: number; faultCode: 'Client' | 'Server'; faultString: string } {
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  if (status === 413) {
    return { status, faultCode: 'Client', faultString: `The message is larger than ${MAX_SOAP_BYTES} bytes` };
  }
  if (status === 415) {
    return { status, faultCode: 'Client', faultString: 'The body must be a SOAP 1.1 envelope (text/xml)' };
  }
  if (status >= 400 && status < 500) {
    return { status, faultCode: 'Client', faultString: (error as Error).message.slice(0, 500) };
  }
  return { status: 500, faultCode: 'Server', faultString: 'Internal error; try again' };
}

interface Handled {
  status: number;
  xml: string;
  log: Record<string, unknown>;
}

const pagopaActor = (request: FastifyRequest) => requestActor(PAGOPA_PRINCIPAL, request);

/** The whole exchange: never throws, always an envelope to send. */
async function handle(request: FastifyRequest<{ Body: Buffer }>, station: StationService): Promise<Handled> {
  const body = request.body;
  if (!Buffer.isBuffer(body)) {
    return {
      status: 400,
      xml: soapFault('Client', 'The body must be a SOAP 1.1 envelope (text/xml)'),
      log: { refused: 'no-body' },
    };
  }
  let payload: XmlElement;
  try {
    payload = readEnvelope(body);
  } catch (error) {
    if (!(error instanceof SoapInputError)) throw error;
    return {
      status: 400,
      xml: soapFault('Client', `PAA_SINTASSI_EXTRAXSD: ${error.message}`),
      log: { refused: error.kind },
    };
  }
  const action = soapActionOf(request.headers.soapaction);
  const operation = action ?? byRequestElement.get(payload.name);
  if (operation === undefined || !isOperation(operation)) {
    return {
      status: 400,
      xml: soapFault('Client', `Unknown operation ${action ?? payload.name}`),
      log: { refused: 'unknown-operation', action },
    };
  }
  const idPA =
    payload.children
      .find((c) => c.name === 'idPA')
      ?.text.trim()
      .slice(0, 35) || 'Cassa';
  const log = { operation, idPA };
  const answer = (a: StationAnswer): Handled => {
    const xml = wrap(a.payload);
    // Last line of defence: an answer that does not validate is never sent (the tests keep it from happening).
    const problems = paForNodeSchema().validate(responsePayload(xml), {
      ns: PAFN,
      name: OPERATIONS[operation].response,
    });
    if (problems.length > 0) {
      request.log.error({ operation, problems }, 'pagoPA station: a response did not validate');
      const fallback = faultResponse(operation, fault('PAA_SYSTEM_ERROR', 'Internal error'), idPA);
      return { status: 200, xml: wrap(fallback), log: { ...log, outcome: 'KO', faultCode: 'PAA_SYSTEM_ERROR' } };
    }
    return {
      status: 200,
      xml,
      log: { ...log, outcome: a.outcome, faultCode: a.faultCode, intake: a.intake, warning: a.warning },
    };
  };
  const ko = (f: ReturnType<typeof fault>) =>
    answer({ payload: faultResponse(operation, f, idPA), outcome: 'KO', faultCode: f.code });

  const expected = OPERATIONS[operation].request;
  if (payload.ns !== PAFN || payload.name !== expected) {
    return ko(fault('PAA_SINTASSI_EXTRAXSD', `SOAPAction ${operation} needs a ${expected} element of ${PAFN}`));
  }
  const problems = paForNodeSchema().validate(payload, { ns: PAFN, name: expected });
  if (problems.length > 0) return ko(fault('PAA_SINTASSI_EXTRAXSD', describe(problems)));
  try {
    switch (operation) {
      case 'paVerifyPaymentNotice':
        return answer(await station.verify(readNoticeRequest(payload)));
      case 'paGetPayment':
      case 'paGetPaymentV2':
        return answer(await station.activate(operation, readActivationRequest(payload)));
      case 'paSendRT':
      case 'paSendRTV2':
        return answer(
          await station.receipt(operation, readReceiptRequest(payload), body.toString('utf8'), pagopaActor(request)),
        );
    }
  } catch (error) {
    if (error instanceof RequestProblem) return ko(fault('PAA_SEMANTICA', error.message));
    noteOnRequest(request, { err: error });
    return ko(fault('PAA_SYSTEM_ERROR', 'Internal error; try again'));
  }
}

function responsePayload(xml: string): XmlElement {
  return readEnvelope(Buffer.from(xml));
}
