// A fast-check arbitrary of the values a JSON schema accepts, for the OpenAPI 3 schemas pagoPA
// publishes (gpd_v3.json). Small on purpose: it knows the keywords those schemas use — $ref, type,
// format (date-time, int64, int32), enum, minimum/maximum, minLength/maxLength, pattern, required,
// properties, items, minItems/maxItems, uniqueItems, nullable — and throws on any other type.
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
}

export interface SchemaArbitraryOptions {
  /** `#/components/schemas/<name>` targets. */
  components: Record<string, JsonSchema>;
  /**
   * Values for properties of these names, mixed in with what the schema alone gives (never
   * instead of it): a schema cannot say what a fiscal code or an IBAN is, so pure schema values
   * would almost never pass a business rule. Each hint must itself satisfy the schema.
   */
  hints?: Record<string, fc.Arbitrary<unknown>>;
  /** Only the hint for a hinted property (default: the hint four times in five, the schema's once). */
  hintsOnly?: boolean;
  /** Arrays get at most minItems + this many items (default 2), whatever maxItems allows. */
  extraItems?: number;
  /** Strings get at most this many characters more than minLength when maxLength allows more (default 40). */
  extraLength?: number;
}

const INT64_CAP = 1e12; // beyond Cassa's cent limit (99 999 999 999), within a safe integer

/** An arbitrary of values valid against `schema`. */
export function schemaArbitrary(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  return build(schema, options);
}

function build(schema: JsonSchema, o: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = o.components[name];
    if (!target) throw new Error(`unknown $ref ${schema.$ref}`);
    return fc.constant(null).chain(() => build(target, o));
  }
  const value = buildType(schema, o);
  return schema.nullable ? fc.option(value, { nil: null }) : value;
}

function buildType(schema: JsonSchema, o: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const cap = schema.format === 'int32' ? 2 ** 31 - 1 : INT64_CAP;
      return fc.integer({ min: schema.minimum ?? -cap, max: schema.maximum ?? cap });
    }
    case 'string':
      return stringOf(schema, o);
    case 'array':
      return arrayOf(schema, o);
    case 'object':
      return objectOf(schema, o);
    default:
      throw new Error(`schema type ${schema.type} is not supported`);
  }
}

function stringOf(schema: JsonSchema, o: SchemaArbitraryOptions): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    // RFC 3339, as the format requires: in UTC or with a Rome offset.
    return fc
      .tuple(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.boolean(),
      )
      .map(([d, utc]) => {
        const iso = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
        if (utc) return iso;
        const shifted = new Date(d.getTime() + 3_600_000).toISOString().slice(0, 19);
        return `${shifted}+01:00`;
      });
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? Number.POSITIVE_INFINITY, minLength + (o.extraLength ?? 40));
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
  }
  return fc.string({ minLength, maxLength });
}

function arrayOf(schema: JsonSchema, o: SchemaArbitraryOptions): fc.Arbitrary<unknown[]> {
  if (!schema.items) throw new Error('an array schema without items');
  const item = build(schema.items, o);
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.min(schema.maxItems ?? Number.POSITIVE_INFINITY, minLength + (o.extraItems ?? 2));
  return schema.uniqueItems
    ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(item, { minLength, maxLength });
}

function objectOf(schema: JsonSchema, o: SchemaArbitraryOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) {
    const plain = build(sub, o);
    const hint = o.hints?.[name];
    if (!hint) record[name] = plain;
    else record[name] = o.hintsOnly ? hint : fc.oneof({ weight: 1, arbitrary: plain }, { weight: 4, arbitrary: hint });
  }
  const requiredKeys = (schema.required ?? []).filter((k) => k in properties);
  // JSON bodies: plain objects (fast-check may otherwise make some without a prototype).
  return fc.record(record, { requiredKeys, noNullPrototype: true });
}
