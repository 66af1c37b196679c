// The one limiter of anonymous access to notices (ADR 0023): every portal route that takes a notice
// number — the look-up form, the notice page, its PDF, paying it, a payment's result and receipt —
// is admitted by it first (holding a hit of each kind, so that a burst of concurrent requests cannot
// slip under a budget) and then tells it how the access went. Failures (unknown or unpayable
// numbers, a wrong debtor's fiscal code, someone else's payment) and successes (a notice shown) have
// separate budgets,
// per client address and per entity: the address budget stops one client guessing sequential numbers,
// the entity budget a crawl spread over many addresses. Signed-in citizens are known, so only their
// address counts. Over a budget the request stops with TOO_MANY_REQUESTS (429 and Retry-After,
// rendered by the error handler), before any work is done.
import { isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { tooManyRequests } from '../../shared/errors.ts';
import { accessCounter, type Budget, type HitKind } from '../access-limits/rate-limit.ts';
import type { Entity } from '../entities/entity.ts';

export interface NoticeBudgets {
  windowMs: number;
  /** Per client address (an IPv6 client by its /64). */
  address: { failures: number; successes: number };
  /** Per entity, over every anonymous address. */
  entity: { failures: number; successes: number };
}

/**
 * The documented budgets: 20 failures (reliability battery G2) and 60 successes per address in 10
 * minutes (a payment takes about 4: look-up, notice page, PDF, pay); per entity 300 failures and
 * 3000 successes, well above an entity's anonymous traffic on a due date, well below a crawl.
 */
export const NOTICE_BUDGETS: NoticeBudgets = {
  windowMs: 10 * 60_000,
  address: { failures: 20, successes: 60 },
  entity: { failures: 300, successes: 3000 },
};

/** Who is counted: an address, or a /64 for IPv6 (one subscriber's whole block); IPv4-mapped as IPv4. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return `address:${mapped[1]}`;
  if (!isIPv6(ip)) return `address:${ip}`;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `address:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** A request admitted by the limiter: it holds a success and a failure until it says which it was. */
export interface NoticeTicket {
  /** An access that showed a notice (or sent its PDF, or started its payment). */
  succeeded(): Promise<void>;
  /** A failed access: an unknown or unpayable number, a wrong fiscal code, another's payment. */
  failed(): Promise<void>;
  /** An access that counts as neither (the payer's own result page, which refreshes itself). */
  release(): Promise<void>;
}

export type NoticeAccess = ReturnType<typeof noticeAccess>;

export function noticeAccess(options: {
  db: Kysely<Schema>;
  clock: Clock;
  budgets?: NoticeBudgets | undefined;
  /** Whether the request comes from a signed-in citizen (not counted against the entity). */
  signedIn: (request: FastifyRequest) => Promise<boolean>;
}) {
  const budgets = options.budgets ?? NOTICE_BUDGETS;
  const counter = accessCounter({ db: options.db, clock: options.clock, windowMs: budgets.windowMs });

  return {
    budgets,
    /**
     * Admits the request, holding one success and one failure of its address (and of the entity, for
     * an anonymous visitor) until the ticket is settled; throws TOO_MANY_REQUESTS (with the wait)
     * when a budget has no room, having counted nothing.
     */
    async admit(request: FastifyRequest, entity?: Entity): Promise<NoticeTicket> {
      const address = addressKey(request.ip);
      const entityKey = entity && !(await options.signedIn(request)) ? `entity:${entity.id}` : undefined;
      const wanted: Budget[] = [
        { key: address, kind: 'failure', limit: budgets.address.failures },
        { key: address, kind: 'success', limit: budgets.address.successes },
      ];
      if (entityKey) {
        wanted.push(
          { key: entityKey, kind: 'failure', limit: budgets.entity.failures },
          { key: entityKey, kind: 'success', limit: budgets.entity.successes },
        );
      }
      const held = await counter.reserve(wanted);
      if ('waitSeconds' in held) {
        request.log.warn(
          { address, entity: entity?.fiscalCode, retryAfter: held.waitSeconds },
          'notice access limit reached',
        );
        throw tooManyRequests(held.waitSeconds);
      }
      let settled = false;
      const settle = async (kept: HitKind[]) => {
        if (settled) return;
        settled = true;
        await counter.settle(held.reservation, kept);
      };
      return {
        succeeded: () => settle(['success']),
        failed: () => settle(['failure']),
        release: () => settle([]),
      };
    },
  };
}
