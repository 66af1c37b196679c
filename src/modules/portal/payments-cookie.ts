// The payment attempts this browser started, in a signed cookie: only this browser sees their result
// pages (payment.http.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addCookie, cookies, hostCookie } from '../../http/web/cookies.ts';
import { mac, sameText } from '../../http/web/signing.ts';
import type { PortalKeys } from './web.ts';

const PAYMENTS_COOKIE = '__Host-cassa-payments';
const MAX_REMEMBERED = 10;

/** The payment attempts this browser started (a signed cookie), newest first. */
export function rememberedPayments(request: FastifyRequest, keys: PortalKeys): string[] {
  const raw = cookies(request).get(PAYMENTS_COOKIE);
  if (!raw) return [];
  const at = raw.lastIndexOf('~');
  if (at < 0) return [];
  const list = raw.slice(0, at);
  if (!sameText(raw.slice(at + 1), mac(keys.payments, list))) return [];
  return list.split('.').filter((id) => /^[0-9a-f-]{36}$/.test(id));
}

/** Adds an attempt to the browser's signed list (so that only this browser sees its result page). */
export function rememberPayment(
  request: FastifyRequest,
  reply: FastifyReply,
  keys: PortalKeys,
  attemptId: string,
): void {
  const ids = [attemptId, ...rememberedPayments(request, keys).filter((id) => id !== attemptId)].slice(
    0,
    MAX_REMEMBERED,
  );
  const list = ids.join('.');
  addCookie(reply, hostCookie(PAYMENTS_COOKIE, `${list}~${mac(keys.payments, list)}`, 7 * 24 * 3600));
}
