// An operator of the console (ADR 0033): a person of one entity, or an installation administrator
// (no entity, every entity in scope). They sign in with a password and a second factor, or through
// the entity's OpenID Connect provider (matched by fiscal code).
import { type FieldProblem, invalid } from '../../shared/errors.ts';
import { checkPersonFiscalCode } from '../../shared/identifiers/fiscal-code.ts';
import type { Actor } from '../audit/audit.ts';

export type OperatorStatus = 'active' | 'disabled';

export interface Operator {
  readonly id: string;
  /** null: an installation administrator. */
  readonly entityId: string | null;
  readonly email: string;
  readonly displayName: string;
  readonly fiscalCode: string | null;
  readonly status: OperatorStatus;
  readonly hasPassword: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface OperatorInput {
  /** null: an installation administrator. */
  entityId: string | null;
  email: string;
  displayName: string;
  /** For sign-in through the entity's OpenID Connect provider (SPID/CIE give a fiscal code). */
  fiscalCode?: string | undefined;
}

/** The audit actor of an operator. */
export const operatorActorId = (operatorId: string) => `operator:${operatorId}`;

/** Where a request comes from: its id and the client's address (for the audit trail and the limits). */
export type From = Omit<Actor, 'id' | 'principal'>;

/**
 * The operator as the actor of their own sign-in (`operator:unknown` before anyone is known): a
 * principal without grants — signing in, enrolling a factor or signing out needs none; what the
 * operator may do once signed in comes from their roles (`operatorPrincipal`).
 */
export const actorOf = (operatorId: string | undefined, from: From): Actor => {
  const id = operatorId ? operatorActorId(operatorId) : 'operator:unknown';
  return { ...from, id, principal: { kind: 'operator', id, grants: [] } };
};

// Deliberately plain: one @, no spaces, a dot in the domain. Delivery proves the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** The e-mail as stored: trimmed, lower case (one operator per address, case-insensitively). */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Checks an operator's details; throws VALIDATION_FAILED listing every problem. */
export function checkOperatorInput(input: OperatorInput): OperatorInput {
  const problems: FieldProblem[] = [];
  const email = normaliseEmail(input.email ?? '');
  if (!EMAIL.test(email) || email.length > 254) problems.push({ path: 'email', message: 'must be an e-mail address' });
  const displayName = (input.displayName ?? '').trim();
  if (displayName.length === 0 || displayName.length > 200) {
    problems.push({ path: 'displayName', message: 'must be between 1 and 200 characters' });
  }
  let fiscalCode: string | undefined;
  if (input.fiscalCode !== undefined && input.fiscalCode.trim() !== '') {
    fiscalCode = input.fiscalCode.trim().toUpperCase();
    const problem = checkPersonFiscalCode(fiscalCode);
    if (problem) problems.push({ path: 'fiscalCode', message: problem });
  }
  if (problems.length > 0) throw invalid(problems);
  return { entityId: input.entityId, email, displayName, fiscalCode };
}
