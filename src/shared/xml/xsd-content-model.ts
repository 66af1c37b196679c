import { type SimpleType, XsdCompileError } from './xsd-simple-types.ts';

// Element-only content models (xsd:sequence / xsd:choice with minOccurs/maxOccurs) compiled to a
// deterministic automaton over child element names, so validating the children of an element is one map
// lookup per child. Built at schema load: particles → NFA (occurrences unrolled, unbounded as a loop) →
// DFA by subset construction. XSD's Unique Particle Attribution rule makes the DFA small; a model where
// one name could mean two different declarations is refused.

export interface ElementDecl {
  readonly ns: string;
  readonly name: string;
  /** Set once the schema is compiled. */
  type: TypeDefinition | undefined;
}

export interface ComplexType {
  readonly kind: 'complex';
  readonly name: string;
  particle: Particle | undefined;
  /** Set once the schema is compiled; undefined particle = empty content. */
  automaton: Automaton | undefined;
}

export type TypeDefinition = SimpleType | ComplexType;

export type Particle =
  | { readonly kind: 'element'; readonly decl: ElementDecl; readonly min: number; readonly max: number }
  | {
      readonly kind: 'sequence' | 'choice';
      readonly items: readonly Particle[];
      readonly min: number;
      readonly max: number;
    };

export interface Transition {
  readonly decl: ElementDecl;
  readonly target: number;
}

export interface AutomatonState {
  readonly accepting: boolean;
  /** By elementKey(). */
  readonly next: ReadonlyMap<string, Transition>;
}

/** State 0 is the start state. */
export interface Automaton {
  readonly states: readonly AutomatonState[];
}

const MAX_NFA_NODES = 50_000;
const MAX_DFA_STATES = 10_000;

/** How an element name is keyed in automata and shown in problems: `name` or `{namespace}name`. */
export function elementKey(ns: string, name: string): string {
  return ns === '' ? name : `{${ns}}${name}`;
}

interface NfaNode {
  readonly epsilon: number[];
  readonly edges: { readonly decl: ElementDecl; readonly to: number }[];
}

/** Compiles the content model of a complex type; `typeName` is for messages. */
export function buildAutomaton(particle: Particle | undefined, typeName: string): Automaton {
  const nodes: NfaNode[] = [];
  const node = (): number => {
    if (nodes.length >= MAX_NFA_NODES) {
      throw new XsdCompileError(
        `${typeName}: unsupported XSD construct: content model too large once occurrences are unrolled`,
      );
    }
    nodes.push({ epsilon: [], edges: [] });
    return nodes.length - 1;
  };

  const once = (p: Particle, from: number): number => {
    if (p.kind === 'element') {
      const to = node();
      nodes[from]!.edges.push({ decl: p.decl, to });
      return to;
    }
    if (p.kind === 'sequence') return p.items.reduce((at, item) => repeat(item, at), from);
    const end = node();
    if (p.items.length === 0) nodes[from]!.epsilon.push(end);
    for (const item of p.items) nodes[repeat(item, from)]!.epsilon.push(end);
    return end;
  };

  const repeat = (p: Particle, from: number): number => {
    let at = from;
    for (let k = 0; k < p.min; k++) at = once(p, at);
    if (p.max === Number.POSITIVE_INFINITY) {
      const loop = node();
      nodes[at]!.epsilon.push(loop);
      nodes[once(p, loop)]!.epsilon.push(loop);
      return loop;
    }
    const exits = [at];
    for (let k = p.min; k < p.max; k++) {
      at = once(p, at);
      exits.push(at);
    }
    const end = node();
    for (const exit of exits) nodes[exit]!.epsilon.push(end);
    return end;
  };

  const start = node();
  const final = particle === undefined ? start : repeat(particle, start);
  return determinize(nodes, start, final, typeName);
}

function determinize(nodes: readonly NfaNode[], start: number, final: number, typeName: string): Automaton {
  const closure = (seeds: Iterable<number>): number[] => {
    const seen = new Set<number>();
    const stack = [...seeds];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...nodes[n]!.epsilon);
    }
    return [...seen].sort((a, b) => a - b);
  };
  const ids = new Map<string, number>();
  const sets: number[][] = [];
  const states: { accepting: boolean; next: Map<string, Transition> }[] = [];
  const intern = (set: number[]): number => {
    const key = set.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      if (sets.length >= MAX_DFA_STATES) {
        throw new XsdCompileError(`${typeName}: unsupported XSD construct: content model needs too many states`);
      }
      id = sets.length;
      ids.set(key, id);
      sets.push(set);
      states.push({ accepting: set.includes(final), next: new Map() });
    }
    return id;
  };
  intern(closure([start]));
  for (let id = 0; id < sets.length; id++) {
    const targets = new Map<string, { decl: ElementDecl; to: number[] }>();
    for (const n of sets[id]!) {
      for (const edge of nodes[n]!.edges) {
        const key = elementKey(edge.decl.ns, edge.decl.name);
        const entry = targets.get(key);
        if (entry === undefined) targets.set(key, { decl: edge.decl, to: [edge.to] });
        else if (entry.decl !== edge.decl) {
          throw new XsdCompileError(
            `${typeName}: content model is not deterministic: element ${key} matches two declarations (Unique Particle Attribution)`,
          );
        } else entry.to.push(edge.to);
      }
    }
    for (const [key, { decl, to }] of targets) {
      states[id]!.next.set(key, { decl, target: intern(closure(to)) });
    }
  }
  return { states };
}
