import { isNCName, XML_NS } from './xml-chars.ts';
import { XmlError } from './xml-error.ts';

// Building XML responses as a tree of nodes, serialized in one place that escapes every value, so no
// raw value is ever concatenated into markup. Namespaces are part of each name ({ ns, name }); prefixes
// are chosen only when writing, from a map given by the caller, and declared once on the root.
//
// Characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF)
// are refused with XmlError('invalid-char') rather than dropped: silently changing a payment message is
// worse than failing loudly. Callers that prefer to drop them say so with stripInvalidXmlChars().

/** A name without namespace (pagoPA's unqualified child elements), or a namespace-qualified one. */
export type XmlName = string | { readonly ns: string; readonly name: string };

export interface XmlNode {
  readonly kind: 'element';
  readonly ns: string;
  readonly name: string;
  readonly attributes: readonly XmlNodeAttribute[];
  readonly children: readonly (XmlNode | string)[];
}

export interface XmlNodeAttribute {
  readonly kind: 'attribute';
  readonly ns: string;
  readonly name: string;
  readonly value: string;
}

/** What element() accepts: children, text, attributes; null/undefined/false are skipped (optional parts). */
export type XmlContent = XmlNode | XmlNodeAttribute | string | null | undefined | false | readonly XmlContent[];

export interface SerializeOptions {
  /** prefix → namespace URI; every namespace used in the tree needs one (the xml namespace excepted). */
  readonly prefixes?: Readonly<Record<string, string>>;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>` (default true). */
  readonly declaration?: boolean;
}

// Anything outside XML 1.0's Char production.
const INVALID_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Builds an element; strings become text, attr() values become attributes, arrays are flattened. */
export function element(name: XmlName, ...content: XmlContent[]): XmlNode {
  const { ns, name: local } = checkName(name);
  const attributes: XmlNodeAttribute[] = [];
  const children: (XmlNode | string)[] = [];
  addContent(content, attributes, children);
  return { kind: 'element', ns, name: local, attributes, children };
}

/** An attribute for element(). */
export function attr(name: XmlName, value: string): XmlNodeAttribute {
  const { ns, name: local } = checkName(name);
  assertXmlChars(value);
  return { kind: 'attribute', ns, name: local, value };
}

/** `<name>value</name>`, or nothing when value is undefined (XSD minOccurs="0" fields). */
export function optional(name: XmlName, value: string | undefined): XmlNode | undefined {
  return value === undefined ? undefined : element(name, value);
}

/** Escapes text content; `>` is always escaped so `]]>` can never appear, CR as &#13; so it survives parsing. */
export function escapeText(text: string): string {
  assertXmlChars(text);
  return text.replace(TEXT_SPECIAL, (c) => ENTITIES[c]!);
}

/** Escapes a value for a double-quoted attribute; tab/LF/CR as references so normalization keeps them. */
export function escapeAttribute(value: string): string {
  assertXmlChars(value);
  return value.replace(ATTRIBUTE_SPECIAL, (c) => ENTITIES[c]!);
}

/** Removes the characters XML 1.0 cannot represent, for callers that choose dropping over refusing. */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_CHARS, '');
}

/** Writes the tree as a UTF-8-ready string; namespace declarations go on the root. */
export function serializeXml(root: XmlNode, options: SerializeOptions = {}): string {
  const prefixOf = new Map<string, string>();
  for (const [prefix, uri] of Object.entries(options.prefixes ?? {})) {
    if (!isNCName(prefix) || prefix.toLowerCase().startsWith('xml')) {
      throw new XmlError('invalid-name', `${prefix} cannot be used as a namespace prefix`);
    }
    if (uri === '' || uri === XML_NS)
      throw new XmlError('invalid-name', `prefix ${prefix} cannot be bound to "${uri}"`);
    if (prefixOf.has(uri)) throw new XmlError('invalid-name', `namespace ${uri} has two prefixes`);
    prefixOf.set(uri, prefix);
  }
  prefixOf.set(XML_NS, 'xml');
  const used = new Set<string>();
  collectNamespaces(root, used);
  let declarations = '';
  for (const [uri, prefix] of prefixOf) {
    if (used.has(uri) && uri !== XML_NS) declarations += ` xmlns:${prefix}="${escapeAttribute(uri)}"`;
  }
  const xml = writeElement(root, prefixOf, declarations);
  return options.declaration === false ? xml : `<?xml version="1.0" encoding="UTF-8"?>${xml}`;
}

function collectNamespaces(node: XmlNode, used: Set<string>): void {
  if (node.ns !== '') used.add(node.ns);
  for (const attribute of node.attributes) if (attribute.ns !== '') used.add(attribute.ns);
  for (const child of node.children) if (typeof child !== 'string') collectNamespaces(child, used);
}

function writeElement(node: XmlNode, prefixOf: Map<string, string>, declarations: string): string {
  const tag = qualified(node.ns, node.name, prefixOf);
  let out = `<${tag}${declarations}`;
  for (const attribute of node.attributes) {
    out += ` ${qualified(attribute.ns, attribute.name, prefixOf)}="${escapeAttribute(attribute.value)}"`;
  }
  if (node.children.length === 0) return `${out}/>`;
  out += '>';
  for (const child of node.children) {
    out += typeof child === 'string' ? escapeText(child) : writeElement(child, prefixOf, '');
  }
  return `${out}</${tag}>`;
}

function qualified(ns: string, name: string, prefixOf: Map<string, string>): string {
  if (ns === '') return name;
  const prefix = prefixOf.get(ns);
  if (prefix === undefined) throw new XmlError('invalid-name', `no prefix given for namespace ${ns}`);
  return `${prefix}:${name}`;
}

function addContent(content: readonly XmlContent[], attributes: XmlNodeAttribute[], children: (XmlNode | string)[]) {
  for (const item of content) {
    if (item === null || item === undefined || item === false) continue;
    if (typeof item === 'string') {
      assertXmlChars(item);
      if (item !== '') children.push(item);
    } else if (Array.isArray(item)) addContent(item as readonly XmlContent[], attributes, children);
    else if ((item as XmlNode | XmlNodeAttribute).kind === 'attribute') {
      const attribute = item as XmlNodeAttribute;
      if (attributes.some((a) => a.name === attribute.name && a.ns === attribute.ns)) {
        throw new XmlError('invalid-name', `attribute ${attribute.name} given twice`);
      }
      attributes.push(attribute);
    } else children.push(item as XmlNode);
  }
}

function checkName(name: XmlName): { ns: string; name: string } {
  const qname = typeof name === 'string' ? { ns: '', name } : name;
  if (!isNCName(qname.name))
    throw new XmlError('invalid-name', `${JSON.stringify(qname.name)} is not a valid XML name`);
  return qname;
}

function assertXmlChars(text: string): void {
  INVALID_CHARS.lastIndex = 0;
  const bad = INVALID_CHARS.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new XmlError('invalid-char', `character U+${code} cannot be written in XML 1.0 (at index ${bad.index})`);
  }
}
