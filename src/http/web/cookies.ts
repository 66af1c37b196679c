// Cookies of every area's pages: read by their `__Host-` name (over plain HTTP on the network the
// unprefixed ones stand in for them, and only there: transport.ts), and written as `__Host-` cookies
// (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax — transport.ts rewrites them for plain HTTP.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { trustedCookieName } from './transport.ts';

/** The cookies of a request, by their `__Host-` name (first value wins). */
export function cookies(request: FastifyRequest): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = trustedCookieName(request, part.slice(0, at).trim());
    if (name !== undefined && !jar.has(name)) jar.set(name, decodeURIComponent(part.slice(at + 1).trim()));
  }
  return jar;
}

/** A Set-Cookie value: `__Host-` (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax. */
export function hostCookie(name: string, value: string, maxAgeSeconds?: number): string {
  const age = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${encodeURIComponent(value)}; Path=/; Secure; HttpOnly; SameSite=Lax${age}`;
}

/** Adds a cookie to the reply (Fastify appends Set-Cookie headers; it never replaces one). */
export function addCookie(reply: FastifyReply, value: string): void {
  reply.header('set-cookie', value);
}
