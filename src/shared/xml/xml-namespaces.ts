import type { XmlAttribute } from './safe-xml.ts';
import { XML_NS, XMLNS_NS } from './xml-chars.ts';
import type { XmlErrorKind } from './xml-error.ts';

// Namespaces in XML 1.0 for one start tag: xmlns declarations open a new scope, prefixes of the
// element and its attributes are resolved in it, and an attribute may not appear twice under two
// prefixes bound to the same namespace.

/** An attribute as read from the tag: qualified name, decoded value, offset for error positions. */
export type RawAttribute = [name: string, value: string, at: number];

export type Fail = (kind: XmlErrorKind, message: string, at: number) => never;

/** Prefixes in scope at an element ('' = the default namespace). */
export interface NamespaceScope {
  /** The namespace URI bound to `prefix`, or undefined ('' for an undeclared default namespace). */
  get(prefix: string): string | undefined;
}

// Scopes are chained, not copied: an element declaring a prefix costs one small map however many
// prefixes are in scope, so a hostile message cannot make the parser copy large maps per element.
// Lookups walk at most maxDepth links.
class ChainedScope implements NamespaceScope {
  private readonly own: NamespaceScope;
  private readonly parent: ChainedScope | undefined;
  constructor(own: NamespaceScope, parent: ChainedScope | undefined) {
    this.own = own;
    this.parent = parent;
  }
  get(prefix: string): string | undefined {
    for (let scope: ChainedScope | undefined = this; scope !== undefined; scope = scope.parent) {
      const uri = scope.own.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }
}

/** The scope outside the root element: only the predeclared xml prefix. */
export const ROOT_SCOPE: NamespaceScope = new ChainedScope(new Map([['xml', XML_NS]]), undefined);

/** A new element of the tree being built (children and text are filled in by the parser). */
export interface BoundElement {
  name: string;
  ns: string;
  prefix: string;
  attributes: XmlAttribute[];
  children: BoundElement[];
  text: string;
  namespaces: NamespaceScope;
}

/** Resolves the names of a start tag `qname` (at offset `at`) with its raw attributes in `parentScope`. */
export function bindNamespaces(
  qname: string,
  raw: readonly RawAttribute[] | undefined,
  parentScope: NamespaceScope,
  at: number,
  fail: Fail,
): BoundElement {
  if (raw === undefined) {
    // No attributes (most SOAP elements): no declarations, nothing else to check.
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const ns = resolve(parentScope, prefix, qname, at, true, fail);
    return {
      name: colon === -1 ? qname : qname.slice(colon + 1),
      ns,
      prefix,
      attributes: [],
      children: [],
      text: '',
      namespaces: parentScope,
    };
  }
  for (let a = 0; a < raw.length; a++) {
    for (let b = a + 1; b < raw.length; b++) {
      if (raw[a]![0] === raw[b]![0]) fail('malformed', `attribute ${raw[b]![0]} is repeated`, raw[b]![2]);
    }
  }
  let declarations: Map<string, string> | undefined;
  for (const [name, value, where] of raw) {
    const declared = name === 'xmlns' ? '' : name.startsWith('xmlns:') ? name.slice(6) : undefined;
    if (declared === undefined) continue;
    checkDeclaration(declared, value, where, fail);
    declarations ??= new Map();
    declarations.set(declared, value);
  }
  const scope = declarations ? new ChainedScope(declarations, parentScope as ChainedScope) : parentScope;
  const [prefix, name] = splitQName(qname);
  const ns = resolve(scope, prefix, qname, at, true, fail);
  const attributes: XmlAttribute[] = [];
  for (const [rawName, value, where] of raw) {
    if (rawName === 'xmlns' || rawName.startsWith('xmlns:')) continue;
    const [attrPrefix, local] = splitQName(rawName);
    const attrNs = resolve(scope, attrPrefix, rawName, where, false, fail);
    if (attributes.some((seen) => seen.name === local && seen.ns === attrNs)) {
      fail('malformed', `attribute ${rawName} is repeated on <${qname}>`, where);
    }
    attributes.push({ name: local, ns: attrNs, prefix: attrPrefix, value });
  }
  return { name, ns, prefix, attributes, children: [], text: '', namespaces: scope };
}

function checkDeclaration(prefix: string, uri: string, at: number, fail: Fail): void {
  if (prefix === 'xmlns') fail('namespace', 'the xmlns prefix cannot be declared', at);
  if (prefix === 'xml' ? uri !== XML_NS : uri === XML_NS) {
    fail('namespace', 'the xml prefix and its namespace are bound only to each other', at);
  }
  if (uri === XMLNS_NS) fail('namespace', 'the xmlns namespace cannot be bound', at);
  if (prefix !== '' && uri === '') fail('namespace', `prefix ${prefix} cannot be undeclared`, at);
}

/** Unprefixed elements take the default namespace; unprefixed attributes have none. */
function resolve(
  scope: NamespaceScope,
  prefix: string,
  qname: string,
  at: number,
  isElement: boolean,
  fail: Fail,
): string {
  if (prefix === '') return isElement ? (scope.get('') ?? '') : '';
  const ns = scope.get(prefix);
  return ns ?? fail('namespace', `prefix ${prefix} of ${qname} is not declared`, at);
}

function splitQName(qname: string): [prefix: string, local: string] {
  const colon = qname.indexOf(':');
  return colon === -1 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}
