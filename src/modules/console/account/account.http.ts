// The operator's own account page (issue 12): who they are, their second factors and their session.
// Replacing the authenticator app, new recovery codes (shown once) and adding, renaming or removing a
// passkey (passkeys.http.ts) need a recent proof of identity: the operators module refuses them
// without one (REAUTHENTICATION_REQUIRED), and the console sends the operator to /console/conferma
// and back here. Behind the operator gate: any active operator, about their own account only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import { requireFresh } from '../../operators/operator-sessions.ts';
import type { OperatorsModule } from '../../operators/operators.module.ts';
import { groupedKey, shownKey } from '../enrol.http.ts';
import { type ConsoleGate, confirmThenBack } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { answerRefusal } from '../refusals.ts';
import { fromOf } from '../sign-in.http.ts';
import { consoleCsrfValid, page, sessionToken } from '../web.ts';

export interface AccountDeps {
  operators: Pick<OperatorsModule, 'secondFactor' | 'passkeys'>;
  clock: { now(): Date };
}

export const ACCOUNT_PAGE = '/console/account';

type Form = Record<string, string | undefined>;

const when = (at: Date, lang: string) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
    timeZone: 'Europe/Rome',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(at);

/** A refused act for want of a recent proof: to the confirmation page, then back to the account. */
export function needsFreshProof(reply: FastifyReply, error: unknown): FastifyReply | undefined {
  if (error instanceof AppError && error.code === 'REAUTHENTICATION_REQUIRED') {
    return reply.redirect(confirmThenBack(ACCOUNT_PAGE), 303);
  }
  return undefined;
}

export function accountPages(deps: AccountDeps, pages: ConsolePages, gate: ConsoleGate) {
  /** The account page (again with `errors` at their fields, when a form of it was refused). */
  async function accountPage(request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], status = 400) {
    const { operator, entity, session } = gate.operatorOf(request);
    const m = pages.base(request, reply, { operator, entity });
    const { t, lang } = m;
    const summary = await deps.operators.secondFactor.summary(operator.id);
    let fresh = true;
    try {
      requireFresh(session, deps.clock.now());
    } catch {
      fresh = false;
    }
    // A new passkey's options (their challenge kept on the session) only when the act may be done.
    const registration = fresh
      ? JSON.stringify(await deps.operators.passkeys.registrationOptions(sessionToken(request) ?? ''))
      : undefined;
    const fieldErrors = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    return page(
      request,
      reply,
      'account/account.njk',
      {
        ...m,
        title: errors.length ? `${t.errorSummaryTitle}: ${t.account_title}` : t.account_title,
        errors,
        fieldErrors,
        name: operator.displayName,
        email: operator.email,
        entity: entity && { name: entity.name, fiscalCode: entity.fiscalCode },
        since: t.sessionSince
          .replace('{when}', when(session.createdAt, lang))
          .replace('{until}', when(session.expiresAt, lang)),
        fresh,
        totpSince: summary.totpSince && t.account_appSince.replace('{when}', when(summary.totpSince, lang)),
        codesLeft: t.account_codesLeft.replace('{n}', String(summary.recoveryCodesLeft)),
        passkeys: summary.passkeys.map((p) => ({
          id: p.id,
          name: p.name,
          createdAt: when(p.createdAt, lang),
          lastUsedAt: p.lastUsedAt && when(p.lastUsedAt, lang),
          renameLabel: t.account_passkeyNewName.replace('{name}', p.name),
          removeLabel: t.account_passkeyRemove.replace('{name}', p.name),
        })),
        registration,
      },
      { status: errors.length ? status : 200 },
    );
  }
  return { accountPage };
}

export function registerAccountRoutes(
  app: FastifyInstance,
  deps: AccountDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
  accountPage: ReturnType<typeof accountPages>['accountPage'],
) {
  const { secondFactor } = deps.operators;
  const signedIn = { schema: { hide: true }, preHandler: gate.requireOperator } as const;
  const codesPage = (request: FastifyRequest, reply: FastifyReply, recoveryCodes: string[]) =>
    pages.formPage(request, reply, 'account/codes.njk', { titleKey: 'recoveryTitle', recoveryCodes });
  const appPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    key: { secret: string; uri: string } | undefined,
    errors: FieldError[] = [],
    status = 400,
  ) =>
    pages.formPage(
      request,
      reply,
      'account/app.njk',
      { titleKey: 'account_appTitle', secret: key?.secret, groupedKey: key && groupedKey(key.secret), uri: key?.uri },
      errors,
      status,
    );

  app.get(ACCOUNT_PAGE, signedIn, async (request, reply) => accountPage(request, reply));

  app.post<{ Body: Form }>('/console/account/codici', signedIn, async (request, reply) => {
    if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
      return pages.message(request, reply, 400, 'expiredForm');
    }
    try {
      const codes = await secondFactor.newRecoveryCodes(sessionToken(request) ?? '', fromOf(request));
      return codesPage(request, reply, codes);
    } catch (error) {
      const away = needsFreshProof(reply, error);
      if (away) return away;
      throw error;
    }
  });

  // A new authenticator app: its key (the same one until confirmed, for this session), then a code.
  app.get(
    '/console/account/app',
    { schema: { hide: true }, preHandler: [gate.requireOperator, gate.requireFreshProof] },
    async (request, reply) => {
      try {
        return appPage(request, reply, await secondFactor.enrolTotp(sessionToken(request) ?? '', fromOf(request)));
      } catch (error) {
        const away = needsFreshProof(reply, error);
        if (away) return away;
        throw error;
      }
    },
  );

  app.post<{ Body: Form }>('/console/account/app', signedIn, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { t } = pages.base(request, reply);
    const code = (form.code ?? '').replace(/\s+/g, '');
    if (code === '') return appPage(request, reply, shownKey(form), [{ field: 'code', message: t.codeMissing }]);
    try {
      const { recoveryCodes } = await secondFactor.confirmTotp(sessionToken(request) ?? '', code, fromOf(request));
      return codesPage(request, reply, recoveryCodes);
    } catch (error) {
      return answerRefusal(pages, request, reply, error, 'code', (_errors, status) =>
        appPage(request, reply, shownKey(form), [{ field: 'code', message: t.enrolWrongCode }], status),
      );
    }
  });
}
