// Operators signing in through their entity's own OpenID Connect provider (issue 12, ADR 0042), with
// the portal's machinery (identity/oidc.ts for the protocol, identity/oidc-transactions.ts for the
// transaction kept until the callback, bound to this browser by a cookie of the console's own): the
// start sends the browser to the provider; the callback takes the transaction once, has the provider
// checked, and starts an operator session for the fiscal code it vouched for (operators' signIn.oidc).
// An identity that is no active operator of the entity gets the sign-in page's one refusal, as a
// wrong password does. The entity is the provider's (OIDC_<NAME>_ENTITY) or the sign-in page's ?ente=.
// Signing in again this way is also how an operator confirms who they are (/console/conferma): the
// new session is a fresh proof, and the browser goes back to the page it came from (?dopo=).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { Schema } from '../../db/schema.ts';
import { addCookie, cookies, hostCookie } from '../../http/web/cookies.ts';
import type { Clock } from '../../shared/clock.ts';
import { failureLimiter } from '../access-limits/rate-limit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import { OidcSignInError, OidcUnavailableError } from '../identity/oidc.ts';
import { OIDC_TRANSACTION_TTL_MS, type OidcTransactionsService } from '../identity/oidc-transactions.ts';
import { actorOf } from '../operators/operator.ts';
import type { OperatorsModule } from '../operators/operators.module.ts';
import { returnAddress } from './fresh.http.ts';
import type { ConsoleOidcProvider } from './oidc-buttons.ts';
import type { ConsolePages } from './pages.ts';
import { answerRefusal } from './refusals.ts';
import { fromOf, NO_ENTITY } from './sign-in.http.ts';
import { sessionToken, setSession } from './web.ts';

export interface ConsoleOidcDeps {
  operators: Pick<OperatorsModule, 'signIn' | 'sessions'>;
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  oidcTransactions: OidcTransactionsService;
  clock: Clock;
  database: { db: Kysely<Schema> };
}

const BROWSER_COOKIE = '__Host-cassa-console-oidc';
const ENTITY_CODE = /^\d{11}$/;
/** The transaction's provider, kept apart from the portal's providers of the same name. */
const transactionProvider = (name: string) => `console:${name}`;
/** The transaction's next page: the pages of the entity the sign-in is for, then where to go back. */
const nextOf = (fiscalCode: string, dopo: string | undefined) =>
  `/console/e/${fiscalCode}${dopo ? `?${new URLSearchParams({ dopo: returnAddress(dopo) })}` : ''}`;
const readNext = (next: string) => {
  const url = new URL(next, 'https://console.invalid');
  return {
    entityCode: url.pathname.slice('/console/e/'.length),
    after: returnAddress(url.searchParams.get('dopo') ?? '/console'),
  };
};

export const consoleRedirectUri = (publicUrl: string, name: string) =>
  `${publicUrl}/console/accedi/oidc/${name}/callback`;

export function registerConsoleOidcRoutes(
  app: FastifyInstance,
  deps: ConsoleOidcDeps,
  pages: ConsolePages,
  options: { providers: readonly ConsoleOidcProvider[]; publicUrl: string; signInPage: SignInAgain },
) {
  const hide = { schema: { hide: true } } as const;
  const byName = new Map(options.providers.map((p) => [p.provider.name, p]));
  const WINDOW_MS = 10 * 60_000;
  const limits = { db: deps.database.db, clock: deps.clock, windowMs: WINDOW_MS };
  const starts = failureLimiter({ ...limits, limit: 30 });
  const refusals = failureLimiter({ ...limits, limit: 20 });
  const overLimit = async (limiter: typeof starts, key: string, request: FastifyRequest, reply: FastifyReply) => {
    const limit = await limiter.check(key);
    if (limit.allowed) return undefined;
    reply.header('retry-after', String(limit.retryAfterSeconds));
    return pages.message(request, reply, 429, 'tooMany', Math.ceil(limit.retryAfterSeconds / 60));
  };

  app.get<{ Params: { provider: string }; Querystring: { ente?: string; dopo?: string } }>(
    '/console/accedi/oidc/:provider',
    hide,
    async (request, reply) => {
      const configured = byName.get(request.params.provider);
      if (!configured) return pages.message(request, reply, 404, 'notFound');
      const entity = configured.entity ?? request.query.ente ?? '';
      if (!ENTITY_CODE.test(entity)) return reply.redirect('/console/accedi', 303);
      const key = `console-oidc-start:${request.ip}`;
      const over = await overLimit(starts, key, request, reply);
      if (over) return over;
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      let url: URL;
      try {
        url = await configured.provider.authorizationUrl({
          redirectUri: consoleRedirectUri(options.publicUrl, configured.provider.name),
          state,
          nonce,
          codeVerifier,
        });
      } catch (error) {
        request.log.warn({ err: error, provider: configured.provider.name }, 'OpenID Connect provider unavailable');
        return pages.message(request, reply, 503, 'oidcUnavailable');
      }
      const { browserToken } = await deps.oidcTransactions.begin(
        {
          provider: transactionProvider(configured.provider.name),
          state,
          nonce,
          codeVerifier,
          next: nextOf(entity, request.query.dopo),
        },
        cookies(request).get(BROWSER_COOKIE),
        actorOf(undefined, fromOf(request)),
      );
      await starts.fail(key);
      addCookie(reply, hostCookie(BROWSER_COOKIE, browserToken, OIDC_TRANSACTION_TTL_MS / 1000));
      return reply.redirect(url.href, 303);
    },
  );

  app.get<{ Params: { provider: string }; Querystring: Record<string, string | undefined> }>(
    '/console/accedi/oidc/:provider/callback',
    hide,
    async (request, reply) => {
      const configured = byName.get(request.params.provider);
      if (!configured) return pages.message(request, reply, 404, 'notFound');
      const name = configured.provider.name;
      const key = `console-oidc-refused:${request.ip}`;
      const over = await overLimit(refusals, key, request, reply);
      if (over) return over;
      const actor = actorOf(undefined, fromOf(request));
      const refuse = async (status: number, reason: string, transactionId: string | undefined) => {
        await refusals.fail(key);
        await deps.oidcTransactions.refused({ provider: transactionProvider(name), transactionId, reason }, actor);
        return pages.message(request, reply, status, status === 503 ? 'oidcUnavailable' : 'oidcRefused');
      };
      const taken = await deps.oidcTransactions.take(
        transactionProvider(name),
        request.query.state,
        cookies(request).get(BROWSER_COOKIE),
      );
      if (!taken.transaction) return refuse(400, `transaction ${taken.problem}`, taken.id);
      const { transaction } = taken;
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      let fiscalCode: string;
      try {
        const callbackUrl = new URL(`${consoleRedirectUri(options.publicUrl, name)}${query}`);
        fiscalCode = (await configured.provider.complete(callbackUrl, transaction)).fiscalCode;
      } catch (error) {
        if (error instanceof OidcUnavailableError) return refuse(503, 'provider unavailable', transaction.id);
        if (error instanceof OidcSignInError) return refuse(401, error.reason, transaction.id);
        throw error;
      }
      const { entityCode, after } = readNext(transaction.next);
      const entity = ENTITY_CODE.test(entityCode) ? await deps.entities.byFiscalCode(entityCode) : undefined;
      try {
        const started = await deps.operators.signIn.oidc(
          { entityId: entity?.id ?? NO_ENTITY, fiscalCode },
          fromOf(request),
        );
        // A new token at every sign-in; a session this browser had before ends.
        await deps.operators.sessions.end(sessionToken(request), fromOf(request));
        setSession(reply, started.token);
        return reply.redirect(after, 303);
      } catch (error) {
        return answerRefusal(pages, request, reply, error, 'email', (errors, status) =>
          options.signInPage(request, reply, { entity: entityCode }, errors, status),
        );
      }
    },
  );
}

export type SignInAgain = (
  request: FastifyRequest,
  reply: FastifyReply,
  form: Record<string, string | undefined>,
  errors: { field: string; message: string }[],
  status: number,
) => FastifyReply | Promise<FastifyReply>;
