// The signed-in citizen of a portal request: the session named by the cookie, or the answer to send
// instead — to the sign-in page when there is no session, "session expired" when the cookie names
// one that has ended. Every page of the signed-in part goes through here.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookies } from '../../http/web/cookies.ts';
import { csrfToken } from '../../http/web/csrf.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { clearedSessionCookie, SESSION_COOKIE } from '../identity/session-cookie.ts';
import type { CitizenSession, SessionsService } from '../identity/sessions.service.ts';
import type { PortalPages } from './pages.ts';
import { page } from './web.ts';

/** A local path to go back to after signing in; anything else goes home (no open redirect). */
export const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(e\/\d{11}(\/[\w.-]*)*|profilo(\/[\w.-]*)*)$/.test(next) ? next : '/';

/** The entity of a /e/{fiscal code}/… URL (undefined for anything else). */
export async function entityOfUrl(
  entities: Pick<EntitiesService, 'byFiscalCode'>,
  fiscalCode: string,
): Promise<Entity | undefined> {
  return /^\d{11}$/.test(fiscalCode) ? entities.byFiscalCode(fiscalCode) : undefined;
}

export type CitizenGate = ReturnType<typeof citizenGate>;

export function citizenGate(
  deps: { sessions: Pick<SessionsService, 'resolve'>; entities: Pick<EntitiesService, 'byFiscalCode'> },
  portal: PortalPages,
) {
  const { base, keys } = portal;

  /** The citizen signed in on this browser, or the answer to send instead (sign in, session expired). */
  async function citizen(
    request: FastifyRequest,
    reply: FastifyReply,
    entity?: Entity,
  ): Promise<{ session: CitizenSession; answer?: undefined } | { session?: undefined; answer: FastifyReply }> {
    const token = cookies(request).get(SESSION_COOKIE);
    const session = await portal.sessionOf(request);
    if (session) return { session };
    const next = `/accedi?next=${encodeURIComponent(request.url.split('?')[0]!)}`;
    if (token) {
      reply.header('set-cookie', clearedSessionCookie);
      const model = base(request, reply, entity);
      const { t } = model;
      return {
        answer: page(
          request,
          reply,
          'message.njk',
          {
            ...model,
            title: t.sessionExpiredTitle,
            heading: t.sessionExpiredTitle,
            text: t.sessionExpiredText,
            homeHref: next,
          },
          { status: 401 },
        ),
      };
    }
    return { answer: reply.redirect(next, 303) };
  }

  /** The page model of a signed-in page: the frame, the citizen in the header, the CSRF token. */
  function model(request: FastifyRequest, reply: FastifyReply, session: CitizenSession, entity?: Entity) {
    return {
      ...base(request, reply, entity),
      citizen: { name: session.fullName ?? session.fiscalCode, fiscalCode: session.fiscalCode },
      csrf: csrfToken(request, reply, keys),
    };
  }

  const entityOf = (fiscalCode: string) => entityOfUrl(deps.entities, fiscalCode);

  /** The entity of a /e/{fiscal code}/… URL and the signed-in citizen, or the answer to send instead. */
  async function atEntity(
    request: FastifyRequest<{ Params: { fiscalCode: string } }>,
    reply: FastifyReply,
  ): Promise<
    { entity: Entity; session: CitizenSession; answer?: undefined } | { session?: undefined; answer: FastifyReply }
  > {
    const entity = await entityOf(request.params.fiscalCode);
    if (!entity) return { answer: portal.message(request, reply, 404, 'notFound') };
    const who = await citizen(request, reply, entity);
    return who.session ? { entity, session: who.session } : { answer: who.answer };
  }

  return { citizen, model, entityOf, atEntity };
}
