// The catalogue of spontaneous payments for back offices, with the entity's API key: create, list,
// read, update and retire the services citizens can pay for on the portal. There is no delete: a
// service positions were made from is retired instead. Another entity's service is the standard 404.
import type { FastifyInstance } from 'fastify';
import { refuseWithAllProblems } from '../../http/all-problems.ts';
import { needs } from '../../http/api-auth.ts';
import { problemSchema } from '../positions/gpd-v3.schemas.ts';
import {
  definitionExample,
  definitionSchema,
  serviceListSchema,
  serviceSchema,
  toServiceJson,
} from './catalogue.schemas.ts';
import type { Catalogue } from './catalogue.service.ts';
import type { ServiceDefinition } from './service.ts';

export const SERVICES_PATH = '/api/v1/organizations/:organizationfiscalcode/services';

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const tags = ['Spontaneous payments'];
const orgParam = { organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity.' } } as const;
const orgParams = { type: 'object', required: ['organizationfiscalcode'], properties: orgParam } as const;
const serviceParams = {
  type: 'object',
  required: ['organizationfiscalcode', 'serviceId'],
  properties: { ...orgParam, serviceId: { type: 'string', description: 'Id of the service (a UUID).' } },
} as const;

interface ServiceRoute {
  Params: { organizationfiscalcode: string; serviceId: string };
}

export function registerCatalogueRoutes(app: FastifyInstance, deps: { catalogue: Catalogue }) {
  const definitionRules =
    'Besides the shape, Cassa checks: the amount bounds (fixed: 1 cent or more; range: minCents < maxCents), unique field keys, each setting used only by its type of field (e.g. options only for choice, at least one, unique values), text lengths up to 140 and a pattern that compiles, number and date bounds in order, an IBAN registered for the entity, a well-formed taxonomy code, and a remittance template whose `{key}`s name fields. Every problem is listed in `errors[]` (400 VALIDATION_FAILED).';

  app.post<{ Params: { organizationfiscalcode: string }; Body: ServiceDefinition }>(
    SERVICES_PATH,
    {
      config: needs('catalogue', 'write'),
      attachValidation: true,
      schema: {
        tags,
        security,
        operationId: 'createService',
        summary: 'Add a service to the catalogue of spontaneous payments',
        description: `A service citizens can pay for on the portal (/e/{fiscal code}/servizi) without a notice: they fill in its form, and Cassa makes a published debt position in their name, with one notice due \`dueInDays\` later, whose single transfer carries the accounting data here. ${definitionRules}`,
        params: orgParams,
        body: { ...definitionSchema, examples: [definitionExample] },
        response: { 201: serviceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      refuseWithAllProblems(request, (body) => deps.catalogue.problems(request.entity, body as ServiceDefinition));
      const service = await deps.catalogue.create(request.entity, request.body, request.actor);
      return reply.status(201).send(toServiceJson(service, request.entity.fiscalCode));
    },
  );

  app.get<{ Params: { organizationfiscalcode: string }; Querystring: { include_retired: boolean } }>(
    SERVICES_PATH,
    {
      config: needs('catalogue', 'read'),
      schema: {
        tags,
        security,
        operationId: 'listServices',
        summary: 'List the catalogue',
        description: 'The services of the entity, oldest first, with how many positions were made from each.',
        params: orgParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            include_retired: { type: 'boolean', default: false, description: 'Also list retired services.' },
          },
        },
        response: { 200: serviceListSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const services = await deps.catalogue.list(request.entity, { includeRetired: request.query.include_retired });
      return { services: services.map((s) => toServiceJson(s, request.entity.fiscalCode)) };
    },
  );

  app.get<ServiceRoute>(
    `${SERVICES_PATH}/:serviceId`,
    {
      config: needs('catalogue', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getService',
        summary: 'Read one service',
        description: 'The service, retired or not.',
        params: serviceParams,
        response: { 200: serviceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      toServiceJson(await deps.catalogue.get(request.entity, request.params.serviceId), request.entity.fiscalCode),
  );

  app.put<ServiceRoute & { Body: ServiceDefinition }>(
    `${SERVICES_PATH}/:serviceId`,
    {
      config: needs('catalogue', 'write'),
      attachValidation: true,
      schema: {
        tags,
        security,
        operationId: 'updateService',
        summary: 'Replace the definition of a service',
        description: `The whole definition is replaced and the version goes up. Positions already made from the service keep the amount, answers and accounting data they were made with. A retired service stays retired. ${definitionRules}`,
        params: serviceParams,
        body: { ...definitionSchema, examples: [definitionExample] },
        response: { 200: serviceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { entity, params, body, actor } = request;
      refuseWithAllProblems(request, (b) => deps.catalogue.problems(entity, b as ServiceDefinition));
      return toServiceJson(await deps.catalogue.update(entity, params.serviceId, body, actor), entity.fiscalCode);
    },
  );

  app.post<ServiceRoute>(
    `${SERVICES_PATH}/:serviceId/retire`,
    {
      config: needs('catalogue', 'write'),
      schema: {
        tags,
        security,
        operationId: 'retireService',
        summary: 'Retire a service',
        description:
          'Takes the service off the portal (its form answers 404 from now on). It is kept, with the positions made from it, which stay payable; retiring it again changes nothing. Services are never deleted.',
        params: serviceParams,
        response: { 200: serviceSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const { entity, params, actor } = request;
      return toServiceJson(await deps.catalogue.retire(entity, params.serviceId, actor), entity.fiscalCode);
    },
  );
}
