// SOAP 1.1 envelopes of the paForNode interface (document/literal): reading the one payload element
// out of a request, and wrapping a response payload. A request that is not even a readable SOAP
// message (not XML, a DOCTYPE, too large or deep, no Body) gets a SOAP Fault with HTTP 400: there is
// no operation to answer KO in. Everything else is answered with the operation's own response.
import { parseXml, type XmlElement, XmlError } from '../../../shared/xml/safe-xml.ts';
import { element, serializeXml, type XmlNode } from '../../../shared/xml/xml-writer.ts';

export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
/** The namespace of paForNode's request and response elements (their children are unqualified). */
export const PAFN = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

/** Largest request accepted: a paSendRTV2 with five marca-da-bollo attachments is well under this. */
export const MAX_SOAP_BYTES = 512 * 1024;

const LIMITS = { maxBytes: MAX_SOAP_BYTES, maxDepth: 16, maxElements: 2_000, maxAttributes: 16 };

/** A request that cannot be read as a SOAP message. */
export class SoapInputError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.name = 'SoapInputError';
    this.kind = kind;
  }
}

/** The Body's single element of a SOAP 1.1 envelope; throws SoapInputError. */
export function readEnvelope(body: Uint8Array): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(body, LIMITS);
  } catch (error) {
    if (error instanceof XmlError) throw new SoapInputError(error.kind, error.message);
    throw error;
  }
  if (root.ns !== SOAP_ENV || root.name !== 'Envelope') {
    throw new SoapInputError('not-soap', `the root element must be a SOAP 1.1 Envelope (${SOAP_ENV})`);
  }
  const parts = root.children.filter((c) => c.ns === SOAP_ENV);
  const bodyElement = parts.find((c) => c.name === 'Body');
  if (!bodyElement || root.children.some((c) => c.ns !== SOAP_ENV || (c.name !== 'Header' && c.name !== 'Body'))) {
    throw new SoapInputError('not-soap', 'the Envelope must hold an optional Header and a Body');
  }
  if (bodyElement.children.length !== 1) {
    throw new SoapInputError('not-soap', 'the Body must hold exactly one element');
  }
  return bodyElement.children[0]!;
}

const PREFIXES = { soapenv: SOAP_ENV, pafn: PAFN };

/** The response envelope around one paForNode payload. */
export function envelope(payload: XmlNode): string {
  return serializeXml(element({ ns: SOAP_ENV, name: 'Envelope' }, element({ ns: SOAP_ENV, name: 'Body' }, payload)), {
    prefixes: PREFIXES,
  });
}

/** A SOAP 1.1 Fault envelope, for requests that are not readable SOAP messages. */
export function soapFault(faultCode: 'Client' | 'Server', faultString: string): string {
  return serializeXml(
    element(
      { ns: SOAP_ENV, name: 'Envelope' },
      element(
        { ns: SOAP_ENV, name: 'Body' },
        element(
          { ns: SOAP_ENV, name: 'Fault' },
          element('faultcode', `soapenv:${faultCode}`),
          element('faultstring', faultString),
        ),
      ),
    ),
    { prefixes: { soapenv: SOAP_ENV } },
  );
}

/** The operation a SOAPAction header names: quotes stripped, and only the part after a last '/' or '#'. */
export function soapActionOf(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return undefined;
  const action = raw.trim().replace(/^"|"$/g, '').trim();
  const name = action.slice(Math.max(action.lastIndexOf('/'), action.lastIndexOf('#')) + 1);
  return name === '' ? undefined : name;
}
