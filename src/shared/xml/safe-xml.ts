import { ASCII_NAME, decodeReferences, isNameChar, isNameStartChar, positionOf } from './xml-chars.ts';
import { XmlError, type XmlErrorKind } from './xml-error.ts';
import { decodeXmlInput } from './xml-input.ts';
import {
  type BoundElement,
  bindNamespaces,
  type NamespaceScope,
  type RawAttribute,
  ROOT_SCOPE,
} from './xml-namespaces.ts';

// A strict, non-validating XML 1.0 + Namespaces parser for the SOAP messages the pagoPA Nodo sends.
// The attack surface is kept tiny on purpose: no DTD (any DOCTYPE is refused before parsing starts,
// so entity declarations, XXE and entity expansion cannot exist), no processing instructions, only
// UTF-8, and every size that an attacker controls is bounded while parsing.

export { XmlError, type XmlErrorKind } from './xml-error.ts';
export type { NamespaceScope } from './xml-namespaces.ts';

/** An attribute; xmlns declarations are not attributes (they are resolved into `ns`). */
export interface XmlAttribute {
  readonly name: string;
  /** Namespace URI; '' for unprefixed attributes (they are never in the default namespace). */
  readonly ns: string;
  readonly prefix: string;
  readonly value: string;
}

/** An element of the parsed tree. */
export interface XmlElement {
  /** Local name (without prefix). */
  readonly name: string;
  /** Namespace URI resolved from the xmlns declarations in scope; '' when the element has none. */
  readonly ns: string;
  /** Prefix as written; '' when unprefixed. */
  readonly prefix: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** This element's own character data (text and CDATA, references decoded), concatenated. */
  readonly text: string;
  /** Prefixes in scope ('' = default namespace), for content holding QNames (XSD `type="tns:x"`). */
  readonly namespaces: NamespaceScope;
}

export interface XmlParseOptions {
  /** Largest accepted input in UTF-8 bytes, checked before parsing (default 1 MiB). */
  readonly maxBytes?: number;
  /** Deepest element nesting; the root is depth 1 (default 32). */
  readonly maxDepth?: number;
  /** Most elements in the document (default 10 000). */
  readonly maxElements?: number;
  /** Most attributes on one element, xmlns declarations included (default 32). */
  readonly maxAttributes?: number;
}

export const XML_PARSE_DEFAULTS = {
  maxBytes: 1024 * 1024,
  maxDepth: 32,
  maxElements: 10_000,
  maxAttributes: 32,
} as const satisfies Required<XmlParseOptions>;

type Element = BoundElement;

interface Frame {
  readonly element: Element;
  /** The tag name as written, which the end tag must repeat exactly. */
  readonly qname: string;
}

// Outside XML 1.0's Char production: C0 controls and U+FFFE/U+FFFF. Lone surrogates, the rest, cannot come
// out of validated UTF-8 and are checked separately for string input (a non-unicode regex is much faster).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding forbidden control characters is the point
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const XML_DECL = /<\?xml([ \t\n][^?]*)?\?>/y;
const DECL_BODY =
  /^[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])([^"']*)\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])([^"']*)\3)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\5)?[ \t\n]*$/;

/** Parse one XML document (UTF-8 bytes or a string) into its root element; throws XmlError. */
export function parseXml(input: Uint8Array | string, options: XmlParseOptions = {}): XmlElement {
  const limits = { ...XML_PARSE_DEFAULTS, ...options };
  const text = decodeXmlInput(input, limits.maxBytes);
  return new Parser(text, limits).parseDocument();
}

class Parser {
  private readonly s: string;
  private readonly limits: Required<XmlParseOptions>;
  private i = 0;
  private elements = 0;
  private readonly stack: Frame[] = [];
  private readonly fail = (kind: XmlErrorKind, message: string, at: number): never => {
    throw this.error(kind, message, at);
  };

  constructor(s: string, limits: Required<XmlParseOptions>) {
    this.s = s;
    this.limits = limits;
  }

  parseDocument(): XmlElement {
    const bad = INVALID_CHAR.exec(this.s);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      throw this.error('malformed', `character U+${code} is not allowed in XML`, bad.index);
    }
    this.parseDeclaration();
    this.skipMisc();
    if (this.s.charCodeAt(this.i) !== 0x3c /* < */) throw this.error('malformed', 'no root element');
    const root = this.parseStartTag();
    if (this.stack.length > 0) this.parseContent();
    this.skipMisc();
    if (this.i < this.s.length) throw this.error('malformed', 'content after the root element');
    return root;
  }

  private parseDeclaration(): void {
    XML_DECL.lastIndex = 0;
    const decl = XML_DECL.exec(this.s);
    if (!decl) return;
    const body = DECL_BODY.exec(decl[1] ?? '');
    if (!body) throw this.error('malformed', 'malformed XML declaration', 0);
    if (body[2] !== '1.0') throw this.error('malformed', `XML version ${body[2]} is not supported (only 1.0)`, 0);
    if (body[4] !== undefined && body[4].toLowerCase() !== 'utf-8') {
      throw this.error('encoding', `declared encoding ${body[4]} is not accepted; only UTF-8`, 0);
    }
    this.i = decl[0].length;
  }

  /** Whitespace and comments, allowed before and after the root element. */
  private skipMisc(): void {
    const s = this.s;
    for (;;) {
      this.skipSpace();
      if (!s.startsWith('<!', this.i) && !s.startsWith('<?', this.i)) return;
      if (s.startsWith('<!--', this.i)) this.skipComment();
      else this.refuseMarkup();
    }
  }

  private parseContent(): void {
    const s = this.s;
    while (this.stack.length > 0) {
      const lt = s.indexOf('<', this.i);
      if (lt === -1) throw this.error('malformed', `element <${this.top().qname}> is not closed`, s.length);
      if (lt > this.i) this.appendText(lt);
      this.i = lt;
      const next = s.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) this.parseEndTag();
      else if (next === 0x21 /* ! */) {
        if (s.startsWith('<!--', lt)) this.skipComment();
        else if (s.startsWith('<![CDATA[', lt)) this.appendCdata();
        else this.refuseMarkup();
      } else if (next === 0x3f /* ? */) this.refuseMarkup();
      else this.parseStartTag();
    }
  }

  private appendText(end: number): void {
    const raw = this.s.slice(this.i, end);
    const cdataEnd = raw.indexOf(']]>');
    if (cdataEnd !== -1) throw this.error('malformed', "']]>' is not allowed in text", this.i + cdataEnd);
    const element = this.top().element;
    element.text += raw.indexOf('&') === -1 ? raw : this.decode(raw, this.i, false);
  }

  private appendCdata(): void {
    const start = this.i + 9;
    const end = this.s.indexOf(']]>', start);
    if (end === -1) throw this.error('malformed', 'CDATA section is not closed');
    this.top().element.text += this.s.slice(start, end);
    this.i = end + 3;
  }

  private skipComment(): void {
    const end = this.s.indexOf('--', this.i + 4);
    if (end === -1) throw this.error('malformed', 'comment is not closed');
    if (this.s.charCodeAt(end + 2) !== 0x3e) throw this.error('malformed', "'--' is not allowed inside a comment", end);
    this.i = end + 3;
  }

  /** `<!…` other than comments/CDATA and every `<?…` after the declaration. */
  private refuseMarkup(): never {
    const s = this.s;
    if (s.startsWith('<!', this.i)) {
      if (s.slice(this.i + 2, this.i + 9).toUpperCase() === 'DOCTYPE') {
        throw this.error('doctype', 'DOCTYPE declarations are not accepted');
      }
      const what = s.startsWith('<![CDATA[', this.i) ? 'CDATA section outside the root element' : 'markup declaration';
      throw this.error('malformed', `${what} is not allowed`);
    }
    const target = this.readName(this.i + 2);
    if (target.toLowerCase() === 'xml')
      throw this.error('malformed', 'the XML declaration is only allowed at the start');
    throw this.error('processing-instruction', `processing instruction <?${target}?> is not accepted`);
  }

  private parseStartTag(): Element {
    const s = this.s;
    const tagStart = this.i;
    if (this.stack.length >= this.limits.maxDepth) {
      throw this.error('too-deep', `elements are nested deeper than ${this.limits.maxDepth}`);
    }
    if (++this.elements > this.limits.maxElements) {
      throw this.error('too-many-elements', `the document has more than ${this.limits.maxElements} elements`);
    }
    const qname = this.readQName(tagStart + 1);
    this.i = tagStart + 1 + qname.length;
    let raw: RawAttribute[] | undefined;
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = s.charCodeAt(this.i);
      if (c === 0x3e /* > */ || (c === 0x2f /* / */ && s.charCodeAt(this.i + 1) === 0x3e)) break;
      if (Number.isNaN(c)) throw this.error('malformed', `start tag <${qname}> is not closed`);
      if (!hadSpace) throw this.error('malformed', `expected whitespace, '>' or '/>' in <${qname}>`);
      raw ??= [];
      if (raw.length >= this.limits.maxAttributes) {
        throw this.error('too-many-attributes', `<${qname}> has more than ${this.limits.maxAttributes} attributes`);
      }
      raw.push(this.parseAttribute());
    }
    const selfClosing = s.charCodeAt(this.i) === 0x2f;
    this.i += selfClosing ? 2 : 1;
    const element = this.buildElement(qname, raw, tagStart);
    if (this.stack.length > 0) this.top().element.children.push(element);
    if (!selfClosing) this.stack.push({ element, qname });
    return element;
  }

  private parseAttribute(): RawAttribute {
    const s = this.s;
    const at = this.i;
    const name = this.readQName(at);
    this.i = at + name.length;
    this.skipSpace();
    if (s.charCodeAt(this.i) !== 0x3d /* = */) throw this.error('malformed', `attribute ${name} has no value`);
    this.i++;
    this.skipSpace();
    const quote = s[this.i];
    if (quote !== '"' && quote !== "'") throw this.error('malformed', `the value of attribute ${name} is not quoted`);
    const end = s.indexOf(quote, this.i + 1);
    if (end === -1) throw this.error('malformed', `the value of attribute ${name} is not closed`);
    const rawValue = s.slice(this.i + 1, end);
    const lt = rawValue.indexOf('<');
    if (lt !== -1) throw this.error('malformed', `'<' is not allowed in attribute values`, this.i + 1 + lt);
    const value = /[&\t\n]/.test(rawValue) ? this.decode(rawValue, this.i + 1, true) : rawValue;
    this.i = end + 1;
    return [name, value, at];
  }

  private buildElement(qname: string, raw: RawAttribute[] | undefined, at: number): Element {
    const parentScope = this.stack.length > 0 ? this.top().element.namespaces : ROOT_SCOPE;
    return bindNamespaces(qname, raw, parentScope, at, this.fail);
  }

  private parseEndTag(): void {
    const { qname } = this.top();
    const s = this.s;
    // Compare in place with the start tag's name, then make sure the name does not go on.
    const after = s.codePointAt(this.i + 2 + qname.length);
    if (!s.startsWith(qname, this.i + 2) || (after !== undefined && isNameChar(after))) {
      const found = this.readQName(this.i + 2);
      throw this.error('malformed', `end tag </${found}> does not match start tag <${qname}>`);
    }
    this.i += 2 + qname.length;
    this.skipSpace();
    if (this.s.charCodeAt(this.i) !== 0x3e) throw this.error('malformed', `end tag </${qname}> is not closed`);
    this.i++;
    this.stack.pop();
  }

  /** A Name per XML 1.0 starting at `at`, which must be a valid QName (at most one colon, both parts NCNames). */
  private readQName(at: number): string {
    const name = this.readName(at);
    const colon = name.indexOf(':');
    if (colon !== -1) {
      const local = name.codePointAt(colon + 1);
      if (colon === 0 || name.indexOf(':', colon + 1) !== -1 || local === undefined || !isNameStartChar(local)) {
        throw this.error('namespace', `${name} is not a valid qualified name`, at);
      }
    }
    return name;
  }

  private readName(at: number): string {
    const s = this.s;
    let j = at;
    // ASCII fast path: most names are plain letters and digits.
    const head = s.charCodeAt(j);
    if (head < 0x80 && (ASCII_NAME[head]! & 1) !== 0) {
      let c = s.charCodeAt(++j);
      while (c < 0x80 && ASCII_NAME[c]! !== 0) c = s.charCodeAt(++j);
      if (!(c >= 0x80)) return s.slice(at, j); // NaN at the end of input also lands here
    }
    const first = s.codePointAt(j);
    if (first === undefined || (j === at && !isNameStartChar(first)))
      throw this.error('malformed', 'expected a name', at);
    if (j === at) j += first > 0xffff ? 2 : 1;
    for (;;) {
      const c = s.codePointAt(j);
      if (c === undefined || !isNameChar(c)) break;
      j += c > 0xffff ? 2 : 1;
    }
    return s.slice(at, j);
  }

  /** Skips XML whitespace; says whether there was any. */
  private skipSpace(): boolean {
    const s = this.s;
    const start = this.i;
    let c = s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x09) c = s.charCodeAt(++this.i);
    return this.i > start;
  }

  private decode(raw: string, offset: number, attribute: boolean): string {
    const result = decodeReferences(raw, attribute);
    if (typeof result === 'string') return result;
    throw this.error(result.kind, result.message, offset + result.at);
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private error(kind: XmlError['kind'], message: string, at = this.i): XmlError {
    return new XmlError(kind, message, positionOf(this.s, at));
  }
}
