// Parse and validate figures for the SOAP station: `npm run bench:xml`.
// Prints microseconds per operation for a ~5 KB paSendRTV2 SOAP envelope (the largest call the Nodo makes).
import { readFileSync } from 'node:fs';
import { parseXml, type XmlElement } from '../src/shared/xml/safe-xml.ts';
import { element, serializeXml } from '../src/shared/xml/xml-writer.ts';
import { loadSchema } from '../src/shared/xml/xsd.ts';

const SPECS = new URL('../specs/pagopa/pagopa-api_SANP3.13.0/', import.meta.url);
const body = readFileSync(new URL('../src/shared/xml/testdata/paSendRTV2Request-full.xml', import.meta.url), 'utf8');
const envelope = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
    `<soapenv:Header/><soapenv:Body>\n${body}</soapenv:Body></soapenv:Envelope>\n`,
);

// CPU time (not wall time) of the best of five rounds: on a shared machine other processes inflate wall time.
function measure(label: string, iterations: number, run: () => unknown): void {
  for (let i = 0; i < Math.min(iterations, 5_000); i++) run(); // warm up the JIT
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / iterations);
  }
  console.log(`${label.padEnd(44)} ${best.toFixed(2).padStart(8)} µs/op`);
}

const loadStart = process.hrtime.bigint();
const schema = loadSchema(new URL('wsdl/xsd/paForNode.xsd', SPECS).pathname);
console.log(
  `${'load + compile paForNode.xsd (once)'.padEnd(44)} ${(Number(process.hrtime.bigint() - loadStart) / 1e6).toFixed(2).padStart(8)} ms`,
);
console.log(`paSendRTV2 SOAP envelope: ${envelope.length} bytes`);

const payload = (root: XmlElement) => root.children[1]!.children[0]!;
const parsed = parseXml(envelope);
if (schema.validate(payload(parsed)).length > 0) throw new Error('bench message is not valid');

// The same machine's speed at a comparable native job, to read the figures against (shared CI machines vary).
const json = Buffer.from(
  JSON.stringify({
    receipts: Array.from({ length: 40 }, (_, i) => ({ id: i, iban: 'IT60X0542811101000000123456', amount: '1500.00' })),
  }),
);
measure(`reference: JSON.parse of ${json.length} bytes`, 10_000, () => JSON.parse(json.toString('utf8')));
measure('parseXml(Buffer)', 10_000, () => parseXml(envelope));
measure('schema.validate(paSendRTV2Request)', 10_000, () => schema.validate(payload(parsed)));
measure('parse + validate', 10_000, () => schema.validate(payload(parseXml(envelope))));
const response = () =>
  serializeXml(
    element(
      { ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Envelope' },
      element(
        { ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Body' },
        element(
          { ns: 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd', name: 'paSendRTV2Response' },
          element('outcome', 'OK'),
        ),
      ),
    ),
    {
      prefixes: {
        soapenv: 'http://schemas.xmlsoap.org/soap/envelope/',
        pafn: 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd',
      },
    },
  );
measure('build + serialize paSendRTV2Response', 10_000, response);
