// The admin API (ADR 0029), under /admin/v1: entities and their API keys managed while Cassa runs,
// with the installation's admin credential only (an entity's API key gets 403). Every change is
// audited with the admin (`admin:<prefix>`) as its actor. The routes of keys are in admin-keys.http.ts.
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../../http/admin-auth.ts';
import type { EntityChanges, EntityInput } from '../entities/entity.ts';
import {
  entityCreateSchema,
  entityListSchema,
  entityParams,
  entitySchema,
  entityUpdateSchema,
  toEntityJson,
} from './admin.schemas.ts';
import { registerAdminKeyRoutes } from './admin-keys.http.ts';
import { ADMIN_PREFIX, type AdminDeps, adminErrors, adminSecurity, adminTags } from './admin-route-kit.ts';
import { refuseInvalidEntityBody } from './admin-validation.ts';

const ENTITIES = `${ADMIN_PREFIX}/entities`;

interface EntityRoute {
  Params: { fiscalCode: string };
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps) {
  const onRequest = requireAdmin(deps);
  const tags = adminTags;
  const security = adminSecurity;
  const rules =
    'Besides the shape, Cassa checks the fiscal code (11 digits and its check digit), the segregation code (2 digits), each IBAN (country, length, check digits; no duplicates), the CBILL code, the broker and station ids (pagoPA stText35), the postal account, and the lengths of the texts. Every problem is listed at once in `errors[]` (400 VALIDATION_FAILED), and nothing is changed.';

  app.get(
    ENTITIES,
    {
      onRequest,
      schema: {
        tags,
        security,
        operationId: 'adminListEntities',
        summary: 'List the entities',
        description: 'Every entity of this Cassa, active or not, by fiscal code.',
        response: { 200: entityListSchema, ...adminErrors(401, 403) },
      },
    },
    async () => ({ entities: (await deps.entities.list()).map(toEntityJson) }),
  );

  app.post<{ Body: EntityInput }>(
    ENTITIES,
    {
      onRequest,
      attachValidation: true,
      schema: {
        tags,
        security,
        operationId: 'adminCreateEntity',
        summary: 'Create an entity',
        description: `A creditor body, active at once; then create an API key for it (POST ${ENTITIES}/{fiscalCode}/api-keys). The broker and station ids default to the fiscal code and <fiscal code>_01. ${rules} A fiscal code already in use is 409 ENTITY_EXISTS. The logo is set with the CLI (\`cassa entity create --logo\`).`,
        body: entityCreateSchema,
        response: { 201: entitySchema, ...adminErrors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      refuseInvalidEntityBody(request);
      const entity = await deps.entities.create(request.body, request.actor);
      return reply.status(201).send(toEntityJson(entity));
    },
  );

  app.get<EntityRoute>(
    `${ENTITIES}/:fiscalCode`,
    {
      onRequest,
      schema: {
        tags,
        security,
        operationId: 'adminGetEntity',
        summary: 'Read one entity',
        params: entityParams,
        response: { 200: entitySchema, ...adminErrors(401, 403, 404) },
      },
    },
    async (request) => toEntityJson(await deps.entities.require(request.params.fiscalCode)),
  );

  app.patch<EntityRoute & { Body: EntityChanges }>(
    `${ENTITIES}/:fiscalCode`,
    {
      onRequest,
      attachValidation: true,
      schema: {
        tags,
        security,
        operationId: 'adminUpdateEntity',
        summary: 'Change some fields of an entity',
        description: `Only the fields sent change; \`null\` clears an optional one. The fiscal code and the segregation code cannot change (notice numbers already issued carry them). Notices already printed keep what they were printed with. ${rules} An update that changes nothing is not recorded.`,
        params: entityParams,
        body: entityUpdateSchema,
        response: { 200: entitySchema, ...adminErrors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      if (request.validationError) {
        refuseInvalidEntityBody(request, await deps.entities.require(request.params.fiscalCode));
      }
      return toEntityJson(await deps.entities.update(request.params.fiscalCode, request.body, request.actor));
    },
  );

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post<EntityRoute>(
      `${ENTITIES}/:fiscalCode/${action}`,
      {
        onRequest,
        schema: {
          tags,
          security,
          operationId: active ? 'adminReactivateEntity' : 'adminDeactivateEntity',
          summary: active ? 'Reactivate an entity' : 'Deactivate an entity',
          description: active
            ? 'Its API keys that are not revoked work again. Reactivating an active entity changes nothing.'
            : "From now on the entity's API keys are refused (401) and no key can be created for it (409 ENTITY_INACTIVE). Nothing is deleted: the citizen portal and the pagoPA station still serve the notices already issued, so that a payment in progress is never lost. Deactivating it again changes nothing.",
          params: entityParams,
          response: { 200: entitySchema, ...adminErrors(401, 403, 404) },
        },
      },
      async (request) => toEntityJson(await deps.entities.setActive(request.params.fiscalCode, active, request.actor)),
    );
  }

  registerAdminKeyRoutes(app, deps, onRequest);
}
