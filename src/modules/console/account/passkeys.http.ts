// The operator's passkeys on their account page: adding one (the browser's answer to the options the
// page carried, verified by the operators module; needs JavaScript), renaming and removing one. Each
// needs a recent proof of identity (else the confirmation page and back); a passkey is named by its
// credential id among the operator's own (another's is the same 404 as none).
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { passkeyResponse } from '../passkey-json.ts';
import { answerRefusal } from '../refusals.ts';
import { fromOf } from '../sign-in.http.ts';
import { consoleCsrfValid, sessionToken } from '../web.ts';
import { ACCOUNT_PAGE, type AccountDeps, type accountPages, needsFreshProof } from './account.http.ts';

type Form = Record<string, string | undefined>;

export function registerPasskeyRoutes(
  app: FastifyInstance,
  deps: AccountDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
  accountPage: ReturnType<typeof accountPages>['accountPage'],
) {
  const { passkeys, secondFactor } = deps.operators;
  const signedIn = { schema: { hide: true }, preHandler: gate.requireOperator } as const;

  /** The field of the passkey a form names (its row on the page), or undefined when it names none of theirs. */
  const rowField = async (request: FastifyRequest, prefix: string, id: string) => {
    const { operator } = gate.operatorOf(request);
    const index = (await secondFactor.summary(operator.id)).passkeys.findIndex((p) => p.id === id);
    return index < 0 ? undefined : `${prefix}-${index + 1}`;
  };

  /** Runs a passkey act; a stale proof → the confirmation page; a refusal → the account page with it. */
  const act = async (
    request: FastifyRequest,
    reply: FastifyReply,
    run: () => Promise<unknown>,
    refused: (error: AppError) => FieldError[] | undefined,
  ) => {
    try {
      await run();
      return reply.redirect(ACCOUNT_PAGE, 303);
    } catch (error) {
      const away = needsFreshProof(reply, error);
      if (away) return away;
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        return pages.message(request, reply, 404, 'notFound');
      const errors = error instanceof AppError ? refused(error) : undefined;
      if (errors) return accountPage(request, reply, errors, 400);
      throw error;
    }
  };

  app.post<{ Body: Form }>('/console/account/passkey', signedIn, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { t } = pages.base(request, reply);
    const response = passkeyResponse<RegistrationResponseJSON>(form.response);
    const refusedHere = [{ field: 'passkeyName', message: t.account_passkeyRefused }];
    if (!response) return accountPage(request, reply, refusedHere, 400);
    try {
      await passkeys.register(sessionToken(request) ?? '', response, form.passkeyName ?? '', fromOf(request));
      return reply.redirect(ACCOUNT_PAGE, 303);
    } catch (error) {
      const away = needsFreshProof(reply, error);
      if (away) return away;
      return answerRefusal(pages, request, reply, error, 'passkeyName', (_errors, status) =>
        accountPage(request, reply, refusedHere, status),
      );
    }
  });

  app.post<{ Body: Form }>('/console/account/passkey/nome', signedIn, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { t } = pages.base(request, reply);
    const id = form.id ?? '';
    const field = id ? await rowField(request, 'rename', id) : undefined;
    if (!id) return accountPage(request, reply, [{ field: 'passkeys', message: t.account_choosePasskey }]);
    return act(
      request,
      reply,
      () => passkeys.rename(sessionToken(request) ?? '', id, form.name ?? '', fromOf(request)),
      (error) =>
        error.code === 'VALIDATION_FAILED'
          ? [{ field: field ?? 'passkeys', message: t.account_passkeyNameInvalid }]
          : undefined,
    );
  });

  app.post<{ Body: Form }>('/console/account/passkey/rimuovi', signedIn, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { t } = pages.base(request, reply);
    const id = form.id ?? '';
    if (!id) return accountPage(request, reply, [{ field: 'passkeys', message: t.account_choosePasskey }]);
    const field = await rowField(request, 'remove', id);
    return act(
      request,
      reply,
      () => passkeys.remove(sessionToken(request) ?? '', id, fromOf(request)),
      (error) =>
        error.code === 'VALIDATION_FAILED'
          ? [{ field: field ?? 'passkeys', message: t.account_passkeyOnly }]
          : undefined,
    );
  });
}
