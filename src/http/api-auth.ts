// Authentication and authorization of the entity API (ADR 0031). Every route whose URL names an entity
// (`:organizationfiscalcode`) declares what it needs in its config — `config: needs('positions',
// 'write')` — and one onRequest hook, for every such route, turns the presented API key (sent as
// `Authorization: Bearer <key>` or, as GPD clients do, in `Ocp-Apim-Subscription-Key`) into the
// request's principal, entity and actor, then asks `authorize`. A route that names an entity and
// declares nothing is refused when it is registered, so none can be forgotten.
// Answers: no key, an unknown or a revoked one 401; the admin credential 403; a key of another entity
// the same 404 as data that does not exist; a key without the area (or with read only) 403.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, requestActor } from '../modules/audit/audit.ts';
import type { ApiKeysService } from '../modules/entities/api-keys.ts';
import type { Entity } from '../modules/entities/entity.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { type Access, type Area, authorize, type Principal } from '../shared/principal.ts';

/** What a route needs of the caller: access to an area of the entity its URL names. */
export interface RouteNeed {
  readonly area: Area;
  readonly access: Access;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking (set by the authentication of the route: API key, admin credential). */
    principal: Principal;
    /** The entity the URL names, which the principal may see; set by the entity API's hook. */
    entity: Entity;
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** What the route needs: `config: needs(area, access)`. */
    need?: RouteNeed;
  }
}

/** A route's config declaring what it needs (ADR 0031's table). */
export const needs = (area: Area, access: Access): { need: RouteNeed } => ({ need: { area, access } });

/** The URL parameter naming the entity on the entity API. */
const ENTITY_PARAM = ':organizationfiscalcode';

export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const subscription = request.headers['ocp-apim-subscription-key'];
  return typeof subscription === 'string' ? subscription.trim() : undefined;
}

/** Registers the entity API's authentication; call it before the routes it guards are registered. */
export function registerApiAuth(app: FastifyInstance, deps: { apiKeys: ApiKeysService }) {
  app.addHook('onRoute', (route) => {
    const need = route.config?.need;
    if (route.url.includes(ENTITY_PARAM) && !need) {
      throw new Error(`${String(route.method)} ${route.url} names an entity but declares no need (config: needs(…))`);
    }
    // The OpenAPI document says what each route needs (this hook runs before the documentation's).
    if (need && route.schema) {
      const told = `Needs an API key holding ${need.area}:${need.access} (write includes read); without it 403 FORBIDDEN.`;
      const { description } = route.schema as { description?: string };
      route.schema = { ...route.schema, description: description ? `${description} ${told}` : told };
    }
  });
  // onRequest: an unauthenticated body is never even parsed.
  app.addHook('onRequest', async (request) => {
    const need = request.routeOptions.config.need;
    if (need) await authenticateEntityRequest(request, need, deps);
  });
}

async function authenticateEntityRequest(request: FastifyRequest, need: RouteNeed, deps: { apiKeys: ApiKeysService }) {
  const key = presentedKey(request);
  const client = key ? await deps.apiKeys.authenticate(key) : undefined;
  if (!client) {
    if (key && (await deps.apiKeys.isAdminCredential(key))) {
      throw new AppError(
        'FORBIDDEN',
        "The admin credential manages entities (/admin/v1); use one of the entity's API keys",
      );
    }
    throw new AppError('UNAUTHENTICATED', 'Send a valid API key as Authorization: Bearer <key>');
  }
  const { organizationfiscalcode } = request.params as { organizationfiscalcode?: string };
  if (organizationfiscalcode !== client.entity.fiscalCode) throw notFound();
  authorize(client.principal, { entityId: client.entity.id, ...need });
  request.principal = client.principal;
  request.entity = client.entity;
  request.actor = requestActor(client.principal, request);
}
