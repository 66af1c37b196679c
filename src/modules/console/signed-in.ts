// Who is signed in on a console request, as the gate (gate.ts) found them: the operator, their session
// and grants, their own entity, and — on an entity's pages (/console/e/<fiscal code>/…) — the entity
// the page is about. The frame (pages.ts) reads it for the header and the navigation.
import type { FastifyRequest } from 'fastify';
import type { Entity } from '../entities/entity.ts';
import type { ResolvedSession } from '../operators/operator-sessions.ts';

export interface ActiveOperator extends ResolvedSession {
  /** The operator's own entity (none for an installation administrator). */
  readonly entity: Entity | undefined;
  /** The entity an entity page is about (set by gate.forEntity). */
  at?: Entity;
}

const signedIn = new WeakMap<FastifyRequest, ActiveOperator>();

export const setSignedIn = (request: FastifyRequest, active: ActiveOperator) => signedIn.set(request, active);

/** The operator the gate let through, if any. */
export const signedInOf = (request: FastifyRequest): ActiveOperator | undefined => signedIn.get(request);
