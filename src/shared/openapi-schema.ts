// Validators compiled from the components of an OpenAPI file (pagoPA's, under specs/pagopa), so that
// what Cassa sends to pagoPA — and what its fakes and its sandbox accept — is what pagoPA specifies.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/** A function listing the problems of a value against `#/components/schemas/<schema>` (compiled on first use). */
export function openApiValidator(specFile: URL, schema: string): (value: unknown) => string[] {
  let check: ((value: unknown) => string[]) | undefined;
  return (value) => {
    if (!check) {
      const spec = JSON.parse(readFileSync(specFile, 'utf8')) as { components: object };
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats.default(ajv);
      const validate = ajv.compile({ $ref: `#/components/schemas/${schema}`, components: spec.components });
      check = (v) => (validate(v) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
    }
    return check(value);
  };
}
