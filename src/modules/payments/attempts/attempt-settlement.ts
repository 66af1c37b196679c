// How payment attempts follow the money: the `payment-attempts` consumer of domain events records a
// notice's payment on the attempts that hold it, and the reconciler settles attempts whose time ran
// out (SUCCEEDED by their receipts, EXPIRED without, UNKNOWN when a cart was paid in part). A
// receipt always wins: an attempt that ended unpaid still becomes SUCCEEDED when its notices are paid.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { isUuid } from '../../../shared/ids.ts';
import { type Actor, jobActor } from '../../audit/audit.ts';
import type { StoredEvent } from '../../events/event.ts';
import { type Attempt, isLive, UNKNOWN_GRACE_MS } from './attempt.ts';
import type { AttemptMoves } from './attempt-moves.ts';
import {
  dueAttemptIds,
  findAttempt,
  latestAttemptOfNotice,
  liveAttemptIds,
  markNoticePaid,
  paidNoticeNavs,
} from './attempts.db.ts';

/** Who changes an attempt for an event that names nobody. */
const EVENTS_ACTOR: Actor = jobActor('events.drain');

export type AttemptSettlement = ReturnType<typeof attemptSettlement>;

export function attemptSettlement(deps: { db: Kysely<Schema>; clock: Clock; moves: AttemptMoves }) {
  const { db, clock } = deps;
  const { move, withAttempt } = deps.moves;

  /** The attempt's notices that are paid now: recorded on it, or by any receipt (read in `trx`). */
  async function paidNavs(trx: Kysely<Schema>, attempt: Attempt): Promise<Set<string>> {
    const paid = new Set(attempt.notices.filter((n) => n.paidAt !== null).map((n) => n.nav));
    const navs = attempt.notices.map((n) => n.nav);
    for (const nav of await paidNoticeNavs(trx, attempt.entityId, navs)) paid.add(nav);
    return paid;
  }

  /** Settles an attempt whose time ran out: by its receipts if they came, otherwise expired. */
  async function reconcileOne(id: string, actor: Actor): Promise<'succeeded' | 'expired' | 'unresolved' | 'skipped'> {
    let result: 'succeeded' | 'expired' | 'unresolved' | 'skipped' = 'skipped';
    await withAttempt(id, async (trx, attempt) => {
      if (!isLive(attempt.status)) return;
      const now = clock.now();
      const deadline = attempt.expiresAt.getTime() + (attempt.status === 'UNKNOWN' ? UNKNOWN_GRACE_MS : 0);
      if (deadline > now.getTime()) return;
      // Read now, with the attempt locked: a receipt committed up to this instant counts (battery
      // A6b); one committed later finds the attempt ended and still turns it SUCCEEDED.
      const paid = await paidNavs(trx, attempt);
      for (const nav of paid) await markNoticePaid(trx, attempt.id, nav, now);
      if (paid.size === attempt.notices.length) {
        await move(trx, attempt, 'SUCCEEDED', actor);
        result = 'succeeded';
      } else if (paid.size > 0) {
        // Part of a cart paid: pagoPA pays a cart whole, so this needs a person.
        await move(trx, attempt, 'UNKNOWN', actor, { note: `${paid.size} of ${attempt.notices.length} notices paid` });
        result = 'unresolved';
      } else {
        await move(trx, attempt, 'EXPIRED', actor);
        result = 'expired';
      }
    });
    return result;
  }

  /**
   * Records the receipt of `nav` on attempt `id` (locked in `trx`) and makes it SUCCEEDED once all
   * its notices are paid (live, FAILED or EXPIRED alike: a receipt always wins). False when there is
   * no such attempt of the entity or it does not include the notice.
   */
  async function recordReceipt(
    trx: Kysely<Schema>,
    id: string,
    entityId: string,
    nav: string,
    actor: Actor,
  ): Promise<boolean> {
    const attempt = await findAttempt(trx, id, true);
    if (!attempt || attempt.entityId !== entityId || !attempt.notices.some((n) => n.nav === nav)) return false;
    const now = clock.now();
    const paid = (await paidNavs(trx, attempt)).add(nav);
    for (const paidNav of paid) await markNoticePaid(trx, attempt.id, paidNav, now);
    if (paid.size === attempt.notices.length) await move(trx, attempt, 'SUCCEEDED', actor);
    return true;
  }

  return {
    reconcileOne,

    /**
     * The `payment-attempts` consumer of domain events: money for a notice was stored
     * (`payment.received`), so the attempts that hold it (the one named by the receipt's payment
     * note, which is the cart id, and any live one) record it, and succeed once all their notices are
     * paid; in the consumer's transaction. When none of them includes the notice — a receipt without
     * a payment note arriving after the expiry sweep ended the attempt (battery A6b) — the notice's
     * newest attempt follows it if it ended unpaid (FAILED or EXPIRED); one receipt never settles
     * older attempts. Safe to run twice; the reconciler catches the rest.
     */
    async onPaymentReceived(trx: Kysely<Schema>, event: StoredEvent): Promise<void> {
      if (event.type !== 'payment.received') return;
      const { nav, paymentNote, actor } = event.data as {
        nav: string;
        paymentNote?: string;
        actor?: { id: string; requestId?: string };
      };
      const ids = new Set(await liveAttemptIds(trx, event.entityId, [nav]));
      if (paymentNote && isUuid(paymentNote)) ids.add(paymentNote);
      // The receipt's actor is named; the consumer acts with its own grants.
      const by = actor ? { ...EVENTS_ACTOR, id: actor.id, requestId: actor.requestId } : EVENTS_ACTOR;
      let recorded = false;
      for (const id of ids) if (await recordReceipt(trx, id, event.entityId, nav, by)) recorded = true;
      if (recorded) return;
      const latest = await latestAttemptOfNotice(trx, event.entityId, nav);
      if (latest?.status === 'FAILED' || latest?.status === 'EXPIRED') {
        await recordReceipt(trx, latest.id, event.entityId, nav, by);
      }
    },

    /**
     * Settles the live attempts whose time ran out (the reconciler job, every minute): SUCCEEDED when
     * their receipts came, EXPIRED when none did; a cart paid only in part is left UNKNOWN and reported.
     */
    async reconcile(actor: Actor, limit = 500): Promise<{ succeeded: number; expired: number; unresolved: string[] }> {
      const totals = { succeeded: 0, expired: 0, unresolved: [] as string[] };
      for (const id of await dueAttemptIds(db, clock.now(), limit)) {
        const outcome = await reconcileOne(id, actor);
        if (outcome === 'succeeded') totals.succeeded++;
        if (outcome === 'expired') totals.expired++;
        if (outcome === 'unresolved') totals.unresolved.push(id);
      }
      return totals;
    },
  };
}
