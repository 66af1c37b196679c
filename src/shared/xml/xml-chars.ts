import type { XmlErrorKind, XmlPosition } from './xml-error.ts';

// Character-level rules of XML 1.0 (fifth edition) shared by the parser and the writer.

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

// ASCII lookup: bit 1 = may start a name, bit 2 = may continue one (':' included, as in XML 1.0;
// qualified names are checked where they are read).
export const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 3;
  else if (/[-.0-9]/.test(ch)) ASCII_NAME[c] = 2;
}

/** NameStartChar of XML 1.0 (5th edition), colon included. */
export function isNameStartChar(cp: number): boolean {
  if (cp < 0x80) return (ASCII_NAME[cp]! & 1) !== 0;
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

/** NameChar of XML 1.0 (5th edition), colon included. */
export function isNameChar(cp: number): boolean {
  if (cp < 0x80) return ASCII_NAME[cp]! !== 0;
  return cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x203f && cp <= 0x2040) || isNameStartChar(cp);
}

/** An NCName: a name without colons, as used for local names and prefixes. */
export function isNCName(name: string): boolean {
  if (name.length === 0 || name.includes(':')) return false;
  let first = true;
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (first ? !isNameStartChar(cp) : !isNameChar(cp)) return false;
    first = false;
  }
  return true;
}

/** Char of XML 1.0: what a document may contain, literally or through a character reference. */
export function isXmlChar(cp: number): boolean {
  return cp >= 0x20
    ? cp <= 0xd7ff || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
    : cp === 0x09 || cp === 0x0a || cp === 0x0d;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export interface ReferenceProblem {
  readonly kind: XmlErrorKind;
  readonly message: string;
  /** Offset in the raw text. */
  readonly at: number;
}

/**
 * Replaces the five predefined entity references and character references in `raw`. Attribute values
 * also get XML 3.3.3 normalization (literal tab and newline become spaces; referenced ones stay).
 */
export function decodeReferences(raw: string, attribute: boolean): string | ReferenceProblem {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); ; amp = raw.indexOf('&', from)) {
    const literal = raw.slice(from, amp === -1 ? raw.length : amp);
    out += attribute ? literal.replace(/[\t\n]/g, ' ') : literal;
    if (amp === -1) return out;
    const semi = raw.indexOf(';', amp + 1);
    // No legal reference is longer than `&#x10FFFF;` with a few leading zeros; bound the scan.
    if (semi === -1 || semi - amp > 32) return { kind: 'malformed', message: "'&' must start a reference", at: amp };
    const name = raw.slice(amp + 1, semi);
    if (name.charCodeAt(0) === 0x23 /* # */) {
      const cp = parseCharRef(name);
      if (cp === undefined) return { kind: 'malformed', message: `&${name}; is not a character reference`, at: amp };
      if (!isXmlChar(cp)) return { kind: 'entity', message: `&${name}; refers to a forbidden character`, at: amp };
      out += String.fromCodePoint(cp);
    } else {
      const value = PREDEFINED[name];
      if (value === undefined) {
        return { kind: 'entity', message: `unknown entity &${name}; (only the five predefined ones)`, at: amp };
      }
      out += value;
    }
    from = semi + 1;
  }
}

/** `#65` or `#x41` (without & and ;) to its code point; undefined when malformed or beyond U+10FFFF. */
function parseCharRef(name: string): number | undefined {
  const hex = name.charCodeAt(1) === 0x78; /* x */
  const start = hex ? 2 : 1;
  if (name.length === start) return undefined;
  let cp = 0;
  for (let i = start; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const digit =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : hex && c >= 0x61 && c <= 0x66
          ? c - 0x57
          : hex && c >= 0x41 && c <= 0x46
            ? c - 0x37
            : -1;
    if (digit === -1) return undefined;
    cp = cp * (hex ? 16 : 10) + digit;
    if (cp > 0x10ffff) return undefined;
  }
  return cp;
}

/** Line and column of an offset in the (line-end normalized) document text. */
export function positionOf(text: string, offset: number): XmlPosition {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
