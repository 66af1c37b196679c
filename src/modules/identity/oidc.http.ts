// Signing in with SPID/CIE through OpenID Connect: /accedi/oidc/<provider> keeps a new transaction
// (state, nonce, PKCE verifier, where to go next) and sends the browser to the provider; its
// callback takes the transaction once, has openid-client check the answer, and starts the session
// for the fiscal code the provider vouched for. Any failure is a page saying so, with no session,
// and an audit record of the refusal. The pages are the area's (the portal's: portal/oidc-pages.ts),
// given as a port, so that identity depends on no area.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { Schema } from '../../db/schema.ts';
import { cookies } from '../../http/web/cookies.ts';
import type { Clock } from '../../shared/clock.ts';
import { tooManyRequests } from '../../shared/errors.ts';
import { failureLimiter } from '../access-limits/rate-limit.ts';
import { citizenActor } from './citizen-actor.ts';
import { type OidcProvider, OidcSignInError, OidcUnavailableError } from './oidc.ts';
import { OIDC_TRANSACTION_TTL_MS, type OidcTransactionsService } from './oidc-transactions.ts';
import { sessionCookie } from './session-cookie.ts';
import type { SessionsService } from './sessions.service.ts';

export interface OidcDeps {
  sessions: Pick<SessionsService, 'start'>;
  oidcTransactions: OidcTransactionsService;
  /** The database and clock of the per-address limits, shared by every process. */
  db: Kysely<Schema>;
  clock: Clock;
}

export interface OidcRouteOptions {
  providers: readonly OidcProvider[];
  /** Cassa's public base URL: the redirect URIs registered with the providers are under it. */
  publicUrl: string;
}

/** Binds a transaction to the browser that started it; SameSite=Lax still comes back on the redirect. */
const BROWSER_COOKIE = '__Host-cassa-oidc';
const browserCookie = (token: string) =>
  `${BROWSER_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${OIDC_TRANSACTION_TTL_MS / 1000}`;

export const redirectUriOf = (publicUrl: string, provider: string) => `${publicUrl}/accedi/oidc/${provider}/callback`;

/** Why a sign-in was refused, and its status: the transaction (state), the citizen, the provider. */
export const OIDC_REFUSALS = {
  state: 400,
  cancelled: 401,
  failed: 401,
  fiscalCode: 401,
  unavailable: 503,
} as const;
export type OidcRefusal = keyof typeof OIDC_REFUSALS;

/** The pages of the area citizens sign in to (the portal's), and where it lets them go next. */
export interface OidcPages {
  notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /** The refusal's page, with its status, and a way to try again that leads on to `next`. */
  refused(request: FastifyRequest, reply: FastifyReply, refusal: OidcRefusal, next: string): FastifyReply;
  /** The area's own path for `next`, or its home (no open redirect). */
  safeNext(next: unknown): string;
}

export function registerOidcRoutes(app: FastifyInstance, deps: OidcDeps, pages: OidcPages, options: OidcRouteOptions) {
  const { safeNext } = pages;
  const html = { hide: true } as const;
  const byName = new Map(options.providers.map((p) => [p.name, p]));
  // Both routes write for anonymous callers (a transaction, an audit record): per address, at most
  // 30 sign-ins started and 20 refused callbacks in 10 minutes.
  const WINDOW_MS = 10 * 60_000;
  const starts = failureLimiter({ db: deps.db, clock: deps.clock, limit: 30, windowMs: WINDOW_MS });
  const refusals = failureLimiter({ db: deps.db, clock: deps.clock, limit: 20, windowMs: WINDOW_MS });
  /** Stops the request with TOO_MANY_REQUESTS (the error handler's 429 page) when the key is over the limit. */
  const admit = async (limiter: typeof starts, key: string) => {
    const limit = await limiter.check(key);
    if (!limit.allowed) throw tooManyRequests(limit.retryAfterSeconds);
  };

  const refusedPage = (request: FastifyRequest, reply: FastifyReply, refusal: OidcRefusal, next = '/') =>
    pages.refused(request, reply, refusal, next);

  app.get<{ Params: { provider: string }; Querystring: { next?: string } }>(
    '/accedi/oidc/:provider',
    { schema: html },
    async (request, reply) => {
      const provider = byName.get(request.params.provider);
      if (!provider) return pages.notFound(request, reply);
      await admit(starts, `oidc-start:${request.ip}`);
      const next = safeNext(request.query.next);
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      let url: URL;
      try {
        url = await provider.authorizationUrl({
          redirectUri: redirectUriOf(options.publicUrl, provider.name),
          state,
          nonce,
          codeVerifier,
        });
      } catch (error) {
        request.log.warn({ err: error, provider: provider.name }, 'OpenID Connect provider unavailable');
        return refusedPage(request, reply, 'unavailable', next);
      }
      const { browserToken } = await deps.oidcTransactions.begin(
        { provider: provider.name, state, nonce, codeVerifier, next },
        cookies(request).get(BROWSER_COOKIE),
        citizenActor(request),
      );
      await starts.fail(`oidc-start:${request.ip}`);
      return reply.header('set-cookie', browserCookie(browserToken)).redirect(url.href, 303);
    },
  );

  app.get<{ Params: { provider: string }; Querystring: Record<string, string | undefined> }>(
    '/accedi/oidc/:provider/callback',
    { schema: html },
    async (request, reply) => {
      const provider = byName.get(request.params.provider);
      if (!provider) return pages.notFound(request, reply);
      const refusedKey = `oidc-refused:${request.ip}`;
      await admit(refusals, refusedKey);
      const actor = citizenActor(request);
      const taken = await deps.oidcTransactions.take(
        provider.name,
        request.query.state,
        cookies(request).get(BROWSER_COOKIE),
      );
      if (!taken.transaction) {
        await refusals.fail(refusedKey);
        await deps.oidcTransactions.refused(
          { provider: provider.name, transactionId: taken.id, reason: `transaction ${taken.problem}` },
          actor,
        );
        return refusedPage(request, reply, 'state');
      }
      const { transaction } = taken;
      const refuse = async (refusal: OidcRefusal, reason: string) => {
        await refusals.fail(refusedKey);
        await deps.oidcTransactions.refused({ provider: provider.name, transactionId: transaction.id, reason }, actor);
        return refusedPage(request, reply, refusal, transaction.next);
      };
      // The answer as openid-client must see it: the registered redirect URI with this query.
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const callbackUrl = new URL(`${redirectUriOf(options.publicUrl, provider.name)}${query}`);
      let identity: Awaited<ReturnType<OidcProvider['complete']>>;
      try {
        identity = await provider.complete(callbackUrl, transaction);
      } catch (error) {
        if (error instanceof OidcUnavailableError) {
          request.log.warn({ err: error, provider: provider.name }, 'OpenID Connect provider unavailable');
          return refuse('unavailable', 'provider unavailable');
        }
        if (!(error instanceof OidcSignInError)) throw error;
        const refusal = ({ cancelled: 'cancelled', fiscalCode: 'fiscalCode', refused: 'failed' } as const)[error.kind];
        return refuse(refusal, error.reason);
      }
      // A new session token at every sign-in, as for every other way in.
      const { token } = await deps.sessions.start(
        { fiscalCode: identity.fiscalCode, fullName: identity.fullName, method: provider.kind },
        citizenActor(request, identity),
      );
      return reply.header('set-cookie', sessionCookie(token)).redirect(safeNext(transaction.next), 303);
    },
  );
}
