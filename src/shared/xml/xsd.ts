import type { XmlElement } from './safe-xml.ts';
import { compileSchemaFiles } from './xsd-compile.ts';
import { type AutomatonState, type ElementDecl, elementKey } from './xsd-content-model.ts';
import { checkSimpleValue } from './xsd-simple-types.ts';

// Validation of parsed messages against XSD files (the subset described in xsd-compile.ts). The schema
// is compiled once at load; validating is a walk of the element tree with one automaton step per child.

// Values that passed validation may still carry the whitespace XSD collapses (`<amount> 1.00 </amount>`
// is a valid stAmount): read non-string values through normalizeWhiteSpace('collapse', text).
export { normalizeWhiteSpace, XsdCompileError } from './xsd-simple-types.ts';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const NON_WHITESPACE = /[^ \t\n\r]/;

/** One reason a message is not valid: where (element path as written in the message) and what. */
export interface XsdProblem {
  readonly path: string;
  readonly message: string;
}

export interface Schema {
  /**
   * Problems of `element` against a global element declaration: the one named `expected` (its local
   * name, or namespace and name), else the one named like the element. Empty when valid.
   */
  validate(element: XmlElement, expected?: string | { readonly ns: string; readonly name: string }): XsdProblem[];
  /** The global elements, as elementKey() strings (`{namespace}name`). */
  readonly elementNames: readonly string[];
}

/** Loads and compiles XSD files (their imports are followed); throws XsdCompileError on unsupported constructs. */
export function loadSchema(...files: string[]): Schema {
  const { elements } = compileSchemaFiles(files);
  const byLocalName = new Map<string, ElementDecl[]>();
  for (const decl of elements.values()) byLocalName.set(decl.name, [...(byLocalName.get(decl.name) ?? []), decl]);

  const find = (expected: string | { readonly ns: string; readonly name: string }): ElementDecl => {
    if (typeof expected !== 'string') {
      const decl = elements.get(elementKey(expected.ns, expected.name));
      if (!decl) throw new Error(`the schema declares no global element ${elementKey(expected.ns, expected.name)}`);
      return decl;
    }
    const candidates = byLocalName.get(expected) ?? [];
    if (candidates.length !== 1) {
      throw new Error(`the schema declares ${candidates.length} global elements named ${expected}; give the namespace`);
    }
    return candidates[0]!;
  };

  return {
    elementNames: [...elements.keys()],
    validate(element, expected) {
      const decl = expected === undefined ? elements.get(elementKey(element.ns, element.name)) : find(expected);
      if (decl === undefined || decl.ns !== element.ns || decl.name !== element.name) {
        const wanted = decl ? `; expected ${elementKey(decl.ns, decl.name)}` : '';
        return [
          {
            path: pathOf({ up: undefined, el: element }),
            message: `element ${elementKey(element.ns, element.name)} is not declared here${wanted}`,
          },
        ];
      }
      const problems: XsdProblem[] = [];
      validateElement(element, decl, { up: undefined, el: element }, problems);
      return problems;
    },
  };
}

/** Where an element sits; its path is only spelled out when a problem is reported. */
interface Trail {
  readonly up: Trail | undefined;
  readonly el: XmlElement;
}

function validateElement(el: XmlElement, decl: ElementDecl, trail: Trail, problems: XsdProblem[]): void {
  for (const attribute of el.attributes) {
    const name = attribute.prefix === '' ? attribute.name : `${attribute.prefix}:${attribute.name}`;
    // Schema location hints are allowed anywhere and carry no rule; xsi:type and xsi:nil would change the
    // type or content, which this validator does not support, so they are refused rather than ignored.
    if (
      attribute.ns === XSI_NS &&
      (attribute.name === 'schemaLocation' || attribute.name === 'noNamespaceSchemaLocation')
    ) {
      continue;
    }
    problems.push({ path: pathOf(trail), message: `attribute ${name} is not allowed` });
  }
  const type = decl.type!;
  if (type.kind === 'simple') {
    if (el.children.length > 0) {
      problems.push({ path: pathOf(trail), message: 'must not contain elements (it holds a simple value)' });
    } else {
      const problem = checkSimpleValue(type, el.text);
      if (problem !== undefined) problems.push({ path: pathOf(trail), message: `the value ${problem}` });
    }
    return;
  }
  if (NON_WHITESPACE.test(el.text))
    problems.push({ path: pathOf(trail), message: 'must not contain text, only elements' });
  const states = type.automaton!.states;
  let state = states[0]!;
  for (const child of el.children) {
    const key = elementKey(child.ns, child.name);
    const transition = state.next.get(key);
    const childTrail = { up: trail, el: child };
    if (transition === undefined) {
      // Like libxml2, stop at the first misplaced child: what follows cannot be matched reliably.
      problems.push({
        path: pathOf(childTrail),
        message: `element ${key} is not expected here; ${expectation(state)}`,
      });
      return;
    }
    validateElement(child, transition.decl, childTrail, problems);
    state = states[transition.target]!;
  }
  if (!state.accepting) problems.push({ path: pathOf(trail), message: `is incomplete: ${expectation(state)}` });
}

/** `/pafn:paSendRTV2Request/receipt/transferList/transfer[2]/IBAN`: names as written, [n] among same-name siblings. */
function pathOf(trail: Trail | undefined): string {
  if (trail === undefined) return '';
  const { el, up } = trail;
  let step = el.prefix === '' ? el.name : `${el.prefix}:${el.name}`;
  if (up !== undefined) {
    const same = up.el.children.filter((sibling) => sibling.name === el.name && sibling.ns === el.ns);
    if (same.length > 1) step += `[${same.indexOf(el) + 1}]`;
  }
  return `${pathOf(up)}/${step}`;
}

function expectation(state: AutomatonState): string {
  const names = [...state.next.keys()];
  if (names.length === 0) return 'no more elements are allowed';
  return names.length === 1 ? `expected ${names[0]}` : `expected one of ${names.join(', ')}`;
}
