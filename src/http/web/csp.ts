// The security headers of every HTML page of every area (HSTS and nosniff are every response's:
// http/security-headers.ts): a Content-Security-Policy whose only scripts are this origin's, run with
// the response's nonce, no inline style; styles from this origin only; images and fonts from this
// origin or as data: URLs — Bootstrap Italia's stylesheet draws its form controls with data: images
// and embeds one font (video.js's icons) as a data: URL, which Chromium loads with the stylesheet, so
// every page logged a refused font. A data: URL reaches no server, so allowing it opens no channel.
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** A fresh nonce for one response's scripts. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/** The Content-Security-Policy of a page whose scripts carry `nonce`. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sets a page's CSP (with `nonce`), referrer, framing and permissions headers. */
export function pageSecurityHeaders(reply: FastifyReply, nonce: string): FastifyReply {
  return reply
    .header('content-security-policy', contentSecurityPolicy(nonce))
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}
