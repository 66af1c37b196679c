// pagoPA's paForNode interface files (SANP 3.13.0, kept verbatim under specs/pagopa): the XSD every
// request and response is validated against, compiled once per process, and the WSDL and XSDs as
// served to whoever configures the station, with their locations pointing back at this Cassa.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSchema, type Schema } from '../../../shared/xml/xsd.ts';

const SPECS = new URL('../../../../specs/pagopa/pagopa-api_SANP3.13.0/', import.meta.url);
const file = (path: string) => fileURLToPath(new URL(path, SPECS));

let compiled: Schema | undefined;

/** paForNode.xsd (with the common types it imports), compiled on first use. */
export function paForNodeSchema(): Schema {
  compiled ??= loadSchema(file('wsdl/xsd/paForNode.xsd'));
  return compiled;
}

/** The XSD files a client of the WSDL may fetch: `?xsd=<name>`. */
export const SERVED_XSDS = ['paForNode.xsd', 'sac-common-types-1.0.xsd'] as const;
export type ServedXsd = (typeof SERVED_XSDS)[number];

/**
 * The WSDL (or one of its XSDs) with the service address and the schema locations rewritten to
 * `endpoint` (the station's public URL), so a client can fetch the whole interface from Cassa.
 */
export function interfaceFile(endpoint: string, which: 'wsdl' | ServedXsd): string {
  const xsdUrl = (name: ServedXsd) => `${endpoint}?xsd=${name}`;
  switch (which) {
    case 'wsdl':
      return readFileSync(file('wsdl/paForNode.wsdl'), 'utf8')
        .replace(/(<soap:address\s+location=")[^"]*(")/, `$1${endpoint}$2`)
        .replace('schemaLocation="xsd/paForNode.xsd"', `schemaLocation="${xsdUrl('paForNode.xsd')}"`);
    case 'paForNode.xsd':
      return readFileSync(file('wsdl/xsd/paForNode.xsd'), 'utf8').replace(
        'schemaLocation="../../xsd-common/sac-common-types-1.0.xsd"',
        `schemaLocation="${xsdUrl('sac-common-types-1.0.xsd')}"`,
      );
    case 'sac-common-types-1.0.xsd':
      return readFileSync(file('xsd-common/sac-common-types-1.0.xsd'), 'utf8');
  }
}
