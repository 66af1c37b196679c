// Proving who you are again before a sensitive act (a new API key, a new operator, a refund, a role
// change): the gate's requireFreshProof sends the operator here from the act's form page, with the
// page to return to in `dopo`; a TOTP code — or a passkey, with JavaScript — marks the session fresh
// for a few minutes (operators' FRESHNESS_MS) and the operator goes back. Only console addresses are
// returned to.
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorsModule } from '../operators/operators.module.ts';
import type { ConsoleGate } from './gate.ts';
import { type ConsoleOidcProvider, oidcButtons } from './oidc-buttons.ts';
import type { ConsolePages, FieldError } from './pages.ts';
import { passkeyRequestJson, passkeyResponse } from './passkey-json.ts';
import { answerRefusal } from './refusals.ts';
import { fromOf } from './sign-in.http.ts';
import { consoleCsrfValid, sessionToken } from './web.ts';

/** Where to go back after confirming: a console address of this site, else the console's home. */
export const returnAddress = (value: unknown): string =>
  typeof value === 'string' && /^\/console(\/[^\s\\]*)?(\?[^\s\\]*)?$/.test(value) && !value.startsWith('//')
    ? value
    : '/console';

export function registerFreshRoutes(
  app: FastifyInstance,
  deps: { operators: Pick<OperatorsModule, 'signIn' | 'passkeys'> },
  pages: ConsolePages,
  gate: ConsoleGate,
  providers: readonly ConsoleOidcProvider[] = [],
) {
  const hide = { schema: { hide: true } } as const;
  const view = async (request: FastifyRequest, reply: FastifyReply, after: string) => ({
    titleKey: 'freshTitle' as const,
    after,
    cancel: after,
    passkeyAction: '/console/conferma',
    passkeyOptions: await passkeyRequestJson(deps.operators.passkeys, sessionToken(request)),
    // Signing in again through the entity's provider is a fresh proof too (oidc.http.ts).
    oidc: oidcAgain(request, reply, after),
  });
  const oidcAgain = (request: FastifyRequest, reply: FastifyReply, after: string) => {
    const { entity } = gate.operatorOf(request);
    const { t } = pages.base(request, reply);
    return entity ? oidcButtons(providers, entity.fiscalCode, t.account_oidcButton, after) : [];
  };

  app.get<{ Querystring: { dopo?: string } }>(
    '/console/conferma',
    { ...hide, preHandler: gate.requireOperator },
    async (request, reply) =>
      pages.formPage(request, reply, 'fresh.njk', await view(request, reply, returnAddress(request.query.dopo))),
  );

  app.post<{ Body: { _csrf?: string; code?: string; dopo?: string; response?: string } }>(
    '/console/conferma',
    { ...hide, preHandler: gate.requireOperator },
    async (request, reply) => {
      const form = request.body ?? {};
      if (!consoleCsrfValid(request, pages.keys, form._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      const after = returnAddress(form.dopo);
      const again = async (errors: FieldError[], status: number) =>
        pages.formPage(request, reply, 'fresh.njk', await view(request, reply, after), errors, status);
      const { t } = pages.base(request, reply);
      const passkey = form.response ? passkeyResponse<AuthenticationResponseJSON>(form.response) : undefined;
      if (form.response && !passkey) return again([{ field: 'code', message: t.account_passkeyRefused }], 400);
      const code = (form.code ?? '').replace(/\s+/g, '');
      if (code === '' && !passkey) return again([{ field: 'code', message: t.codeMissing }], 400);
      const token = sessionToken(request) ?? '';
      try {
        if (passkey) await deps.operators.passkeys.reauthenticate(token, passkey, fromOf(request));
        else await deps.operators.signIn.reauthenticate(token, code, fromOf(request));
        return reply.redirect(after, 303);
      } catch (error) {
        return answerRefusal(pages, request, reply, error, 'code', again);
      }
    },
  );
}
