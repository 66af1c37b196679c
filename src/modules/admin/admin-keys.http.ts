// The admin API's routes of API keys (list, create — the secret shown in that response only —,
// revoke) and the rotation of the admin credential itself. See admin.http.ts.
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import {
  apiKeyCreateSchema,
  apiKeyListSchema,
  apiKeySchema,
  createdApiKeySchema,
  entityParams,
  keyParams,
  rotatedAdminKeySchema,
  toApiKeyJson,
} from './admin.schemas.ts';
import { ADMIN_PREFIX, type AdminDeps, adminErrors, adminSecurity, adminTags } from './admin-route-kit.ts';

const KEYS = `${ADMIN_PREFIX}/entities/:fiscalCode/api-keys`;

export function registerAdminKeyRoutes(app: FastifyInstance, deps: AdminDeps, onRequest: onRequestHookHandler) {
  const tags = adminTags;
  const security = adminSecurity;

  app.get<{ Params: { fiscalCode: string } }>(
    KEYS,
    {
      onRequest,
      schema: {
        tags,
        security,
        operationId: 'adminListApiKeys',
        summary: "List an entity's API keys",
        description: 'Active and revoked, oldest first; never their secrets.',
        params: entityParams,
        response: { 200: apiKeyListSchema, ...adminErrors(401, 403, 404) },
      },
    },
    async (request) => {
      const entity = await deps.entities.require(request.params.fiscalCode);
      return { apiKeys: (await deps.apiKeys.list(entity.fiscalCode)).map(toApiKeyJson) };
    },
  );

  app.post<{ Params: { fiscalCode: string }; Body: { name?: string; grants?: string[] } | undefined }>(
    KEYS,
    {
      onRequest,
      // The body is optional: none is validated as an empty object (the name then takes its default).
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        security,
        operationId: 'adminCreateApiKey',
        summary: 'Create an API key for an entity',
        description:
          'The key\'s secret (`key`) is in this response only: Cassa keeps only its hash. The key reaches the entity\'s routes (/api/gpd/v3/organizations/{fiscalCode}/…, /api/v1/organizations/{fiscalCode}/…) and nothing else. A deactivated entity gets no key (409 ENTITY_INACTIVE). The body is optional; the name defaults to "back office". `grants` narrows what the key may do (ADR 0031): a route outside them answers 403 FORBIDDEN; an unknown area is 400.',
        params: entityParams,
        body: apiKeyCreateSchema,
        response: { 201: createdApiKeySchema, ...adminErrors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const name = request.body?.name?.trim() || 'back office';
      const created = await deps.apiKeys.create(request.params.fiscalCode, name, request.actor, request.body?.grants);
      return reply.status(201).send(toApiKeyJson(created));
    },
  );

  app.post<{ Params: { fiscalCode: string; keyId: string } }>(
    `${KEYS}/:keyId/revoke`,
    {
      onRequest,
      schema: {
        tags,
        security,
        operationId: 'adminRevokeApiKey',
        summary: 'Revoke an API key',
        description:
          'The key is refused (401) from the next request on. Keys are never deleted, so the audit trail keeps naming them; revoking again changes nothing. A key of another entity is 404.',
        params: keyParams,
        response: { 200: apiKeySchema, ...adminErrors(401, 403, 404) },
      },
    },
    async (request) =>
      toApiKeyJson(await deps.apiKeys.revokeOfEntity(request.params.fiscalCode, request.params.keyId, request.actor)),
  );

  app.post(
    `${ADMIN_PREFIX}/admin-key/rotate`,
    {
      onRequest,
      schema: {
        tags,
        security,
        operationId: 'adminRotateKey',
        summary: 'Rotate the admin credential',
        description:
          'A new secret replaces the one this request was sent with, which is refused from now on. The new secret (`key`) is in this response only; store it before anything else. From the command line: `cassa admin-key rotate`.',
        response: { 200: rotatedAdminKeySchema, ...adminErrors(401, 403) },
      },
    },
    async (request) => {
      const rotated = await deps.admin.rotate(request.actor);
      return {
        prefix: rotated.prefix,
        createdAt: rotated.createdAt.toISOString(),
        rotatedAt: rotated.rotatedAt?.toISOString() ?? null,
        key: rotated.key,
      };
    },
  );
}
