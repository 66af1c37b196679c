// The gate of the console's signed-in pages (a preHandler): no session, or one that has ended, goes
// to the sign-in page; a sign-in still waiting for its second factor goes to that step (or to the
// enrolment); an active session gives the request its principal (the operator's grants) and actor.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestActor } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import type { OperatorSessions, ResolvedSession } from '../operators/operator-sessions.ts';
import { clearedSessionCookie, sessionToken } from './web.ts';

/** Where a pending sign-in continues, by its stage. */
export const PENDING_STEP = { 'second-factor': '/console/accedi/codice', enrol: '/console/attiva' } as const;

/**
 * Where a browser goes that is not at the sign-in step `stage` (no session: the sign-in page; active:
 * home; another step: that one), or undefined when it is at that step.
 */
export async function awayFrom(
  sessions: Pick<OperatorSessions, 'resolve'>,
  token: string | undefined,
  stage: keyof typeof PENDING_STEP,
): Promise<string | undefined> {
  const resolved = await sessions.resolve(token);
  if (!resolved) return '/console/accedi';
  const now = resolved.session.stage;
  if (now === stage) return undefined;
  return now === 'active' ? '/console' : PENDING_STEP[now];
}

export interface ActiveOperator extends ResolvedSession {
  entity: Entity | undefined;
}

export type ConsoleGate = ReturnType<typeof consoleGate>;

export function consoleGate(deps: {
  sessions: Pick<OperatorSessions, 'resolve'>;
  entities: Pick<EntitiesService, 'byId'>;
}) {
  const signedIn = new WeakMap<FastifyRequest, ActiveOperator>();

  return {
    /** The preHandler of every signed-in console page. */
    async requireOperator(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const token = sessionToken(request);
      const resolved = await deps.sessions.resolve(token);
      if (!resolved) {
        if (token) reply.header('set-cookie', clearedSessionCookie);
        return reply.redirect('/console/accedi', 303);
      }
      const { stage } = resolved.session;
      if (stage !== 'active') return reply.redirect(PENDING_STEP[stage], 303);
      const entityId = resolved.operator.entityId;
      const entity = entityId ? await deps.entities.byId(entityId) : undefined;
      request.principal = resolved.principal;
      request.actor = requestActor(resolved.principal, request);
      signedIn.set(request, { ...resolved, entity });
    },

    /** The operator the gate let through (only in handlers behind it). */
    operatorOf(request: FastifyRequest): ActiveOperator {
      const active = signedIn.get(request);
      if (!active) throw new Error('console page without the operator gate');
      return active;
    },
  };
}
