import {
  base64Octets,
  compareDecimal,
  type DecimalValue,
  decimalValue,
  isValidLexical,
  type Primitive,
  totalDigits,
} from './xsd-lexical.ts';
import { translateXsdPattern } from './xsd-regex.ts';

// XSD simple types: the built-ins the pagoPA schemas use and restrictions of them by facets. A derived
// type keeps the facets of its whole derivation chain flattened (ANDed), so checking a value is one
// pass. Problems never quote the value itself: it may be personal data, and problems end up in logs.

export type WhiteSpace = 'preserve' | 'replace' | 'collapse';

export interface SimpleType {
  readonly kind: 'simple';
  /** For messages: `xs:int`, `{namespace}stAmount`, or `anonymous type in …`. */
  readonly name: string;
  readonly primitive: Primitive;
  /** The nearest built-in type, named in "is not a valid xs:…" problems. */
  readonly builtin: string;
  readonly whiteSpace: WhiteSpace;
  /** Integer built-ins narrow decimal's lexical space: no fraction, and no sign for the unsigned ones. */
  readonly lexical: RegExp | undefined;
  readonly minLength: number;
  readonly maxLength: number;
  /** Each group is one derivation step's patterns (ORed); all groups must match. */
  readonly patterns: readonly { readonly sources: readonly string[]; readonly regexes: readonly RegExp[] }[];
  /** Each entry is one derivation step's enumeration (normalized lexical values); all must contain the value. */
  readonly enumerations: readonly (readonly string[])[];
  readonly bounds: readonly Bound[];
  readonly totalDigits: number;
  readonly fractionDigits: number;
}

interface Bound {
  readonly facet: 'minInclusive' | 'maxInclusive' | 'minExclusive' | 'maxExclusive';
  readonly text: string;
  readonly value: DecimalValue;
}

/** A facet as written in the schema. */
export interface FacetSpec {
  readonly facet: string;
  readonly value: string;
}

/** The schema is not in the supported subset, or is not a valid schema; thrown while compiling. */
export class XsdCompileError extends Error {
  override name = 'XsdCompileError';
}

const WHITESPACE_ORDER: readonly WhiteSpace[] = ['preserve', 'replace', 'collapse'];
const INTEGER_RANGES: Readonly<Record<string, readonly [min?: string, max?: string]>> = {
  integer: [],
  long: ['-9223372036854775808', '9223372036854775807'],
  int: ['-2147483648', '2147483647'],
  short: ['-32768', '32767'],
  byte: ['-128', '127'],
  nonNegativeInteger: ['0'],
  positiveInteger: ['1'],
  nonPositiveInteger: [undefined, '0'],
  negativeInteger: [undefined, '-1'],
  unsignedLong: ['0', '18446744073709551615'],
  unsignedInt: ['0', '4294967295'],
  unsignedShort: ['0', '65535'],
  unsignedByte: ['0', '255'],
};

function primitiveType(name: string, primitive: Primitive, whiteSpace: WhiteSpace): SimpleType {
  return {
    kind: 'simple',
    name: `xs:${name}`,
    primitive,
    builtin: name,
    whiteSpace,
    lexical: undefined,
    minLength: 0,
    maxLength: Number.POSITIVE_INFINITY,
    patterns: [],
    enumerations: [],
    bounds: [],
    totalDigits: Number.POSITIVE_INFINITY,
    fractionDigits: Number.POSITIVE_INFINITY,
  };
}

/** The supported built-in simple types by local name (namespace http://www.w3.org/2001/XMLSchema). */
export const BUILTIN_TYPES: ReadonlyMap<string, SimpleType> = (() => {
  const types = new Map<string, SimpleType>();
  types.set('string', primitiveType('string', 'string', 'preserve'));
  types.set('normalizedString', primitiveType('normalizedString', 'string', 'replace'));
  types.set('token', primitiveType('token', 'string', 'collapse'));
  for (const name of ['boolean', 'decimal', 'date', 'dateTime', 'base64Binary'] as const) {
    types.set(name, primitiveType(name, name, 'collapse'));
  }
  const decimal = types.get('decimal')!;
  for (const [name, [min, max]] of Object.entries(INTEGER_RANGES)) {
    const bounds: Bound[] = [];
    if (min !== undefined) bounds.push({ facet: 'minInclusive', text: min, value: decimalValue(min) });
    if (max !== undefined) bounds.push({ facet: 'maxInclusive', text: max, value: decimalValue(max) });
    const lexical = name.startsWith('unsigned') ? /^\d+$/ : /^[+-]?\d+$/;
    types.set(name, { ...decimal, name: `xs:${name}`, builtin: name, lexical, fractionDigits: 0, bounds });
  }
  return types;
})();

/** Derives a type from `base` by the facets of one xsd:restriction. */
export function restrictSimpleType(base: SimpleType, name: string, facets: readonly FacetSpec[]): SimpleType {
  const fail = (message: string): never => {
    throw new XsdCompileError(`${name}: ${message}`);
  };
  const seen = new Set<string>();
  let type: SimpleType = { ...base, name };
  const patterns: string[] = [];
  const enumeration: string[] = [];
  const hasLength = base.primitive === 'string' || base.primitive === 'base64Binary';
  const isDecimal = base.primitive === 'decimal';
  for (const { facet, value } of facets) {
    if (facet !== 'pattern' && facet !== 'enumeration') {
      if (seen.has(facet)) fail(`facet ${facet} is repeated`);
      seen.add(facet);
    }
    switch (facet) {
      case 'pattern':
        patterns.push(value);
        break;
      case 'enumeration':
        enumeration.push(value);
        break;
      case 'whiteSpace': {
        const order = WHITESPACE_ORDER.indexOf(value as WhiteSpace);
        if (order === -1) fail(`whiteSpace ${value} is not preserve, replace or collapse`);
        if (order < WHITESPACE_ORDER.indexOf(base.whiteSpace))
          fail(`whiteSpace ${value} is looser than the base type's`);
        type = { ...type, whiteSpace: value as WhiteSpace };
        break;
      }
      case 'length':
      case 'minLength':
      case 'maxLength': {
        if (!hasLength) fail(`facet ${facet} does not apply to ${base.builtin}`);
        const n = nonNegative(value, fail);
        const min = facet === 'maxLength' ? type.minLength : n;
        const max = facet === 'minLength' ? type.maxLength : n;
        if (min < type.minLength || max > type.maxLength || min > max) fail(`facet ${facet}=${n} widens the base type`);
        type = { ...type, minLength: min, maxLength: max };
        break;
      }
      case 'minInclusive':
      case 'maxInclusive':
      case 'minExclusive':
      case 'maxExclusive': {
        if (!isDecimal) fail(`unsupported XSD construct: facet ${facet} on ${base.builtin} (only on decimal types)`);
        const problem = checkSimpleValue(base, value);
        if (problem !== undefined) fail(`${facet} value ${value} ${problem}`);
        const text = normalizeWhiteSpace('collapse', value);
        type = { ...type, bounds: [...type.bounds, { facet, text, value: decimalValue(text) }] };
        break;
      }
      case 'totalDigits':
      case 'fractionDigits': {
        if (!isDecimal) fail(`facet ${facet} does not apply to ${base.builtin}`);
        const n = nonNegative(value, fail);
        if (facet === 'totalDigits' && n === 0) fail('totalDigits must be positive');
        if (n > type[facet]) fail(`facet ${facet}=${n} widens the base type`);
        type = { ...type, [facet]: n };
        break;
      }
      default:
        fail(`unsupported XSD construct: facet ${facet}`);
    }
  }
  if (patterns.length > 0) {
    const regexes = patterns.map((source) => {
      try {
        return translateXsdPattern(source);
      } catch (error) {
        return fail((error as Error).message);
      }
    });
    type = { ...type, patterns: [...type.patterns, { sources: patterns, regexes }] };
  }
  if (enumeration.length > 0) {
    if (base.primitive === 'boolean') fail('facet enumeration does not apply to boolean');
    if (base.primitive !== 'string' && !isDecimal) {
      fail(`unsupported XSD construct: facet enumeration on ${base.builtin} (only on string and decimal types)`);
    }
    const values = enumeration.map((value) => {
      const problem = checkSimpleValue(base, value);
      if (problem !== undefined) fail(`enumeration value ${JSON.stringify(value)} ${problem}`);
      return normalizeWhiteSpace(type.whiteSpace, value);
    });
    type = { ...type, enumerations: [...type.enumerations, values] };
  }
  return type;
}

/** Undefined when `raw` (element text as parsed) is a valid value of the type, else what is wrong. */
export function checkSimpleValue(type: SimpleType, raw: string): string | undefined {
  const value = normalizeWhiteSpace(type.whiteSpace, raw);
  if (!isValidLexical(type.primitive, value) || (type.lexical && !type.lexical.test(value))) {
    return `is not a valid xs:${type.builtin}`;
  }
  if (type.minLength > 0 || type.maxLength !== Number.POSITIVE_INFINITY) {
    // Checked before patterns: it also bounds the work a pattern can do on a hostile value.
    const length = type.primitive === 'base64Binary' ? base64Octets(value)! : codePoints(value);
    const unit = type.primitive === 'base64Binary' ? 'bytes' : 'characters';
    if (type.minLength === type.maxLength && length !== type.minLength) {
      return `has ${length} ${unit}; exactly ${type.minLength} required`;
    }
    if (length < type.minLength) return `has ${length} ${unit}; at least ${type.minLength} required`;
    if (length > type.maxLength) return `has ${length} ${unit}; at most ${type.maxLength} allowed`;
  }
  for (const group of type.patterns) {
    if (!group.regexes.some((regex) => regex.test(value))) {
      return `does not match the pattern ${group.sources.join(' | ')}`;
    }
  }
  for (const values of type.enumerations) {
    if (!values.some((allowed) => sameValue(type.primitive, allowed, value))) {
      const shown = values.length > 10 ? `${values.slice(0, 10).join(', ')}, …` : values.join(', ');
      return `is not one of the allowed values (${shown})`;
    }
  }
  if (type.primitive === 'decimal') return checkDecimalFacets(type, decimalValue(value));
  return undefined;
}

function checkDecimalFacets(type: SimpleType, value: DecimalValue): string | undefined {
  for (const bound of type.bounds) {
    const order = compareDecimal(value, bound.value);
    if (bound.facet === 'minInclusive' && order < 0) return `is less than the minimum ${bound.text}`;
    if (bound.facet === 'maxInclusive' && order > 0) return `is greater than the maximum ${bound.text}`;
    if (bound.facet === 'minExclusive' && order <= 0) return `must be greater than ${bound.text}`;
    if (bound.facet === 'maxExclusive' && order >= 0) return `must be less than ${bound.text}`;
  }
  if (totalDigits(value) > type.totalDigits) return `has more than ${type.totalDigits} digits`;
  if (value.fraction.length > type.fractionDigits) {
    return type.fractionDigits === 0 ? 'must be a whole number' : `has more than ${type.fractionDigits} decimal places`;
  }
  return undefined;
}

function sameValue(primitive: Primitive, a: string, b: string): boolean {
  return primitive === 'decimal' ? compareDecimal(decimalValue(a), decimalValue(b)) === 0 : a === b;
}

/** XSD whiteSpace processing: replace turns tab/LF/CR into spaces; collapse also trims and squeezes spaces. */
export function normalizeWhiteSpace(mode: WhiteSpace, value: string): string {
  if (mode === 'preserve' || !/[\t\n\r]|^ | $| {2}/.test(value)) return value;
  const replaced = value.replace(/[\t\n\r]/g, ' ');
  return mode === 'replace' ? replaced : replaced.replace(/ {2,}/g, ' ').replace(/^ | $/g, ''); // not trim(): only #x20 is XML space
}

function codePoints(value: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) surrogatePairs++;
  }
  return value.length - surrogatePairs;
}

function nonNegative(value: string, fail: (message: string) => never): number {
  const text = value.trim();
  if (!/^\+?\d{1,9}$/.test(text)) fail(`${value} is not a non-negative integer (or is too large)`);
  return Number(text);
}
