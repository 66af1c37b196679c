// Becoming an operator (ADR 0033, issue 12): the invitation link sets the password (the first
// administrator's link also their e-mail and name), then the authenticator app is set up — its key
// as text in groups for typing and the otpauth:// link — confirmed with a code, and the ten recovery
// codes are shown once. The operators module checks every rule and audits every step.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { OperatorsModule } from '../operators/operators.module.ts';
import { awayFrom, PENDING_STEP } from './gate.ts';
import type { ConsolePages, FieldError } from './pages.ts';
import { answerRefusal } from './refusals.ts';
import { fromOf } from './sign-in.http.ts';
import { consoleCsrfValid, sessionToken, setSession } from './web.ts';

export interface EnrolDeps {
  operators: Pick<OperatorsModule, 'secondFactor' | 'sessions' | 'invitations'>;
}

type Form = Record<string, string | undefined>;

/** The key in groups of four, as people type it into an app. */
export const groupedKey = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

// A refused confirmation shows the page again with the key it showed (sent back by the form: it is
// only displayed; the code is checked against the key stored when the page was first shown).
export const shownKey = (form: Form) => {
  const secret = form.secret ?? '';
  const uri = form.uri ?? '';
  return /^[A-Z2-7]{16,64}$/.test(secret) && uri.startsWith('otpauth://totp/') ? { secret, uri } : undefined;
};

export function registerEnrolRoutes(app: FastifyInstance, deps: EnrolDeps, pages: ConsolePages) {
  const { keys, formPage, message } = pages;
  const { secondFactor, sessions, invitations } = deps.operators;
  const hide = { schema: { hide: true } } as const;

  const enrolPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    key: { secret: string; uri: string } | undefined,
    errors: FieldError[] = [],
    status = 400,
  ) =>
    formPage(
      request,
      reply,
      'enrol.njk',
      { titleKey: 'enrolTitle', secret: key?.secret, groupedKey: key && groupedKey(key.secret), uri: key?.uri },
      errors,
      status,
    );

  const elsewhere = (request: FastifyRequest) => awayFrom(sessions, sessionToken(request), 'enrol');

  app.get('/console/attiva', hide, async (request, reply) => {
    const away = await elsewhere(request);
    if (away) return reply.redirect(away, 303);
    const key = await secondFactor.enrolTotp(sessionToken(request) ?? '', fromOf(request));
    return enrolPage(request, reply, key);
  });

  app.post<{ Body: Form }>('/console/attiva', hide, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, keys, form._csrf)) return message(request, reply, 400, 'expiredForm');
    // Sent again once active (the browser's reload): nothing to confirm, and no failure to count.
    const away = await elsewhere(request);
    if (away) return reply.redirect(away, 303);
    try {
      const { recoveryCodes } = await secondFactor.confirmTotp(
        sessionToken(request) ?? '',
        (form.code ?? '').trim(),
        fromOf(request),
      );
      return formPage(request, reply, 'recovery.njk', { titleKey: 'recoveryTitle', recoveryCodes });
    } catch (error) {
      return answerRefusal(pages, request, reply, error, 'code', (errors, status) => {
        const { t } = pages.base(request, reply);
        const worded = errors.map((e) => (e.field === 'code' ? { field: 'code', message: t.enrolWrongCode } : e));
        return enrolPage(request, reply, shownKey(form), worded, status);
      });
    }
  });

  const invitationPage = async (
    request: FastifyRequest<{ Params: { token: string } }>,
    reply: FastifyReply,
    form: Form,
    errors: FieldError[] = [],
  ) => {
    const invitation = await invitations.describe(request.params.token);
    return formPage(
      request,
      reply,
      'invitation.njk',
      { titleKey: 'invitationTitle', invitation, email: form.email ?? '', displayName: form.displayName ?? '' },
      errors,
      400,
    );
  };

  const invalidInvitation = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (error instanceof AppError && error.code === 'INVITATION_INVALID') {
      return message(request, reply, 404, 'invitationInvalid');
    }
    throw error;
  };

  app.get<{ Params: { token: string } }>('/console/invito/:token', hide, async (request, reply) => {
    try {
      return await invitationPage(request, reply, {});
    } catch (error) {
      return invalidInvitation(request, reply, error);
    }
  });

  app.post<{ Params: { token: string }; Body: Form }>('/console/invito/:token', hide, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, keys, form._csrf)) return message(request, reply, 400, 'expiredForm');
    try {
      const { t } = pages.base(request, reply);
      if ((form.password ?? '') !== (form.passwordRepeat ?? '')) {
        return await invitationPage(request, reply, form, [{ field: 'passwordRepeat', message: t.passwordsDiffer }]);
      }
      const started = await invitations.accept(
        request.params.token,
        {
          password: form.password ?? '',
          ...(form.email !== undefined && { email: form.email }),
          ...(form.displayName !== undefined && { displayName: form.displayName }),
        },
        fromOf(request),
      );
      await sessions.end(sessionToken(request), fromOf(request));
      setSession(reply, started.token);
      return reply.redirect(PENDING_STEP.enrol, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        return answerRefusal(pages, request, reply, error, 'password', (errors) =>
          invitationPage(request, reply, form, errors),
        );
      }
      return invalidInvitation(request, reply, error);
    }
  });
}
