// Changing an entity's operator's roles (/console/e/:ente/operatori/:operatore/ruoli): a sensitive act
// (a recent proof of identity on the form and on the POST); the roles become exactly those chosen
// (roles.setRoles writes the audit record), and an operator may not drop their own last role that
// manages operators (said at the field).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import type { OperatorWithRoles } from '../../operators/operators.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { consoleCsrfValid } from '../web.ts';
import { ownAdministration } from './operators.http.ts';
import { chosenIds, freshOrConfirm, operatorAt, operatorsUrl, type PeopleDeps, pathOf, roleName } from './people.ts';

type Form = Record<string, string | string[] | undefined>;

export function registerOperatorRoleRoutes(
  app: FastifyInstance,
  deps: PeopleDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const ops = deps.operators;
  const write = gate.entityRoute('operators', 'write');
  const sensitive = gate.entityRoute('operators', 'write', { fresh: true });

  // ---- Changing an operator's roles

  async function rolesForm(
    request: FastifyRequest,
    reply: FastifyReply,
    target: OperatorWithRoles,
    chosen: string[],
    errors: FieldError[] = [],
    status = 400,
  ) {
    const at = gate.at(request);
    const { t } = pages.base(request, reply);
    const roles = await ops.roles.list(at.at.id);
    return pages.formPage(
      request,
      reply,
      'people/operator-roles.njk',
      {
        titleKey: 'people_roles',
        heading: t.people_changeRoles.replace('{name}', target.displayName),
        action: pathOf(request),
        roles: roles.map((r) => ({ id: r.id, name: roleName(r, t), checked: chosen.includes(r.id) })),
        back: operatorsUrl(at),
      },
      errors,
      status,
    );
  }

  app.get<{ Params: { operatore: string } }>(
    '/console/e/:ente/operatori/:operatore/ruoli',
    sensitive,
    async (request, reply) => {
      const target = await operatorAt(ops, gate.at(request), request.params.operatore);
      if (!target) return pages.message(request, reply, 404, 'notFound');
      return rolesForm(
        request,
        reply,
        target,
        target.roles.map((r) => r.id),
      );
    },
  );

  app.post<{ Body: Form; Params: { operatore: string } }>(
    '/console/e/:ente/operatori/:operatore/ruoli',
    write,
    async (request, reply) => {
      const form = request.body ?? {};
      if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
      const at = gate.at(request);
      const target = await operatorAt(ops, at, request.params.operatore);
      if (!target) return pages.message(request, reply, 404, 'notFound');
      if (!freshOrConfirm(at, deps.clock.now(), reply, pathOf(request))) return reply;
      const chosen = chosenIds(form, 'ruolo_');
      try {
        await ops.roles.setRoles(target.id, chosen, request.actor!);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'OWN_ADMINISTRATION') {
          return rolesForm(request, reply, target, chosen, [ownAdministration(request, reply, pages)], 409);
        }
        if (error.code === 'VALIDATION_FAILED') {
          const { t } = pages.base(request, reply);
          return rolesForm(request, reply, target, chosen, [{ field: 'ruoli', message: t.people_roleUnknown }]);
        }
        throw error;
      }
      return reply.redirect(`${operatorsUrl(at)}?fatto=ruoli`, 303);
    },
  );
}
