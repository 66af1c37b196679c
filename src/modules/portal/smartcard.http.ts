// GET /accedi/certificato: signing in with a smart card (CNS/CIE). The certificate comes either from
// this TLS connection (Cassa terminates TLS and asks for client certificates) or from a header set
// by a reverse proxy that did the TLS — believed only when the request comes straight from one of
// the trusted proxies. Either way it is checked here (identity/smartcard.ts); a refusal is a page
// saying why, no session, and an audit record.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { peerCertificates } from '../../shared/x509.ts';
import { recordAudit } from '../audit/audit.ts';
import { citizenActor } from '../identity/citizen-actor.ts';
import { sessionCookie } from '../identity/session-cookie.ts';
import type { SessionsService } from '../identity/sessions.service.ts';
import {
  certificateFromHeader,
  type SmartCardRefusal,
  type SmartCardResult,
  type SmartCardVerifier,
} from '../identity/smartcard.ts';
import { ipAllowList, onAllowList } from '../payments/station/station-access.ts';
import { safeNext } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import type { TextKey } from './texts.ts';
import { page } from './web.ts';

export interface SmartCardSignIn {
  verify: SmartCardVerifier;
  /** The header a trusted reverse proxy puts the verified certificate in (URL-encoded PEM). */
  certHeader: string | undefined;
  /** The reverse proxies that header is believed from (TRUST_PROXY). */
  trustedProxies: readonly string[];
}

const REFUSAL_TEXT: Record<SmartCardRefusal, TextKey> = {
  noCertificate: 'smartCardNoCertificate',
  unreadable: 'smartCardUnreadable',
  untrusted: 'smartCardUntrusted',
  expired: 'smartCardExpired',
  notYetValid: 'smartCardNotYetValid',
  policy: 'smartCardPolicy',
  usage: 'smartCardUsage',
  noFiscalCode: 'smartCardNoFiscalCode',
};

export function registerSmartCardRoutes(
  app: FastifyInstance,
  deps: { sessions: Pick<SessionsService, 'start'>; database: { db: Kysely<Schema> } },
  portal: PortalPages,
  signIn: SmartCardSignIn | undefined,
) {
  const proxies = signIn && signIn.trustedProxies.length > 0 ? ipAllowList(signIn.trustedProxies) : undefined;

  /** Whether the connection itself (not what X-Forwarded-For claims) comes from a trusted proxy. */
  const fromTrustedProxy = (request: FastifyRequest) => {
    return proxies !== undefined && onAllowList(proxies, request.socket.remoteAddress ?? '');
  };

  function check(request: FastifyRequest, verify: SmartCardVerifier): SmartCardResult {
    const header = signIn?.certHeader ? request.headers[signIn.certHeader] : undefined;
    const value = Array.isArray(header) ? header[0] : header;
    if (value) {
      if (fromTrustedProxy(request)) {
        const certificate = certificateFromHeader(value);
        if (certificate === 'unreadable') return { refusal: 'unreadable', fingerprint: undefined };
        return verify({ leaf: certificate });
      }
      // Anyone can write a header: from elsewhere it is as if there were none.
      request.log.warn({ peer: request.socket.remoteAddress }, 'smart-card header from an untrusted address ignored');
    }
    return verify(peerCertificates(request.raw.socket));
  }

  app.get<{ Querystring: { next?: string } }>(
    '/accedi/certificato',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!signIn) return portal.message(request, reply, 404, 'notFound');
      const next = safeNext(request.query.next);
      const result = check(request, signIn.verify);
      if (result.identity) {
        const { identity } = result;
        const { token } = await deps.sessions.start(
          { fiscalCode: identity.fiscalCode, fullName: identity.fullName, method: 'cns' },
          citizenActor(request, identity),
        );
        return reply.header('set-cookie', sessionCookie(token)).redirect(next, 303);
      }
      await recordAudit(deps.database.db, citizenActor(request), {
        entityId: null,
        action: 'citizen_session.refused',
        subjectType: 'citizen_session',
        subjectId: result.fingerprint ?? 'no-certificate',
        after: { method: 'cns', reason: result.refusal },
      });
      const model = portal.base(request, reply);
      return page(
        request,
        reply,
        'signin-error.njk',
        {
          ...model,
          title: model.t.smartCardRefusedTitle,
          heading: model.t.smartCardRefusedTitle,
          reason: result.refusal,
          text: model.t[REFUSAL_TEXT[result.refusal]],
          retryHref: `/accedi?next=${encodeURIComponent(next)}`,
        },
        { status: 401 },
      );
    },
  );
}
