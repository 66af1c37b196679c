// Proving who you are again before a sensitive act (a new API key, a new operator, a refund, a role
// change): the gate's requireFreshProof sends the operator here from the act's form page, with the
// page to return to in `dopo`; a TOTP code marks the session fresh for a few minutes (operators'
// FRESHNESS_MS) and the operator goes back. Only console addresses are returned to.
import type { FastifyInstance } from 'fastify';
import type { OperatorsModule } from '../operators/operators.module.ts';
import type { ConsoleGate } from './gate.ts';
import type { ConsolePages, FieldError } from './pages.ts';
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
  deps: { operators: Pick<OperatorsModule, 'signIn'> },
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const hide = { schema: { hide: true } } as const;
  const view = (after: string) => ({ titleKey: 'freshTitle' as const, after, cancel: after });

  app.get<{ Querystring: { dopo?: string } }>(
    '/console/conferma',
    { ...hide, preHandler: gate.requireOperator },
    async (request, reply) => pages.formPage(request, reply, 'fresh.njk', view(returnAddress(request.query.dopo))),
  );

  app.post<{ Body: { _csrf?: string; code?: string; dopo?: string } }>(
    '/console/conferma',
    { ...hide, preHandler: gate.requireOperator },
    async (request, reply) => {
      const form = request.body ?? {};
      if (!consoleCsrfValid(request, pages.keys, form._csrf)) {
        return pages.message(request, reply, 400, 'expiredForm');
      }
      const after = returnAddress(form.dopo);
      const again = (errors: FieldError[], status: number) =>
        pages.formPage(request, reply, 'fresh.njk', view(after), errors, status);
      const code = (form.code ?? '').replace(/\s+/g, '');
      if (code === '') return again([{ field: 'code', message: pages.base(request, reply).t.codeMissing }], 400);
      try {
        await deps.operators.signIn.reauthenticate(sessionToken(request) ?? '', code, fromOf(request));
        return reply.redirect(after, 303);
      } catch (error) {
        return answerRefusal(pages, request, reply, error, 'code', again);
      }
    },
  );
}
