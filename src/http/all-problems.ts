// A body that breaks its JSON schema is refused with every schema problem AND what the business
// rules say about the rest of it, so a client learns all its mistakes in one round trip instead of
// one per attempt. Routes opt in with `attachValidation: true` and call refuseWithAllProblems first.
import type { FastifyRequest } from 'fastify';
import { type FieldProblem, invalid } from '../shared/errors.ts';
import { type AjvIssue, ajvProblems, toAppError } from './errors.ts';

/** `a` names `b`, a part of it, or a whole it is part of. */
function related(a: string, b: string): boolean {
  const under = (x: string, y: string) => x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return a === b || under(a, b) || under(b, a);
}

/** Removes the values of the wrong JSON type, so the rules never read a number as a string. */
function withoutMistypedValues(body: unknown, issues: readonly AjvIssue[]): unknown {
  const copy = structuredClone(body);
  for (const issue of issues) {
    if (issue.keyword !== 'type') continue;
    const parts = issue.instancePath.split('/').slice(1);
    const key = parts.pop();
    let parent: unknown = copy;
    for (const part of parts) parent = (parent as Record<string, unknown> | undefined)?.[part];
    if (key !== undefined && parent && typeof parent === 'object' && !Array.isArray(parent)) {
      delete (parent as Record<string, unknown>)[key];
    }
  }
  return copy;
}

/**
 * The schema problems of `body` plus the rule problems that concern other fields. The rules run on
 * the body without its mistyped values; when the body is too broken for them to read (they throw),
 * the schema problems alone are reported.
 */
export function schemaAndRuleProblems(
  issues: readonly AjvIssue[],
  body: unknown,
  rules: (body: unknown) => FieldProblem[],
  context = 'body',
): FieldProblem[] {
  const schema = ajvProblems(issues, context);
  if (schema.some((p) => p.path === context) || body === null || typeof body !== 'object') return schema;
  let found: FieldProblem[] = [];
  try {
    found = rules(withoutMistypedValues(body, issues));
  } catch {
    // A missing or mistyped part the rules cannot do without: its schema problem says it already.
  }
  return [...schema, ...found.filter((r) => !schema.some((s) => related(r.path, s.path)))];
}

/**
 * For a route with `attachValidation: true`: when the request failed validation, throws. A body
 * that fails its schema is refused with the problems `rules` finds in the rest of it too.
 */
export function refuseWithAllProblems(request: FastifyRequest, rules: (body: unknown) => FieldProblem[]): void {
  const error = request.validationError as
    | (Error & { validation?: AjvIssue[]; validationContext?: string })
    | undefined;
  if (!error) return;
  if (error.validationContext !== 'body' || !error.validation) throw toAppError(error);
  throw invalid(schemaAndRuleProblems(error.validation, request.body, rules));
}
