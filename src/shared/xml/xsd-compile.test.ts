import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseXml } from './safe-xml.ts';
import { xmllintVerdicts } from './xmllint.testkit.ts';
import { loadSchema, XsdCompileError } from './xsd.ts';

// Loading schemas: the pagoPA files compile; everything outside the supported subset (or not a valid
// schema) is refused when the schema is loaded, never silently accepted while validating.

const SPECS = new URL('../../../specs/pagopa/pagopa-api_SANP3.13.0/', import.meta.url);
const spec = (path: string) => new URL(path, SPECS).pathname;

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cassa-xsd-compile-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A schema document around `body`, written to a file (plus extra files: name → content). */
function schemaFile(body: string, extra: Record<string, string> = {}): string {
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  const path = join(dir, `s${Math.random().toString(36).slice(2)}.xsd`);
  writeFileSync(
    path,
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">${body}</xs:schema>`,
  );
  return path;
}

function refuses(body: string, message: RegExp, extra?: Record<string, string>): void {
  const path = schemaFile(body, extra);
  assert.throws(
    () => loadSchema(path),
    (error) => error instanceof XsdCompileError && message.test(error.message),
  );
}

const UNSUPPORTED = /unsupported XSD construct/;
const seq = (inner: string) => `<xs:complexType name="c"><xs:sequence>${inner}</xs:sequence></xs:complexType>`;

describe('loading the pagoPA schemas', () => {
  it('compiles paForNode.xsd with its import, and FlussoRiversamento', () => {
    const paForNode = loadSchema(spec('wsdl/xsd/paForNode.xsd'));
    assert.equal(paForNode.elementNames.length, 12);
    assert.ok(paForNode.elementNames.includes('{http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd}paSendRTV2Request'));
    assert.deepEqual(loadSchema(spec('xsd-common/FlussoRiversamento_1_0_5.xsd')).elementNames, [
      '{http://www.digitpa.gov.it/schemas/2011/Pagamenti/}FlussoRiversamento',
    ]);
  });

  it('refuses the schemas that need constructs outside the subset', () => {
    // MarcaDaBollo imports xmldsig-core (attributes, xs:any, mixed content); nodeForPa uses nillable.
    for (const path of [
      'xsd-common/MarcaDaBollo.xsd',
      'xsd-common/xmldsig-core-schema.xsd',
      'wsdl/xsd/nodeForPa.xsd',
    ]) {
      assert.throws(
        () => loadSchema(spec(path)),
        (e) => e instanceof XsdCompileError && UNSUPPORTED.test(e.message),
        path,
      );
    }
  });
});

describe('constructs outside the subset are refused at load time', () => {
  const cases: [string, string][] = [
    ['xs:any', seq('<xs:any/>')],
    ['xs:all', '<xs:complexType name="c"><xs:all><xs:element name="a" type="xs:string"/></xs:all></xs:complexType>'],
    ['xs:group', `<xs:group name="g"><xs:sequence/></xs:group>${seq('<xs:group ref="t:g"/>')}`],
    ['xs:attribute', '<xs:complexType name="c"><xs:attribute name="a" type="xs:string"/></xs:complexType>'],
    ['xs:attributeGroup', '<xs:complexType name="c"><xs:attributeGroup ref="t:g"/></xs:complexType>'],
    ['xs:anyAttribute', '<xs:complexType name="c"><xs:sequence/><xs:anyAttribute/></xs:complexType>'],
    [
      'xs:simpleContent',
      '<xs:complexType name="c"><xs:simpleContent><xs:extension base="xs:string"/></xs:simpleContent></xs:complexType>',
    ],
    [
      'complexContent restriction',
      `${seq('')}<xs:complexType name="d"><xs:complexContent><xs:restriction base="t:c"/></xs:complexContent></xs:complexType>`,
    ],
    ['mixed content', '<xs:complexType name="c" mixed="true"><xs:sequence/></xs:complexType>'],
    ['abstract type', '<xs:complexType name="c" abstract="true"><xs:sequence/></xs:complexType>'],
    ['xs:list', '<xs:simpleType name="s"><xs:list itemType="xs:int"/></xs:simpleType>'],
    ['xs:union', '<xs:simpleType name="s"><xs:union memberTypes="xs:int xs:date"/></xs:simpleType>'],
    [
      'substitutionGroup',
      '<xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string" substitutionGroup="t:a"/>',
    ],
    ['default value', seq('<xs:element name="a" type="xs:string" default="x"/>')],
    ['fixed value', '<xs:element name="a" type="xs:string" fixed="x"/>'],
    ['nillable', seq('<xs:element name="a" type="xs:string" nillable="true"/>')],
    ['element without type', seq('<xs:element name="a"/>')],
    ['xs:anyType', '<xs:element name="a" type="xs:anyType"/>'],
    ['xs:float', '<xs:element name="a" type="xs:float"/>'],
    ['xs:anyURI', '<xs:element name="a" type="xs:anyURI"/>'],
    [
      'identity constraint',
      '<xs:element name="a" type="xs:string"><xs:key name="k"><xs:selector xpath="."/><xs:field xpath="."/></xs:key></xs:element>',
    ],
    [
      '\\i in a pattern',
      '<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:pattern value="\\i\\c*"/></xs:restriction></xs:simpleType>',
    ],
    [
      'block escape in a pattern',
      '<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:pattern value="\\p{IsBasicLatin}"/></xs:restriction></xs:simpleType>',
    ],
    [
      'enumeration on a date',
      '<xs:simpleType name="s"><xs:restriction base="xs:date"><xs:enumeration value="2026-01-01"/></xs:restriction></xs:simpleType>',
    ],
    [
      'range on a date',
      '<xs:simpleType name="s"><xs:restriction base="xs:date"><xs:minInclusive value="2026-01-01"/></xs:restriction></xs:simpleType>',
    ],
    ['xs:include', '<xs:include schemaLocation="other.xsd"/>'],
    ['global xs:attribute', '<xs:attribute name="a" type="xs:string"/>'],
    ['import without schemaLocation', '<xs:import namespace="urn:other"/>'],
    [
      'unknown facet',
      '<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:assertion test="true()"/></xs:restriction></xs:simpleType>',
    ],
  ];
  for (const [what, body] of cases) {
    it(what, () => refuses(body, UNSUPPORTED));
  }
});

describe('invalid schemas are refused at load time', () => {
  const cases: [string, string, RegExp][] = [
    [
      'maxLength on a decimal',
      '<xs:simpleType name="s"><xs:restriction base="xs:decimal"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>',
      /does not apply/,
    ],
    [
      'enumeration on a boolean',
      '<xs:simpleType name="s"><xs:restriction base="xs:boolean"><xs:enumeration value="true"/></xs:restriction></xs:simpleType>',
      /enumeration/,
    ],
    [
      'enumeration value outside the base type',
      '<xs:simpleType name="s"><xs:restriction base="xs:int"><xs:enumeration value="x"/></xs:restriction></xs:simpleType>',
      /not a valid xs:int/,
    ],
    [
      'widening maxLength',
      '<xs:simpleType name="a"><xs:restriction base="xs:string"><xs:maxLength value="3"/></xs:restriction></xs:simpleType><xs:simpleType name="b"><xs:restriction base="t:a"><xs:maxLength value="4"/></xs:restriction></xs:simpleType>',
      /widens/,
    ],
    [
      'loosening whiteSpace',
      '<xs:simpleType name="s"><xs:restriction base="xs:token"><xs:whiteSpace value="preserve"/></xs:restriction></xs:simpleType>',
      /looser/,
    ],
    [
      'repeated facet',
      '<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:maxLength value="3"/><xs:maxLength value="2"/></xs:restriction></xs:simpleType>',
      /repeated/,
    ],
    [
      'bad pattern',
      '<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:pattern value="[a-"/></xs:restriction></xs:simpleType>',
      /pattern/,
    ],
    [
      'reversed range in a pattern',
      '<xs:simpleType name="s"><xs:restriction base="xs:string"><xs:pattern value="[z-a]"/></xs:restriction></xs:simpleType>',
      /reversed/,
    ],
    [
      'minOccurs above maxOccurs',
      seq('<xs:element name="a" type="xs:string" minOccurs="3" maxOccurs="2"/>'),
      /greater than maxOccurs/,
    ],
    [
      'ambiguous content model',
      seq('<xs:element name="a" type="xs:string" minOccurs="0"/><xs:element name="a" type="xs:int"/>'),
      /not deterministic/,
    ],
    ['undeclared type', '<xs:element name="a" type="t:missing"/>', /not declared/],
    ['undeclared prefix', '<xs:element name="a" type="q:missing"/>', /prefix q/],
    ['namespace not imported', '<xs:element name="a" type="x:b" xmlns:x="urn:x"/>', /not imported/],
    [
      'circular derivation',
      '<xs:simpleType name="a"><xs:restriction base="t:b"/></xs:simpleType><xs:simpleType name="b"><xs:restriction base="t:a"/></xs:simpleType>',
      /derived from itself/,
    ],
    [
      'duplicate declaration',
      '<xs:element name="a" type="xs:string"/><xs:element name="a" type="xs:int"/>',
      /declared twice/,
    ],
    [
      'import of a file with another namespace',
      '<xs:import namespace="urn:x" schemaLocation="other-ns.xsd"/>',
      /not the imported namespace/,
    ],
  ];
  for (const [what, body, message] of cases) {
    it(what, () =>
      refuses(body, message, {
        'other-ns.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:y"/>',
      }),
    );
  }

  it('parses schema files with the safe parser (a DOCTYPE in a schema is refused too)', () => {
    const path = join(dir, 'doctype.xsd');
    writeFileSync(path, '<!DOCTYPE xs:schema><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>');
    assert.throws(() => loadSchema(path), /DOCTYPE/);
  });
});

describe('FlussoRiversamento (qualified local elements, unbounded occurrences)', () => {
  const XSD = spec('xsd-common/FlussoRiversamento_1_0_5.xsd');
  const schema = loadSchema(XSD);
  const payment = (iuv: string, esito = '0', indice = '') =>
    `<identificativoUnivocoVersamento>${iuv}</identificativoUnivocoVersamento>` +
    `<identificativoUnivocoRiscossione>R${iuv}</identificativoUnivocoRiscossione>${indice}` +
    `<singoloImportoPagato>10.00</singoloImportoPagato><codiceEsitoSingoloPagamento>${esito}</codiceEsitoSingoloPagamento>` +
    '<dataEsitoSingoloPagamento>2026-03-10</dataEsitoSingoloPagamento>';
  const flusso = ({ id = '2026-03-11ABI03069-S001', total = '2', payments = [payment('1'), payment('2')] } = {}) =>
    `<FlussoRiversamento xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/"><versioneOggetto>1.0</versioneOggetto>` +
    `<identificativoFlusso>${id}</identificativoFlusso><dataOraFlusso>2026-03-11T08:00:00</dataOraFlusso>` +
    '<identificativoUnivocoRegolamento>SCT-1</identificativoUnivocoRegolamento><dataRegolamento>2026-03-11</dataRegolamento>' +
    '<istitutoMittente><identificativoUnivocoMittente><tipoIdentificativoUnivoco>B</tipoIdentificativoUnivoco>' +
    '<codiceIdentificativoUnivoco>ABI03069</codiceIdentificativoUnivoco></identificativoUnivocoMittente></istitutoMittente>' +
    '<istitutoRicevente><identificativoUnivocoRicevente><tipoIdentificativoUnivoco>G</tipoIdentificativoUnivoco>' +
    '<codiceIdentificativoUnivoco>77777777777</codiceIdentificativoUnivoco></identificativoUnivocoRicevente></istitutoRicevente>' +
    `<numeroTotalePagamenti>${total}</numeroTotalePagamenti><importoTotalePagamenti>20.00</importoTotalePagamenti>` +
    `${payments.map((p) => `<datiSingoliPagamenti>${p}</datiSingoliPagamenti>`).join('')}</FlussoRiversamento>`;
  const cases: [string, string, boolean][] = [
    ['a valid flow', flusso(), true],
    ['twenty payments', flusso({ payments: Array.from({ length: 20 }, (_, i) => payment(String(i), '9')) }), true],
    [
      'an index within 1..5',
      flusso({ payments: [payment('1', '0', '<indiceDatiSingoloPagamento>5</indiceDatiSingoloPagamento>')] }),
      true,
    ],
    ['no payments', flusso({ payments: [] }), false],
    [
      'an index of 6',
      flusso({ payments: [payment('1', '0', '<indiceDatiSingoloPagamento>6</indiceDatiSingoloPagamento>')] }),
      false,
    ],
    ['esito 5', flusso({ payments: [payment('1', '5')] }), false],
    ['a flow id with a dot', flusso({ id: 'flow.1' }), false],
    ['a total of 0', flusso({ total: '0' }), false],
    ['a total of 1.5', flusso({ total: '1.5' }), false],
    ['a total of 16 digits', flusso({ total: '1234567890123456' }), false],
    [
      'unqualified children',
      flusso()
        .replace(
          ' xmlns="http://www.digitpa.gov.it/schemas/2011/Pagamenti/"',
          ' xmlns:p="http://www.digitpa.gov.it/schemas/2011/Pagamenti/"',
        )
        .replace('<FlussoRiversamento', '<p:FlussoRiversamento')
        .replace('</FlussoRiversamento>', '</p:FlussoRiversamento>'),
      false,
    ],
  ];
  let libxml2: boolean[] = [];
  before(() => {
    libxml2 = xmllintVerdicts(
      XSD,
      cases.map(([, xml]) => xml),
    );
  });
  cases.forEach(([what, xml, valid], i) => {
    it(`${valid ? 'valid' : 'invalid'}: ${what}`, () => {
      const problems = schema.validate(parseXml(xml));
      assert.equal(libxml2[i], valid, 'libxml2 verdict');
      assert.equal(problems.length === 0, valid, JSON.stringify(problems));
    });
  });
});

describe('Schema.validate', () => {
  const schema = loadSchema(spec('wsdl/xsd/paForNode.xsd'));
  const ok = parseXml(
    '<p:paSendRTV2Response xmlns:p="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><outcome>OK</outcome></p:paSendRTV2Response>',
  );

  it('checks the element against the declaration asked for', () => {
    assert.deepEqual(schema.validate(ok, 'paSendRTV2Response'), []);
    assert.deepEqual(schema.validate(ok, 'paSendRTRes'), [
      {
        path: '/p:paSendRTV2Response',
        message:
          'element {http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd}paSendRTV2Response is not declared here; expected {http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd}paSendRTRes',
      },
    ]);
  });

  it('refuses xsi:type and xsi:nil rather than ignoring them', () => {
    const typed = parseXml(
      '<p:paSendRTV2Response xmlns:p="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><outcome xsi:type="xs:string">OK</outcome></p:paSendRTV2Response>',
    );
    assert.deepEqual(schema.validate(typed), [
      { path: '/p:paSendRTV2Response/outcome', message: 'attribute xsi:type is not allowed' },
    ]);
  });

  it('throws on a declaration name the schema does not have (a programming error, not a bad message)', () => {
    assert.throws(() => schema.validate(ok, 'paSendRTV2Req'), /declares 0 global elements named paSendRTV2Req/);
    assert.throws(() => schema.validate(ok, { ns: 'urn:x', name: 'paSendRTV2Response' }), /no global element/);
  });
});
