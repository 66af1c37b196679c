// The entity's operators (/console/e/:ente/operatori): the list with roles, state and last sign-in;
// inviting one (a sensitive act: the link is shown once, to pass on); disabling (their sessions end)
// and enabling (the roles: operator-roles.http.ts). Each change is the operators module's,
// which writes the audit record naming the operator who made it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import { reachesArea } from '../../../shared/principal.ts';
import type { Invitation } from '../../operators/invitations.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { fieldMessage } from '../refusals.ts';
import { consoleCsrfValid } from '../web.ts';
import { signInFacts } from './people.db.ts';
import {
  chosenIds,
  freshOrConfirm,
  operatorAt,
  operatorsUrl,
  type PeopleDeps,
  pathOf,
  roleName,
  when,
} from './people.ts';

type Form = Record<string, string | string[] | undefined>;
const one = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');

export function registerOperatorRoutes(app: FastifyInstance, deps: PeopleDeps, pages: ConsolePages, gate: ConsoleGate) {
  const ops = deps.operators;
  const read = gate.entityRoute('operators', 'read');
  const write = gate.entityRoute('operators', 'write');
  const sensitive = gate.entityRoute('operators', 'write', { fresh: true });

  async function listPage(request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], status = 200) {
    const at = gate.at(request);
    const { t, lang } = pages.base(request, reply);
    const operators = await ops.accounts.list(at.at.id);
    const facts = await signInFacts(
      deps.db,
      operators.map((o) => o.id),
    );
    const now = deps.clock.now();
    const base = operatorsUrl(at);
    const done = (request.query as { fatto?: string }).fatto;
    const rows = operators.map((o) => {
      const f = facts.get(o.id);
      const locked = f?.lockedUntil && f.lockedUntil > now ? f.lockedUntil : undefined;
      const state =
        o.status === 'disabled'
          ? t.people_state_disabled
          : locked
            ? t.people_state_locked.replace('{until}', when(locked, lang))
            : o.hasPassword
              ? t.people_state_active
              : t.people_state_invited;
      return {
        id: o.id,
        name: o.displayName,
        email: o.email,
        roles: o.roles.map((r) => roleName(r, t)).join(', ') || t.people_noRoles,
        state,
        lastSignIn: f?.lastSignIn ? when(f.lastSignIn, lang) : t.people_never,
        disabled: o.status === 'disabled',
        self: o.id === at.operator.id,
        statusUrl: `${base}/${o.id}/stato`,
        rolesUrl: `${base}/${o.id}/ruoli`,
        toggleLabel: (o.status === 'disabled' ? t.people_enable : t.people_disable).replace('{name}', o.displayName),
        rolesLabel: t.people_changeRoles.replace('{name}', o.displayName),
        invited: o.status === 'active' && !o.hasPassword,
        inviteUrl: `${base}/${o.id}/invito`,
        inviteLabel: t.people_newLink.replace('{name}', o.displayName),
      };
    });
    const notice = { disabled: t.people_disabledDone, enabled: t.people_enabledDone, ruoli: t.people_rolesDone }[
      done as 'disabled'
    ];
    return pages.formPage(
      request,
      reply,
      'people/operators.njk',
      {
        titleKey: 'people_title',
        rows,
        notice,
        canWrite: reachesArea(at.principal, at.at.id, 'operators', 'write'),
        inviteUrl: `${base}/invita`,
        rolesUrl: `${base}/ruoli`,
      },
      errors,
      status,
    );
  }

  app.get('/console/e/:ente/operatori', read, (request, reply) => listPage(request, reply));

  /** The page with an invitation's link, shown this once. */
  function showLink(
    request: FastifyRequest,
    reply: FastifyReply,
    operator: { displayName: string; email: string },
    invitation: Invitation,
  ) {
    const { t, lang } = pages.base(request, reply);
    return pages.formPage(request, reply, 'people/invited.njk', {
      titleKey: 'people_invitedTitle',
      text: t.people_invitedText
        .replace('{name}', operator.displayName)
        .replace('{email}', operator.email)
        .replace('{until}', when(invitation.expiresAt, lang)),
      link: invitation.url,
      back: operatorsUrl(gate.at(request)),
    });
  }

  // ---- Inviting

  async function inviteForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    errors: FieldError[] = [],
    status = 400,
  ) {
    const at = gate.at(request);
    const { t } = pages.base(request, reply);
    const roles = await ops.roles.list(at.at.id);
    const chosen = new Set(chosenIds(form, 'ruolo_'));
    return pages.formPage(
      request,
      reply,
      'people/invite.njk',
      {
        titleKey: 'people_invite',
        action: pathOf(request),
        email: one(form, 'email'),
        displayName: one(form, 'displayName'),
        roles: roles.map((r) => ({ id: r.id, name: roleName(r, t), checked: chosen.has(r.id) })),
        back: operatorsUrl(at),
      },
      errors,
      status,
    );
  }

  app.get('/console/e/:ente/operatori/invita', sensitive, (request, reply) => inviteForm(request, reply, {}));

  app.post<{ Body: Form }>('/console/e/:ente/operatori/invita', write, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const at = gate.at(request);
    if (!freshOrConfirm(at, deps.clock.now(), reply, pathOf(request))) return reply;
    const { t, lang } = pages.base(request, reply);
    const roles = await ops.roles.list(at.at.id);
    const chosen = chosenIds(form, 'ruolo_').map((id) => roles.find((r) => r.id === id));
    if (chosen.some((r) => !r))
      return inviteForm(request, reply, form, [{ field: 'ruoli', message: t.people_roleUnknown }]);
    try {
      const operator = await ops.accounts.create(
        {
          entityId: at.at.id,
          email: one(form, 'email'),
          displayName: one(form, 'displayName'),
          roles: chosen.map((r) => r!.builtin ?? r!.name),
        },
        request.actor!,
      );
      return showLink(request, reply, operator, await ops.invitations.invite(operator.id, request.actor!));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'VALIDATION_FAILED' || error.code === 'OPERATOR_EXISTS') {
        const errors = error.problems.map((p) => ({
          field: p.path,
          message: error.code === 'OPERATOR_EXISTS' ? error.message : fieldMessage(p.path, p.message, lang),
        }));
        return inviteForm(request, reply, form, errors, error.code === 'OPERATOR_EXISTS' ? 409 : 400);
      }
      throw error;
    }
  });

  // A new link for an operator who has not chosen a password yet (the old one may have expired).
  app.post<{ Body: Form; Params: { operatore: string } }>(
    '/console/e/:ente/operatori/:operatore/invito',
    write,
    async (request, reply) => {
      const at = gate.at(request);
      const target = await operatorAt(ops, at, request.params.operatore);
      if (!target) return pages.message(request, reply, 404, 'notFound');
      if (!freshOrConfirm(at, deps.clock.now(), reply, operatorsUrl(at))) return reply;
      if (target.hasPassword || target.status !== 'active') {
        const { t } = pages.base(request, reply);
        return listPage(request, reply, [{ field: 'stato', message: t.people_notInvited }], 409);
      }
      return showLink(request, reply, target, await ops.invitations.invite(target.id, request.actor!));
    },
  );

  // ---- Disabling and enabling

  app.post<{ Body: Form; Params: { operatore: string } }>(
    '/console/e/:ente/operatori/:operatore/stato',
    write,
    async (request, reply) => {
      const form = request.body ?? {};
      if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
      const at = gate.at(request);
      const target = await operatorAt(ops, at, request.params.operatore);
      if (!target) return pages.message(request, reply, 404, 'notFound');
      const status = one(form, 'stato');
      if (status !== 'active' && status !== 'disabled') {
        return listPage(
          request,
          reply,
          [{ field: 'stato', message: pages.base(request, reply).t.people_stateProblem }],
          400,
        );
      }
      try {
        await ops.accounts.setStatus(target.id, status, request.actor!);
      } catch (error) {
        if (error instanceof AppError && error.code === 'OWN_ADMINISTRATION') {
          return listPage(request, reply, [ownAdministration(request, reply, pages)], 409);
        }
        throw error;
      }
      return reply.redirect(`${operatorsUrl(at)}?fatto=${status === 'disabled' ? 'disabled' : 'enabled'}`, 303);
    },
  );
}

export const ownAdministration = (request: FastifyRequest, reply: FastifyReply, pages: ConsolePages): FieldError => ({
  field: 'ruoli',
  message: pages.base(request, reply).t.people_ownAdministration,
});
