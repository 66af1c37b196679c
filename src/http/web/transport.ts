// Whether a request came over plain HTTP to a network address (a VM on the office LAN before TLS is
// set up, http://192.168.1.20:3000), and what every area's pages (the portal, the console) do then:
// browsers drop `Secure` and `__Host-` cookies there (only localhost counts as a secure context over
// HTTP), so every form would fail. Only for such a request the cookies lose the prefix and `Secure`
// (ADR 0015), and pages show a banner; over HTTPS or on localhost the cookies are the `__Host-` ones,
// and only those are read — a cookie planted over HTTP (cookie tossing) never reaches an HTTPS request.
import type { FastifyInstance, FastifyRequest } from 'fastify';

const PREFIX = '__Host-';

/** localhost, *.localhost, 127.0.0.0/8 and ::1: the host names browsers treat as secure over HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '::1';
}

const plainOfRequest = new WeakMap<FastifyRequest, boolean>();

/**
 * Plain HTTP to an address other than localhost: the protocol as Fastify resolves it (TRUST_PROXY),
 * and the Host. An X-Forwarded-Proto: https from a proxy not in TRUST_PROXY keeps the secure cookies,
 * as before: the browser is on HTTPS there, and its cookies must stay Secure.
 */
export function plainHttpOnNetwork(request: FastifyRequest): boolean {
  let plain = plainOfRequest.get(request);
  if (plain === undefined) {
    const forwarded = String(request.headers['x-forwarded-proto'] ?? '').toLowerCase();
    let hostname = '';
    try {
      hostname = new URL(`http://${request.host}`).hostname;
    } catch {
      hostname = '';
    }
    plain = request.protocol === 'http' && !forwarded.includes('https') && hostname !== '' && !isLoopbackHost(hostname);
    plainOfRequest.set(request, plain);
  }
  return plain;
}

/**
 * The cookies a request may be trusted with, by their `__Host-` name: over HTTPS or on localhost the
 * `__Host-` cookies only; over plain HTTP on the network the unprefixed ones only (as `__Host-<name>`).
 */
export function trustedCookieName(request: FastifyRequest, sentName: string): string | undefined {
  if (!plainHttpOnNetwork(request)) return sentName;
  return sentName.startsWith(PREFIX) ? undefined : `${PREFIX}${sentName}`;
}

/** A `__Host-` Set-Cookie value as sent over plain HTTP on the network: no prefix, no `Secure`. */
export const plainCookie = (value: string): string =>
  value.startsWith(PREFIX) ? value.slice(PREFIX.length).replace(/; *Secure(?=;|$)/gi, '') : value;

/** Rewrites the `__Host-` cookies of every response to a plain-HTTP network request (one place for all). */
export function registerPlainHttpCookies(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!plainHttpOnNetwork(request)) return payload;
    const set = reply.getHeader('set-cookie');
    if (set === undefined) return payload;
    const list = Array.isArray(set) ? set.map(String) : [String(set)];
    reply.removeHeader('set-cookie');
    reply.header('set-cookie', list.map(plainCookie));
    return payload;
  });
}
