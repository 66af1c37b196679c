// Signing in to the console (ADR 0033, issue 12): e-mail and password (at an entity, by its fiscal
// code; empty for the installation's administrators), then a code of the authenticator app or a
// recovery code; and signing out. Every refusal of a step is the same message (SIGN_IN_FAILED);
// too many failures from here is its own page. The operators module audits every step.
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { OperatorsModule } from '../operators/operators.module.ts';
import { awayFrom, PENDING_STEP } from './gate.ts';
import { type ConsoleOidcProvider, oidcButtons } from './oidc-buttons.ts';
import type { ConsolePages, FieldError } from './pages.ts';
import { passkeyRequestJson, passkeyResponse } from './passkey-json.ts';
import { answerRefusal } from './refusals.ts';
import { consoleCsrfValid, sessionToken, setSession } from './web.ts';

export interface SignInDeps {
  operators: Pick<OperatorsModule, 'signIn' | 'sessions' | 'passkeys'>;
  entities: Pick<EntitiesService, 'byFiscalCode'>;
}

type Form = Record<string, string | undefined>;

/** Where a request comes from, for the audit trail and the limits on failures. */
export const fromOf = (request: FastifyRequest) => ({ requestId: request.id, address: request.ip });

// The id tried for an entity fiscal code that names none: no operator has it, so the sign-in is
// refused after the same work as a wrong password, counted against the address (ADR 0035).
export const NO_ENTITY = '00000000-0000-0000-0000-000000000000';

// A 6-digit code (spaces allowed) is the app's; anything else is tried as a recovery code.
const isAppCode = (code: string) => /^\d{6}$/.test(code.replace(/\s+/g, ''));

/** The sign-in page (again, with `errors`): the form, and a button per usable identity provider. */
export function signInPageOf(pages: ConsolePages, providers: readonly ConsoleOidcProvider[]) {
  return (request: FastifyRequest, reply: FastifyReply, form: Form, errors: FieldError[] = [], status = 400) => {
    const entity = form.entity ?? '';
    const { t } = pages.base(request, reply);
    const oidc = oidcButtons(providers, /^\d{11}$/.test(entity) ? entity : '', t.account_oidcButton);
    return pages.formPage(
      request,
      reply,
      'signin.njk',
      { titleKey: 'signInTitle', entity, email: form.email ?? '', oidc },
      errors,
      status,
    );
  };
}

export function registerSignInRoutes(
  app: FastifyInstance,
  deps: SignInDeps,
  pages: ConsolePages,
  signInPage: ReturnType<typeof signInPageOf>,
) {
  const { keys, formPage, message } = pages;
  const { signIn, sessions } = deps.operators;
  const hide = { schema: { hide: true } } as const;

  app.get<{ Querystring: { ente?: string } }>('/console/accedi', hide, async (request, reply) => {
    const resolved = await sessions.resolve(sessionToken(request));
    if (resolved?.session.stage === 'active') return reply.redirect('/console', 303);
    const ente = request.query.ente;
    return signInPage(request, reply, { entity: ente && /^\d{11}$/.test(ente) ? ente : '' });
  });

  app.post<{ Body: Form }>('/console/accedi', hide, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, keys, form._csrf)) return message(request, reply, 400, 'expiredForm');
    const entityCode = (form.entity ?? '').trim();
    const { t } = pages.base(request, reply);
    if (entityCode !== '' && !/^\d{11}$/.test(entityCode)) {
      return signInPage(request, reply, form, [{ field: 'entity', message: t.entityInvalid }]);
    }
    const entity = entityCode ? await deps.entities.byFiscalCode(entityCode) : undefined;
    try {
      const started = await signIn.password(
        {
          entityId: entityCode ? (entity?.id ?? NO_ENTITY) : null,
          email: form.email ?? '',
          password: form.password ?? '',
        },
        fromOf(request),
      );
      // A new token at every sign-in; a session this browser had before ends.
      await sessions.end(sessionToken(request), fromOf(request));
      setSession(reply, started.token);
      const stage = started.session.stage;
      return reply.redirect(stage === 'active' ? '/console' : PENDING_STEP[stage], 303);
    } catch (error) {
      return answerRefusal(pages, request, reply, error, 'email', (errors, status) =>
        signInPage(request, reply, form, errors, status),
      );
    }
  });

  const elsewhere = (request: FastifyRequest) => awayFrom(sessions, sessionToken(request), 'second-factor');

  // The code's page, with the passkey button when the operator has passkeys (and JavaScript is on).
  const codePage = async (request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], status = 400) =>
    formPage(
      request,
      reply,
      'code.njk',
      {
        titleKey: 'codeTitle',
        passkeyAction: '/console/accedi/codice',
        passkeyOptions: await passkeyRequestJson(deps.operators.passkeys, sessionToken(request)),
      },
      errors,
      status,
    );

  app.get('/console/accedi/codice', hide, async (request, reply) => {
    const away = await elsewhere(request);
    if (away) return reply.redirect(away, 303);
    return codePage(request, reply);
  });

  app.post<{ Body: Form }>('/console/accedi/codice', hide, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, keys, form._csrf)) return message(request, reply, 400, 'expiredForm');
    // Only the browser at this step (an expired sign-in starts again; an active one has nothing to do).
    const away = await elsewhere(request);
    if (away) return reply.redirect(away, 303);
    const code = (form.code ?? '').trim();
    const again = (errors: FieldError[], status: number) => codePage(request, reply, errors, status);
    const { t } = pages.base(request, reply);
    const passkey = form.response ? passkeyResponse<AuthenticationResponseJSON>(form.response) : undefined;
    if (form.response && !passkey) return again([{ field: 'code', message: t.account_passkeyRefused }], 400);
    if (code === '' && !passkey) return again([{ field: 'code', message: t.codeMissing }], 400);
    const token = sessionToken(request) ?? '';
    try {
      if (passkey) await deps.operators.passkeys.authenticate(token, passkey, fromOf(request));
      else if (isAppCode(code)) await signIn.totp(token, code, fromOf(request));
      else await signIn.recoveryCode(token, code, fromOf(request));
      return reply.redirect('/console', 303);
    } catch (error) {
      return answerRefusal(pages, request, reply, error, 'code', again);
    }
  });

  app.post<{ Body: Form }>('/console/esci', hide, async (request, reply) => {
    if (!consoleCsrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm');
    await sessions.end(sessionToken(request), fromOf(request));
    setSession(reply, '');
    return reply.redirect('/console/accedi', 303);
  });
}
