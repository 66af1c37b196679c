// The gate of the console's signed-in pages (preHandlers): no session, or one that has ended, goes
// to the sign-in page; a sign-in still waiting for its second factor goes to that step (or to the
// enrolment); an active session gives the request its principal (the operator's grants) and actor.
// An entity's pages (/console/e/:ente/…) also need the operator's grants to reach the entity (else the
// same 404 as for a body that does not exist) and the page's area (else 403); a sensitive act's form
// needs a recent proof of identity (else the confirmation page, then back).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteNeed } from '../../http/api-auth.ts';
import type { Clock } from '../../shared/clock.ts';
import { type Access, type Area, reachesArea, seesEntity } from '../../shared/principal.ts';
import { requestActor } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { type OperatorSessions, requireFresh } from '../operators/operator-sessions.ts';
import type { ConsolePages } from './pages.ts';
import { type ActiveOperator, setSignedIn, signedInOf } from './signed-in.ts';
import { clearedSessionCookie, consoleCsrfValid, sessionToken } from './web.ts';

export type { ActiveOperator } from './signed-in.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What an entity's console page needs of the operator (gate.entityRoute), for the route table. */
    operatorNeed?: RouteNeed;
  }
}

/** Where a pending sign-in continues, by its stage. */
export const PENDING_STEP = { 'second-factor': '/console/accedi/codice', enrol: '/console/attiva' } as const;

/** The page where an operator proves who they are again before a sensitive act. */
export const FRESH_PAGE = '/console/conferma';

/** The confirmation page, bringing the operator back to `formUrl` after. */
export const confirmThenBack = (formUrl: string) => `${FRESH_PAGE}?dopo=${encodeURIComponent(formUrl)}`;

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

/** An operator on an entity's page: the entity is the one the URL names, which they may reach. */
export interface OperatorAt extends ActiveOperator {
  readonly at: Entity;
}

export type ConsoleGate = ReturnType<typeof consoleGate>;

export function consoleGate(deps: {
  sessions: Pick<OperatorSessions, 'resolve'>;
  entities: Pick<EntitiesService, 'byId' | 'byFiscalCode'>;
  clock: Clock;
  pages: Pick<ConsolePages, 'message' | 'keys'>;
}) {
  /** The preHandler of every signed-in console page. */
  async function requireOperator(request: FastifyRequest, reply: FastifyReply): Promise<void> {
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
    setSignedIn(request, { ...resolved, entity });
  }

  /**
   * The preHandler of an entity's page (`/console/e/:ente/…`) needing `access` to `area` there: an
   * entity the operator holds nothing at answers 404 like one that does not exist; a missing area 403.
   */
  function forEntity(area: Area, access: Access) {
    return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      await requireOperator(request, reply);
      if (reply.sent) return;
      const active = signedInOf(request)!;
      const code = (request.params as { ente?: string }).ente ?? '';
      const entity = /^\d{11}$/.test(code) ? await deps.entities.byFiscalCode(code) : undefined;
      if (!entity || !seesEntity(active.principal, entity.id)) {
        await deps.pages.message(request, reply, 404, 'notFound');
        return;
      }
      active.at = entity;
      // A form without this browser's token is an expired form, whoever sends it (a multipart body is
      // read by its handler, which checks the token before the file).
      const form = request.method === 'POST' ? request.body : undefined;
      if (
        form &&
        typeof form === 'object' &&
        !consoleCsrfValid(request, deps.pages.keys, (form as { _csrf?: unknown })._csrf)
      ) {
        await deps.pages.message(request, reply, 400, 'expiredForm');
        return;
      }
      if (!reachesArea(active.principal, entity.id, area, access)) {
        await deps.pages.message(request, reply, 403, 'forbidden');
      }
    };
  }

  /**
   * The preHandler (after forEntity or requireOperator) of the page of a sensitive act's form: without
   * a proof of identity in the last minutes, to the confirmation page, which brings the operator back.
   */
  async function requireFreshProof(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const active = signedInOf(request);
    if (!active || reply.sent) return;
    try {
      requireFresh(active.session, deps.clock.now());
    } catch {
      return reply.redirect(confirmThenBack(request.url), 303);
    }
  }

  /**
   * The options of an entity's console route (`/console/e/:ente/…`) needing `access` to `area`: hidden
   * from the OpenAPI document, its need in the route table (the authorization matrix checks it), the
   * gate — and, with `fresh`, a recent proof of identity (the form page of a sensitive act).
   */
  function entityRoute(area: Area, access: Access, options: { fresh?: boolean } = {}) {
    const gate = forEntity(area, access);
    return {
      schema: { hide: true },
      config: { operatorNeed: { area, access } },
      preHandler: options.fresh ? [gate, requireFreshProof] : [gate],
    };
  }

  return {
    requireOperator,
    forEntity,
    requireFreshProof,
    entityRoute,

    /** The operator the gate let through (only in handlers behind it). */
    operatorOf(request: FastifyRequest): ActiveOperator {
      const active = signedInOf(request);
      if (!active) throw new Error('console page without the operator gate');
      return active;
    },

    /** The operator and the entity of an entity's page (only in handlers behind forEntity). */
    at(request: FastifyRequest): OperatorAt {
      const active = signedInOf(request);
      if (!active?.at) throw new Error('entity page without gate.forEntity');
      return active as OperatorAt;
    },
  };
}
