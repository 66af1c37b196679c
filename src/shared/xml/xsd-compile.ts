import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseXml, type XmlElement } from './safe-xml.ts';
import {
  buildAutomaton,
  type ComplexType,
  type ElementDecl,
  elementKey,
  type Particle,
  type TypeDefinition,
} from './xsd-content-model.ts';
import {
  BUILTIN_TYPES,
  type FacetSpec,
  restrictSimpleType,
  type SimpleType,
  XsdCompileError,
} from './xsd-simple-types.ts';

// Loads XSD files (with our own safe parser) and compiles the subset the pagoPA schemas use. Everything
// outside that subset throws XsdCompileError("unsupported XSD construct …") here, at load time, so the
// validator never meets a construct it would silently accept. Supported: xs:import by schemaLocation;
// global elements, complexTypes and simpleTypes; sequence/choice with minOccurs/maxOccurs; local elements
// (name+type, inline types, ref) honouring elementFormDefault/form; complexContent/extension; simpleType
// restriction with the facets of xsd-simple-types.ts. `block`/`final`/`blockDefault`/`finalDefault` are
// accepted and ignored: they only matter for xsi:type and substitution groups, which are refused.

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

export interface CompiledSchema {
  /** Global element declarations by elementKey(namespace, name). */
  readonly elements: ReadonlyMap<string, ElementDecl>;
}

interface SchemaDocument {
  readonly path: string;
  readonly targetNamespace: string;
  readonly elementQualified: boolean;
  /** Namespaces whose components this document may reference: its own, imported ones, XSD's. */
  readonly visible: Set<string>;
}

interface Raw {
  readonly el: XmlElement;
  readonly doc: SchemaDocument;
}

const FACETS = new Set([
  'length',
  'minLength',
  'maxLength',
  'pattern',
  'enumeration',
  'whiteSpace',
  'minInclusive',
  'maxInclusive',
  'minExclusive',
  'maxExclusive',
  'totalDigits',
  'fractionDigits',
]);

/** Loads the schema files (and what they import) and compiles them; throws XsdCompileError. */
export function compileSchemaFiles(paths: readonly string[]): CompiledSchema {
  const compiler = new Compiler();
  for (const path of paths) compiler.load(resolve(path), undefined);
  return compiler.compile();
}

class Compiler {
  private readonly docs = new Map<string, SchemaDocument>();
  private readonly rawTypes = new Map<string, Raw>();
  private readonly rawElements = new Map<string, Raw>();
  private readonly elements = new Map<string, ElementDecl>();
  private readonly types = new Map<string, TypeDefinition>();
  private readonly inProgress = new Set<string>();
  private readonly complexTypes: ComplexType[] = [];

  load(path: string, expectedNamespace: string | undefined): void {
    const known = this.docs.get(path);
    if (known) {
      if (expectedNamespace !== undefined && known.targetNamespace !== expectedNamespace) {
        throw new XsdCompileError(`${basename(path)}: imported for namespace ${expectedNamespace}`);
      }
      return;
    }
    // Schema files are ours, not the network's, but they go through the same strict parser.
    const root = parseXml(readFileSync(path), { maxBytes: 16 * 1024 * 1024, maxElements: 1_000_000, maxDepth: 64 });
    const where = basename(path);
    if (root.ns !== XSD_NS || root.name !== 'schema') throw new XsdCompileError(`${where}: not an XML Schema`);
    const attributes = this.attributes(root, where, [
      'targetNamespace',
      'elementFormDefault',
      'attributeFormDefault',
      'version',
      'blockDefault',
      'finalDefault',
    ]);
    const targetNamespace = attributes.targetNamespace ?? '';
    if (expectedNamespace !== undefined && targetNamespace !== expectedNamespace) {
      throw new XsdCompileError(`${where}: targetNamespace is not the imported namespace ${expectedNamespace}`);
    }
    const doc: SchemaDocument = {
      path,
      targetNamespace,
      elementQualified: this.form(attributes.elementFormDefault, false, where),
      visible: new Set([targetNamespace, XSD_NS]),
    };
    this.docs.set(path, doc);
    for (const child of this.xsdChildren(root, where)) {
      const name = attribute(child, 'name');
      const key = elementKey(targetNamespace, name ?? '');
      switch (child.name) {
        case 'import': {
          const { namespace = '', schemaLocation } = this.attributes(child, where, ['namespace', 'schemaLocation']);
          if (schemaLocation === undefined) this.fail(where, 'xsd:import without schemaLocation');
          if (namespace === targetNamespace) throw new XsdCompileError(`${where}: imports its own namespace`);
          doc.visible.add(namespace);
          this.load(resolve(dirname(path), schemaLocation), namespace);
          break;
        }
        case 'simpleType':
        case 'complexType':
        case 'element': {
          if (name === undefined) throw new XsdCompileError(`${where}: global xsd:${child.name} without a name`);
          const registry = child.name === 'element' ? this.rawElements : this.rawTypes;
          if (registry.has(key)) throw new XsdCompileError(`${where}: ${key} is declared twice`);
          registry.set(key, { el: child, doc });
          if (child.name === 'element') this.elements.set(key, { ns: targetNamespace, name, type: undefined });
          break;
        }
        default:
          this.fail(where, `xsd:${child.name} at the top level`);
      }
    }
  }

  compile(): CompiledSchema {
    for (const key of this.rawTypes.keys()) this.namedType(key);
    for (const [key, { el, doc }] of this.rawElements) {
      const where = `${basename(doc.path)}, element ${key}`;
      this.attributes(el, where, ['name', 'type', 'nillable', 'abstract', 'block', 'final']);
      this.elements.get(key)!.type = this.elementType(el, doc, where);
    }
    for (const type of this.complexTypes) type.automaton = buildAutomaton(type.particle, type.name);
    return { elements: this.elements };
  }

  private namedType(key: string): TypeDefinition {
    const done = this.types.get(key);
    if (done) return done;
    const raw = this.rawTypes.get(key);
    if (!raw) throw new XsdCompileError(`type ${key} is not declared`);
    if (this.inProgress.has(key)) throw new XsdCompileError(`type ${key} is derived from itself`);
    this.inProgress.add(key);
    const where = `${basename(raw.doc.path)}, type ${key}`;
    let type: TypeDefinition;
    if (raw.el.name === 'simpleType') {
      type = this.simpleType(raw.el, raw.doc, key, where);
      this.types.set(key, type);
    } else {
      // Registered before its content so element declarations inside it can refer back to it.
      type = this.complexShell(key);
      this.types.set(key, type);
      this.complexType(raw.el, raw.doc, type, where);
    }
    this.inProgress.delete(key);
    return type;
  }

  private typeRef(value: string, el: XmlElement, doc: SchemaDocument, where: string): TypeDefinition {
    const { ns, name } = this.qname(value, el, doc, where);
    if (ns !== XSD_NS) return this.namedType(elementKey(ns, name));
    const builtin = BUILTIN_TYPES.get(name);
    if (!builtin) this.fail(where, `built-in type xs:${name}`);
    return builtin;
  }

  private simpleType(el: XmlElement, doc: SchemaDocument, name: string, where: string): SimpleType {
    this.attributes(el, where, ['name', 'final']);
    const [restriction, ...rest] = this.xsdChildren(el, where);
    if (restriction?.name !== 'restriction' || rest.length > 0) {
      this.fail(
        where,
        `xsd:simpleType by ${restriction ? `xsd:${restriction.name}` : 'nothing'} (only xsd:restriction)`,
      );
    }
    const { base } = this.attributes(restriction, where, ['base']);
    const facets: FacetSpec[] = [];
    let baseType: TypeDefinition | undefined =
      base === undefined ? undefined : this.typeRef(base, restriction, doc, where);
    for (const child of this.xsdChildren(restriction, where)) {
      if (child.name === 'simpleType' && baseType === undefined && facets.length === 0) {
        baseType = this.simpleType(child, doc, `anonymous type in ${name}`, where);
      } else if (FACETS.has(child.name)) {
        const { value } = this.attributes(child, where, ['value', 'fixed']);
        if (value === undefined) throw new XsdCompileError(`${where}: xsd:${child.name} without a value`);
        if (this.xsdChildren(child, where).length > 0) this.fail(where, `content in xsd:${child.name}`);
        facets.push({ facet: child.name, value });
      } else this.fail(where, `xsd:${child.name} in xsd:restriction`);
    }
    if (baseType?.kind !== 'simple') throw new XsdCompileError(`${where}: restriction needs a simple base type`);
    return restrictSimpleType(baseType, name, facets);
  }

  private complexShell(name: string): ComplexType {
    const type: ComplexType = { kind: 'complex', name, particle: undefined, automaton: undefined };
    this.complexTypes.push(type);
    return type;
  }

  private complexType(el: XmlElement, doc: SchemaDocument, type: ComplexType, where: string): void {
    const { mixed, abstract } = this.attributes(el, where, ['name', 'mixed', 'abstract', 'block', 'final']);
    if (mixed === 'true' || mixed === '1') this.fail(where, 'mixed content');
    if (abstract === 'true' || abstract === '1') this.fail(where, 'abstract complex types');
    const [content, ...rest] = this.xsdChildren(el, where);
    if (rest.length > 0) this.fail(where, `xsd:${rest[0]!.name} in xsd:complexType`);
    if (content === undefined) return;
    if (content.name !== 'complexContent') {
      type.particle = this.particle(content, doc, where);
      return;
    }
    const { mixed: mixedContent } = this.attributes(content, where, ['mixed']);
    if (mixedContent === 'true' || mixedContent === '1') this.fail(where, 'mixed content');
    const [extension, ...others] = this.xsdChildren(content, where);
    if (extension?.name !== 'extension' || others.length > 0) {
      this.fail(where, `xsd:complexContent by ${extension ? `xsd:${extension.name}` : 'nothing'} (only xsd:extension)`);
    }
    const { base } = this.attributes(extension, where, ['base']);
    if (base === undefined) throw new XsdCompileError(`${where}: xsd:extension without a base`);
    const baseType = this.typeRef(base, extension, doc, where);
    if (baseType.kind !== 'complex') this.fail(where, 'complexContent extension of a simple type');
    const [own, ...extra] = this.xsdChildren(extension, where);
    if (extra.length > 0) this.fail(where, `xsd:${extra[0]!.name} in xsd:extension`);
    const ownParticle = own === undefined ? undefined : this.particle(own, doc, where);
    type.particle =
      baseType.particle && ownParticle
        ? { kind: 'sequence', items: [baseType.particle, ownParticle], min: 1, max: 1 }
        : (baseType.particle ?? ownParticle);
  }

  /** A particle; undefined when maxOccurs="0" (the particle cannot occur). */
  private particle(el: XmlElement, doc: SchemaDocument, where: string): Particle | undefined {
    if (el.name === 'sequence' || el.name === 'choice') {
      const { minOccurs, maxOccurs } = this.attributes(el, where, ['minOccurs', 'maxOccurs']);
      const [min, max] = this.occurs(minOccurs, maxOccurs, where);
      const items = this.xsdChildren(el, where).flatMap((child) => this.particle(child, doc, where) ?? []);
      return max === 0 ? undefined : { kind: el.name, items, min, max };
    }
    if (el.name !== 'element') this.fail(where, `xsd:${el.name}`);
    const allowed = ['name', 'ref', 'type', 'minOccurs', 'maxOccurs', 'form', 'nillable', 'block'];
    const { name, ref, minOccurs, maxOccurs, form } = this.attributes(el, where, allowed);
    const [min, max] = this.occurs(minOccurs, maxOccurs, where);
    if (ref !== undefined) {
      if (name !== undefined || attribute(el, 'type') !== undefined || form !== undefined) {
        throw new XsdCompileError(`${where}: element ref= cannot have name, type or form`);
      }
      const target = this.qname(ref, el, doc, where);
      const decl = this.elements.get(elementKey(target.ns, target.name));
      if (!decl) throw new XsdCompileError(`${where}: element ${ref} is not declared`);
      return max === 0 ? undefined : { kind: 'element', decl, min, max };
    }
    if (name === undefined) throw new XsdCompileError(`${where}: local element without a name`);
    const qualified = this.form(form, doc.elementQualified, where);
    const decl: ElementDecl = { ns: qualified ? doc.targetNamespace : '', name, type: undefined };
    decl.type = this.elementType(el, doc, `${where}, element ${name}`);
    return max === 0 ? undefined : { kind: 'element', decl, min, max };
  }

  private elementType(el: XmlElement, doc: SchemaDocument, where: string): TypeDefinition {
    // The attributes were vetted by the caller (particle() or compile()).
    const [type, nillable, abstract] = [attribute(el, 'type'), attribute(el, 'nillable'), attribute(el, 'abstract')];
    if (nillable === 'true' || nillable === '1') this.fail(where, 'nillable elements');
    if (abstract === 'true' || abstract === '1') this.fail(where, 'abstract elements');
    const [inline, ...rest] = this.xsdChildren(el, where);
    if (rest.length > 0 || (inline && inline.name !== 'simpleType' && inline.name !== 'complexType')) {
      this.fail(where, `xsd:${(rest[0] ?? inline)!.name} in xsd:element`);
    }
    if (type !== undefined && inline) throw new XsdCompileError(`${where}: both type= and an inline type`);
    if (type !== undefined) return this.typeRef(type, el, doc, where);
    if (!inline) this.fail(where, 'element without a type (xs:anyType)');
    if (inline.name === 'simpleType') return this.simpleType(inline, doc, `anonymous type in ${where}`, where);
    const anonymous = this.complexShell(`anonymous type in ${where}`);
    this.complexType(inline, doc, anonymous, where);
    return anonymous;
  }

  private occurs(minText: string | undefined, maxText: string | undefined, where: string): [number, number] {
    const count = (text: string) => {
      if (!/^\d{1,6}$/.test(text.trim())) this.fail(where, `occurrence ${text}`);
      return Number(text.trim());
    };
    const min = minText === undefined ? 1 : count(minText);
    const max = maxText === undefined ? 1 : maxText.trim() === 'unbounded' ? Number.POSITIVE_INFINITY : count(maxText);
    if (min > max) throw new XsdCompileError(`${where}: minOccurs ${min} is greater than maxOccurs ${max}`);
    return [min, max];
  }

  private form(value: string | undefined, fallback: boolean, where: string): boolean {
    if (value === undefined) return fallback;
    if (value !== 'qualified' && value !== 'unqualified') throw new XsdCompileError(`${where}: form ${value}`);
    return value === 'qualified';
  }

  private qname(value: string, el: XmlElement, doc: SchemaDocument, where: string): { ns: string; name: string } {
    const text = value.trim();
    const colon = text.indexOf(':');
    const prefix = colon === -1 ? '' : text.slice(0, colon);
    const ns = el.namespaces.get(prefix) ?? (prefix === '' ? '' : undefined);
    if (ns === undefined) throw new XsdCompileError(`${where}: prefix ${prefix} of ${text} is not declared`);
    if (!doc.visible.has(ns)) throw new XsdCompileError(`${where}: namespace ${ns} of ${text} is not imported`);
    return { ns, name: text.slice(colon + 1) };
  }

  /** Unqualified attributes of a schema element, refusing the ones outside `allowed` (and `id`). */
  private attributes(el: XmlElement, where: string, allowed: readonly string[]): Record<string, string | undefined> {
    const result: Record<string, string | undefined> = {};
    for (const a of el.attributes) {
      if (a.ns !== '') continue; // foreign attributes (annotations for other tools) carry no rules
      if (a.name !== 'id' && !allowed.includes(a.name)) this.fail(where, `attribute ${a.name} on xsd:${el.name}`);
      result[a.name] = a.value;
    }
    return result;
  }

  /** Children in the XSD namespace, annotations skipped; anything else is refused. */
  private xsdChildren(el: XmlElement, where: string): XmlElement[] {
    if (el.text.trim() !== '') throw new XsdCompileError(`${where}: text in xsd:${el.name}`);
    const children: XmlElement[] = [];
    for (const child of el.children) {
      if (child.ns !== XSD_NS) this.fail(where, `element ${elementKey(child.ns, child.name)} in xsd:${el.name}`);
      if (child.name !== 'annotation') children.push(child);
    }
    return children;
  }

  private fail(where: string, construct: string): never {
    throw new XsdCompileError(`${where}: unsupported XSD construct: ${construct}`);
  }
}

function attribute(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name && a.ns === '')?.value;
}
