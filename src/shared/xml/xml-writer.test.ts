import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseXml, XmlError } from './safe-xml.ts';
import { isXmlChar } from './xml-chars.ts';
import {
  attr,
  element,
  escapeAttribute,
  escapeText,
  optional,
  serializeXml,
  stripInvalidXmlChars,
} from './xml-writer.ts';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const PAFN = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
const PREFIXES = { soapenv: SOAP, pafn: PAFN };

/** Strings of any code points, with XML's special characters made frequent. */
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ']]>', '\r', '\n', '\r\n', '\t', ' ', '&amp;') },
  ),
  maxLength: 40,
});

const isRepresentable = (text: string) => [...text].every((c) => isXmlChar(c.codePointAt(0)!));

function writeError(run: () => unknown, kind: XmlError['kind']): void {
  assert.throws(run, (error) => error instanceof XmlError && error.kind === kind);
}

describe('serializeXml', () => {
  it('writes a SOAP response with prefixes declared once, on the root', () => {
    const xml = serializeXml(
      element(
        { ns: SOAP, name: 'Envelope' },
        element(
          { ns: SOAP, name: 'Body' },
          element(
            { ns: PAFN, name: 'paVerifyPaymentNoticeRes' },
            element('outcome', 'KO'),
            element(
              'fault',
              element('faultCode', 'PAA_PAGAMENTO_SCONOSCIUTO'),
              element('faultString', "Pagamento in attesa risulta sconosciuto all'Ente Creditore"),
              element('id', '77777777777'),
              optional('description', undefined),
            ),
          ),
        ),
      ),
      { prefixes: PREFIXES },
    );
    assert.equal(
      xml,
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP}" xmlns:pafn="${PAFN}">` +
        '<soapenv:Body><pafn:paVerifyPaymentNoticeRes><outcome>KO</outcome><fault>' +
        '<faultCode>PAA_PAGAMENTO_SCONOSCIUTO</faultCode>' +
        "<faultString>Pagamento in attesa risulta sconosciuto all'Ente Creditore</faultString>" +
        '<id>77777777777</id></fault></pafn:paVerifyPaymentNoticeRes></soapenv:Body></soapenv:Envelope>',
    );
    const body = parseXml(xml).children[0]!.children[0]!;
    assert.deepEqual([body.name, body.ns], ['paVerifyPaymentNoticeRes', PAFN]);
  });

  it('declares only the namespaces in use and skips null, undefined and false content', () => {
    const node = element('a', attr('id', '1'), null, undefined, false, [element('b'), [element('c', '')]]);
    assert.equal(serializeXml(node, { prefixes: PREFIXES, declaration: false }), '<a id="1"><b/><c/></a>');
  });

  it('writes namespaced attributes and the xml prefix without declaring it', () => {
    const xml = serializeXml(
      element({ ns: PAFN, name: 'a' }, attr({ ns: 'http://www.w3.org/XML/1998/namespace', name: 'lang' }, 'it')),
      { prefixes: PREFIXES, declaration: false },
    );
    assert.equal(xml, `<pafn:a xmlns:pafn="${PAFN}" xml:lang="it"/>`);
  });

  it('escapes markup in text and attributes, and never writes ]]>', () => {
    const xml = serializeXml(element('a', attr('t', 'x"<&>\'\t\n\r'), '<b>&amp; ]]> \r'), { declaration: false });
    assert.equal(xml, '<a t="x&quot;&lt;&amp;&gt;\'&#9;&#10;&#13;">&lt;b&gt;&amp;amp; ]]&gt; &#13;</a>');
  });

  it('refuses names, prefixes and namespaces it cannot write', () => {
    writeError(() => element('1a'), 'invalid-name');
    writeError(() => element('a:b'), 'invalid-name');
    writeError(() => element('a b'), 'invalid-name');
    writeError(() => element(''), 'invalid-name');
    writeError(() => attr('x y', '1'), 'invalid-name');
    writeError(() => element('a', attr('x', '1'), attr('x', '2')), 'invalid-name');
    writeError(() => serializeXml(element({ ns: 'urn:unknown', name: 'a' })), 'invalid-name');
    writeError(() => serializeXml(element('a'), { prefixes: { xmlfoo: 'urn:a' } }), 'invalid-name');
    writeError(() => serializeXml(element('a'), { prefixes: { 'a:b': 'urn:a' } }), 'invalid-name');
    writeError(() => serializeXml(element('a'), { prefixes: { a: 'urn:a', b: 'urn:a' } }), 'invalid-name');
    writeError(() => serializeXml(element('a'), { prefixes: { a: '' } }), 'invalid-name');
  });

  it('refuses characters XML 1.0 cannot carry, in text and attributes', () => {
    for (const bad of ['\u0000', 'a\u0007b', '\u001B[31m', '\uFFFE', '\uD800', 'x\uDC00']) {
      writeError(() => element('a', bad), 'invalid-char');
      writeError(() => attr('a', bad), 'invalid-char');
      writeError(() => escapeText(bad), 'invalid-char');
      writeError(() => escapeAttribute(bad), 'invalid-char');
    }
  });

  it('strips those characters only when asked', () => {
    assert.equal(stripInvalidXmlChars('Mario\u0000 Rossi\u001B\uFFFF 😀\uD800'), 'Mario Rossi 😀');
  });
});

describe('escaping round-trips through the parser', () => {
  it('returns any representable text unchanged, and refuses the rest', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        if (!isRepresentable(text)) {
          writeError(() => element('a', text), 'invalid-char');
          return;
        }
        const parsed = parseXml(serializeXml(element('a', text)));
        assert.equal(parsed.text, text);
      }),
      { numRuns: 5_000 },
    );
  });

  it('returns any representable attribute value unchanged', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        fc.pre(isRepresentable(value));
        const parsed = parseXml(serializeXml(element('a', attr('v', value))));
        assert.equal(parsed.attributes[0]!.value, value);
      }),
      { numRuns: 5_000 },
    );
  });

  it('keeps nested structure and namespaces', () => {
    const leaf = fc.tuple(fc.constantFrom('idPA', 'e-mail', 'x.y', 'città', '_a1'), anyText.filter(isRepresentable));
    fc.assert(
      fc.property(fc.array(leaf, { maxLength: 8 }), (leaves) => {
        const root = element({ ns: PAFN, name: 'r' }, ...leaves.map(([name, text]) => element(name, text)));
        const parsed = parseXml(serializeXml(root, { prefixes: PREFIXES }));
        assert.equal(parsed.ns, PAFN);
        assert.deepEqual(
          parsed.children.map((c) => [c.name, c.ns, c.text]),
          leaves.map(([name, text]) => [name, '', text]),
        );
      }),
      { numRuns: 1_000 },
    );
  });
});
