// The headers every response gets, in one place (reliability battery F4): X-Content-Type-Options:
// nosniff; Cache-Control: no-store unless the route chose its own (the API's JSON, the portal's pages
// and downloads carry personal data; static assets and the public home say they may be cached); and
// Strict-Transport-Security only when the request came over HTTPS — on TLS served by Cassa, or from a
// proxy in TRUST_PROXY that says so (X-Forwarded-Proto) — since over plain HTTP the header is ignored
// by browsers and would pin a host name that may not serve HTTPS at all.
import type { FastifyInstance } from 'fastify';

export const HSTS = 'max-age=31536000; includeSubDomains';

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
}
