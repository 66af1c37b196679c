// Roles (/console/e/:ente/operatori/ruoli): the shipped ones with their grants in words, the entity's
// own; defining, editing and deleting one (sensitive acts: a recent proof of identity) — areas ×
// view/change, optionally limited to services picked from the entity's catalogue. The operators
// module's roles service checks the role and writes the audit record naming the operator.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import { AREAS, EVERY_SERVICE, reachesArea } from '../../../shared/principal.ts';
import type { Role, RoleGrant } from '../../operators/roles.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { consoleCsrfValid } from '../web.ts';
import {
  chosenIds,
  customRoleAt,
  freshOrConfirm,
  grantsText,
  operatorsUrl,
  type PeopleDeps,
  pathOf,
  roleName,
  servicesText,
} from './people.ts';

type Form = Record<string, string | string[] | undefined>;

export function registerRoleRoutes(app: FastifyInstance, deps: PeopleDeps, pages: ConsolePages, gate: ConsoleGate) {
  const ops = deps.operators;
  const read = gate.entityRoute('operators', 'read');
  const write = gate.entityRoute('operators', 'write');
  const sensitive = gate.entityRoute('operators', 'write', { fresh: true });
  const rolesRoot = (request: FastifyRequest) => `${operatorsUrl(gate.at(request))}/ruoli`;

  const catalogue = async (request: FastifyRequest) =>
    (await deps.catalogue.list(gate.at(request).at, { includeRetired: false })).map((s) => ({
      id: s.id,
      title: s.title,
    }));

  app.get('/console/e/:ente/operatori/ruoli', read, async (request, reply) => {
    const at = gate.at(request);
    const { t } = pages.base(request, reply);
    const titles = new Map((await catalogue(request)).map((s) => [s.id, s.title]));
    const row = (r: Role) => ({
      name: roleName(r, t),
      grants: grantsText(r, t),
      services: servicesText(r, t, titles),
      editUrl: `${rolesRoot(request)}/${r.id}`,
      editLabel: t.people_editRole.replace('{name}', r.name),
    });
    const roles = await ops.roles.list(at.at.id);
    return pages.formPage(request, reply, 'people/roles.njk', {
      titleKey: 'people_rolesTitle',
      shipped: roles.filter((r) => r.builtin).map(row),
      custom: roles.filter((r) => !r.builtin).map(row),
      canWrite: reachesArea(at.principal, at.at.id, 'operators', 'write'),
      newUrl: `${rolesRoot(request)}/nuovo`,
      back: operatorsUrl(at),
      notice: { salvato: t.people_roleSaved, eliminato: t.people_roleDeleted }[
        (request.query as { fatto?: string }).fatto as 'salvato'
      ],
    });
  });

  /** The form of a role: its name, each area's access, the services it is limited to. */
  async function roleForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: { name: string; grants: readonly RoleGrant[]; services: readonly string[] },
    existing: Role | undefined,
    errors: FieldError[] = [],
    status = 400,
  ) {
    const { t } = pages.base(request, reply);
    const access = new Map(values.grants.map((g) => [g.area, g.access]));
    const services = await catalogue(request);
    return pages.formPage(
      request,
      reply,
      'people/role-form.njk',
      {
        titleKey: existing ? 'people_rolesTitle' : 'people_newRole',
        heading: existing ? t.people_editRole.replace('{name}', existing.name) : t.people_newRole,
        action: existing ? `${rolesRoot(request)}/${existing.id}` : `${rolesRoot(request)}/nuovo`,
        name: values.name,
        areas: AREAS.map((area) => ({ area, label: t[`area_${area}`], access: access.get(area) ?? '' })),
        services: services.map((s) => ({ ...s, checked: values.services.includes(s.id) })),
        deleteUrl: existing && `${rolesRoot(request)}/${existing.id}/elimina`,
        deleteLabel: existing && t.people_deleteRole.replace('{name}', existing.name),
        back: rolesRoot(request),
      },
      errors,
      status,
    );
  }

  const valuesOf = (form: Form) => ({
    name: typeof form.name === 'string' ? form.name : '',
    grants: AREAS.flatMap((area): RoleGrant[] => {
      const access = form[`area_${area}`];
      return access === 'read' || access === 'write' ? [{ area, access }] : [];
    }),
    services: chosenIds(form, 'servizio_'),
  });

  /** Defines or updates the role from the form; the form again with its problems when refused. */
  async function save(request: FastifyRequest<{ Body: Form }>, reply: FastifyReply, existing: Role | undefined) {
    const at = gate.at(request);
    const { t } = pages.base(request, reply);
    const values = valuesOf(request.body ?? {});
    const known = new Set((await catalogue(request)).map((s) => s.id));
    const errors: FieldError[] = [];
    if (values.services.some((s) => !known.has(s))) errors.push({ field: 'servizi', message: t.people_roleUnknown });
    try {
      if (errors.length === 0) {
        const input = { ...values, services: values.services };
        if (existing) await ops.roles.update(at.at.id, existing.id, input, request.actor!);
        else await ops.roles.define(at.at.id, input, request.actor!);
        return reply.redirect(`${rolesRoot(request)}?fatto=salvato`, 303);
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'ROLE_EXISTS')
        return roleForm(request, reply, values, existing, [{ field: 'name', message: t.people_nameInUse }], 409);
      if (error.code === 'OWN_ADMINISTRATION') {
        const own = [{ field: 'area_operators', message: t.people_ownAdministration }];
        return roleForm(request, reply, values, existing, own, 409);
      }
      if (error.code !== 'VALIDATION_FAILED') throw error;
      for (const p of error.problems) {
        if (p.path === 'name') errors.push({ field: 'name', message: t.people_nameProblem });
        else if (p.path === 'grants') errors.push({ field: `area_${AREAS[0]}`, message: t.people_grantsMissing });
        else errors.push({ field: 'servizi', message: t.people_roleUnknown });
      }
    }
    return roleForm(request, reply, values, existing, errors);
  }

  app.get('/console/e/:ente/operatori/ruoli/nuovo', sensitive, (request, reply) =>
    roleForm(request, reply, { name: '', grants: [], services: [] }, undefined),
  );

  app.post<{ Body: Form }>('/console/e/:ente/operatori/ruoli/nuovo', write, async (request, reply) => {
    if (!consoleCsrfValid(request, pages.keys, request.body?._csrf))
      return pages.message(request, reply, 400, 'expiredForm');
    if (!freshOrConfirm(gate.at(request), deps.clock.now(), reply, pathOf(request))) return reply;
    return save(request, reply, undefined);
  });

  app.get<{ Params: { ruolo: string } }>(
    '/console/e/:ente/operatori/ruoli/:ruolo',
    sensitive,
    async (request, reply) => {
      const role = await customRoleAt(ops, gate.at(request), request.params.ruolo);
      if (!role) return pages.message(request, reply, 404, 'notFound');
      const services = role.services === EVERY_SERVICE ? [] : role.services;
      return roleForm(request, reply, { name: role.name, grants: role.grants, services }, role);
    },
  );

  app.post<{ Body: Form; Params: { ruolo: string } }>(
    '/console/e/:ente/operatori/ruoli/:ruolo',
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf))
        return pages.message(request, reply, 400, 'expiredForm');
      const role = await customRoleAt(ops, gate.at(request), request.params.ruolo);
      if (!role) return pages.message(request, reply, 404, 'notFound');
      if (!freshOrConfirm(gate.at(request), deps.clock.now(), reply, pathOf(request))) return reply;
      return save(request, reply, role);
    },
  );

  app.post<{ Body: Form; Params: { ruolo: string } }>(
    '/console/e/:ente/operatori/ruoli/:ruolo/elimina',
    write,
    async (request, reply) => {
      if (!consoleCsrfValid(request, pages.keys, request.body?._csrf))
        return pages.message(request, reply, 400, 'expiredForm');
      const role = await customRoleAt(ops, gate.at(request), request.params.ruolo);
      if (!role) return pages.message(request, reply, 404, 'notFound');
      const formUrl = `${rolesRoot(request)}/${role.id}`;
      if (!freshOrConfirm(gate.at(request), deps.clock.now(), reply, formUrl)) return reply;
      try {
        await ops.roles.remove(gate.at(request).at.id, role.id, request.actor!);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'OWN_ADMINISTRATION') throw error;
        const { t } = pages.base(request, reply);
        const values = {
          name: role.name,
          grants: role.grants,
          services: role.services === EVERY_SERVICE ? [] : role.services,
        };
        return roleForm(
          request,
          reply,
          values,
          role,
          [{ field: 'area_operators', message: t.people_ownAdministration }],
          409,
        );
      }
      return reply.redirect(`${rolesRoot(request)}?fatto=eliminato`, 303);
    },
  );
}
