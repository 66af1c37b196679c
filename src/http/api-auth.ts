// Back-office API authentication: an entity-scoped API key, sent as `Authorization: Bearer <key>` or,
// as GPD clients do, in the `Ocp-Apim-Subscription-Key` header. A key for entity A asking for
// entity B's URL gets the same 404 as for data that does not exist.
import type { FastifyRequest } from 'fastify';
import { type Actor, requestActor } from '../modules/audit/audit.ts';
import type { ApiKeysService } from '../modules/entities/api-keys.ts';
import type { Entity } from '../modules/entities/entity.ts';
import { AppError, notFound } from '../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The entity the API key belongs to and that the URL names; set by requireEntityKey. */
    entity: Entity;
    actor: Actor;
  }
}

export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const subscription = request.headers['ocp-apim-subscription-key'];
  return typeof subscription === 'string' ? subscription.trim() : undefined;
}

/** preHandler: authenticates the key and checks it belongs to `params.organizationfiscalcode`. */
export function requireEntityKey(deps: { apiKeys: ApiKeysService }) {
  return async (request: FastifyRequest) => {
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
    request.entity = client.entity;
    request.actor = requestActor(`apikey:${client.keyId}`, request);
  };
}
