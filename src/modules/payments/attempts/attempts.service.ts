// Use cases of payment attempts: start one on Checkout (or resume the live one), record the payer's
// return, follow the receipts (the `payment-attempts` consumer of domain events), and reconcile
// attempts whose time ran out. Every status change goes through ATTEMPT_TRANSITIONS and writes an
// audit record in the same transaction.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { todayInRome } from '../../../shared/dates.ts';
import { AppError, type FieldProblem, invalid, notFound } from '../../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../../shared/ids.ts';
import type { Cents } from '../../../shared/money.ts';
import { type Actor, jobActor, recordAudit } from '../../audit/audit.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import type { Entity } from '../../entities/entity.ts';
import type { StoredEvent } from '../../events/event.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import type { CartOutcome, CheckoutClient } from '../checkout/checkout-api.ts';
import { refusal } from '../station/notice-state.ts';
import { allPostal } from '../station/station-responses.ts';
import {
  ATTEMPT_TTL_MS,
  type Attempt,
  type AttemptNotice,
  type AttemptStatus,
  canTransitionAttempt,
  isLive,
  type ReturnOutcome,
  type ReturnUrls,
  statusAfterReturn,
  UNKNOWN_GRACE_MS,
} from './attempt.ts';
import {
  attemptIdsOfNotice,
  dueAttemptIds,
  findAttempt,
  insertAttempt,
  latestAttemptOfNotice,
  liveAttemptIds,
  liveSiblingHolders,
  loadAttempts,
  lockPositionsOfNotices,
  markNoticePaid,
  paidNoticeNavs,
  updateAttempt,
} from './attempts.db.ts';

export type AttemptsService = ReturnType<typeof attemptsService>;

export interface AttemptsDeps {
  db: Kysely<Schema>;
  clock: Clock;
  positions: Pick<PositionsService, 'lookupNotice'>;
  entities: Pick<EntitiesService, 'byId'>;
  /** The real Checkout, or the sandbox; resolved on each use (the sandbox is wired after the service). */
  checkout: () => CheckoutClient;
  /** Cassa's public base URL: Checkout sends the payer back to `${publicUrl}/checkout/return/...`. */
  publicUrl: string;
}

export interface StartRequest {
  noticeNumbers: string[];
  returnUrls: ReturnUrls;
  email?: string | undefined;
}

/** Who changes an attempt for an event that names nobody. */
const EVENTS_ACTOR: Actor = jobActor('events.drain');

/** How long a second start waits for the first one's cart before answering with it as it is. */
const RESUME_WAIT_MS = 5_000;

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === '23505' || /unique|duplicate key/i.test(String((error as Error).message));

export function attemptsService(deps: AttemptsDeps) {
  const { db, clock, positions } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');

  /** One status change with its audit record; false when someone else changed the attempt first. */
  async function move(
    trx: Kysely<Schema>,
    attempt: Attempt,
    to: AttemptStatus,
    actor: Actor,
    changes: Parameters<typeof updateAttempt>[5] = {},
  ): Promise<boolean> {
    if (attempt.status === to && changes.lastReturn === undefined) return false;
    if (attempt.status !== to && !canTransitionAttempt(attempt.status, to)) return false;
    const now = clock.now();
    if (!(await updateAttempt(trx, attempt.id, attempt.status, to, now, changes))) return false;
    await recordAudit(trx, actor, {
      entityId: attempt.entityId,
      action: 'payment_attempt.status',
      subjectType: 'payment_attempt',
      subjectId: attempt.id,
      before: { status: attempt.status },
      after: { status: to, ...changes },
    });
    return true;
  }

  /** Applies `change` to the locked, current attempt in its own transaction; returns it as stored. */
  async function withAttempt(id: string, change: (trx: Kysely<Schema>, attempt: Attempt) => Promise<void>) {
    return db.transaction().execute(async (trx) => {
      const attempt = await findAttempt(trx, id, true);
      if (!attempt) throw notFound();
      await change(trx, attempt);
      return (await findAttempt(trx, id))!;
    });
  }

  /** The notices to pay, checked now: each must exist and be payable; and whether all go to postal accounts. */
  async function payableNotices(
    entity: Entity,
    navs: string[],
  ): Promise<{ notices: AttemptNotice[]; postal: boolean }> {
    const today = todayInRome(clock.now());
    const problems: FieldProblem[] = [];
    const notices: AttemptNotice[] = [];
    const optionOf = new Map<string, { index: number; optionIndex: number }>();
    let postal = true;
    for (const [i, nav] of navs.entries()) {
      const found = await positions.lookupNotice(entity.fiscalCode, nav);
      const notice = found?.notice;
      if (!found || !notice) {
        problems.push({ path: `noticeNumbers[${i}]`, message: 'is not a notice of this entity' });
        continue;
      }
      const stopped = refusal({ ...notice, payableAfterDue: found.entity.payableAfterDue }, today);
      if (stopped) {
        problems.push({ path: `noticeNumbers[${i}]`, message: `${stopped.code}: ${stopped.description}` });
        continue;
      }
      // Pay in full and an instalment of the same debt in one cart would pay it twice.
      const other = optionOf.get(notice.positionId);
      if (other && other.optionIndex !== notice.optionIndex) {
        problems.push({
          path: `noticeNumbers[${i}]`,
          message: `is another payment option of the same debt as noticeNumbers[${other.index}]: pay one option only`,
        });
        continue;
      }
      optionOf.set(notice.positionId, { index: i, optionIndex: notice.optionIndex });
      notices.push({
        nav,
        installmentId: notice.installmentId,
        amountCents: notice.amountCents,
        description: notice.description.slice(0, 140),
        companyName: notice.companyName.slice(0, 140),
        paidAt: null,
      });
      postal &&= allPostal(notice.transfers);
    }
    if (problems.length > 0) throw new AppError('NOT_PAYABLE', 'A notice cannot be paid now', problems);
    return { notices, postal };
  }

  /** Closes live attempts whose time ran out before a new one is started on their notices. */
  async function closeExpired(ids: string[], actor: Actor): Promise<string[]> {
    const now = clock.now().getTime();
    const still: string[] = [];
    for (const attempt of await loadAttempts(db, ids)) {
      if (attempt.expiresAt.getTime() <= now) await reconcileOne(attempt.id, actor);
      else still.push(attempt.id);
    }
    return (await loadAttempts(db, still)).filter((a) => isLive(a.status)).map((a) => a.id);
  }

  /** The live attempt holding exactly these notices (waiting briefly for its cart), or a 409. */
  async function resume(entity: Entity, navs: string[], holders: string[]): Promise<Attempt> {
    const held = await loadAttempts(db, holders);
    const [first] = held;
    if (!first || held.length !== 1 || !sameNotices(first, navs)) {
      const holderOf = (nav: string) => held.find((a) => a.notices.some((n) => n.nav === nav));
      throw inProgress(
        navs.flatMap((nav, i) => {
          const holder = holderOf(nav);
          return holder ? [{ path: `noticeNumbers[${i}]`, message: `held by payment attempt ${holder.id}` }] : [];
        }),
      );
    }
    let attempt = first;
    const until = Date.now() + RESUME_WAIT_MS;
    while (attempt.status === 'CREATED' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      attempt = (await findAttempt(db, attempt.id))!;
    }
    if (attempt.entityId !== entity.id) throw notFound();
    return attempt;
  }

  /** Asks Checkout for the cart; the attempt follows what it answered (or that it did not). */
  async function askCheckout(attempt: Attempt, fiscalCode: string, postal: boolean, actor: Actor): Promise<Attempt> {
    const returnUrl = (outcome: ReturnOutcome) => `${publicUrl}/checkout/return/${attempt.id}/${outcome}`;
    const client = deps.checkout();
    let outcome: CartOutcome;
    try {
      outcome = await client.createCart({
        paymentNotices: attempt.notices.map((n) => ({
          noticeNumber: n.nav,
          fiscalCode,
          amount: n.amountCents,
          companyName: n.companyName,
          description: n.description,
        })),
        returnUrls: {
          returnOkUrl: returnUrl('ok'),
          returnCancelUrl: returnUrl('cancel'),
          returnErrorUrl: returnUrl('error'),
          returnWaitingUrl: returnUrl('waiting'),
        },
        idCart: attempt.id,
        allCCP: postal,
        ...(attempt.email && { emailNotice: attempt.email }),
      });
    } catch (error) {
      outcome = { kind: 'unknown', detail: (error as Error).message };
    }
    return withAttempt(attempt.id, async (trx, current) => {
      if (outcome.kind === 'created') await move(trx, current, 'STARTED', actor, { redirectUrl: outcome.location });
      else if (outcome.kind === 'refused') {
        await move(trx, current, 'FAILED', actor, {
          note: `Checkout refused the cart (${outcome.status}): ${outcome.detail}`,
        });
      } else await move(trx, current, 'UNKNOWN', actor, { note: outcome.detail.slice(0, 500) });
    });
  }

  /**
   * A 409 naming the live attempts that hold a notice of another payment option of the same position
   * as one of `navs` (pay in full against an instalment of the plan). Called with the positions
   * locked, so no other start can take a sibling between this check and the insert (battery A2).
   */
  async function assertNoSiblingHolder(trx: Kysely<Schema>, entityId: string, navs: string[]): Promise<void> {
    const holders = await liveSiblingHolders(trx, entityId, navs);
    if (holders.length === 0) return;
    throw inProgress(
      holders.map((h) => ({
        path: `noticeNumbers[${navs.indexOf(h.nav)}]`,
        message: `another payment option of the same debt is being paid in payment attempt ${h.attemptId}`,
      })),
    );
  }

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
    /**
     * Starts paying 1–5 notices on Checkout, or resumes the live attempt that holds exactly these
     * notices (a double click, a second tab). PAYMENT_IN_PROGRESS when another attempt holds some of
     * them; NOT_PAYABLE when a notice cannot be paid now. The amounts are Cassa's, never the caller's.
     */
    async start(entity: Entity, request: StartRequest, actor: Actor): Promise<{ attempt: Attempt; resumed: boolean }> {
      const navs = [...new Set(request.noticeNumbers)];
      if (navs.length !== request.noticeNumbers.length) {
        throw invalid([{ path: 'noticeNumbers', message: 'lists a notice twice' }]);
      }
      const { notices, postal } = await payableNotices(entity, navs);
      const holders = await closeExpired(await liveAttemptIds(db, entity.id, navs), actor);
      if (holders.length > 0) return { attempt: await resume(entity, navs, holders), resumed: true };
      // Attempts on another option of the same debt whose time ran out stop holding it first.
      await closeExpired([...new Set((await liveSiblingHolders(db, entity.id, navs)).map((h) => h.attemptId))], actor);

      const now = clock.now();
      const id = uuidv7(now.getTime());
      // A caller that needs to know the attempt on its return page writes {attemptId} in its URLs
      // (percent-encoded, %7BattemptId%7D, in a JSON body whose URLs must be valid URIs).
      const withId = (url: string) => url.replaceAll('{attemptId}', id).replaceAll(/%7BattemptId%7D/gi, id);
      const attempt: Attempt = {
        id,
        entityId: entity.id,
        status: 'CREATED',
        checkout: deps.checkout().kind,
        notices,
        totalCents: notices.reduce((sum, n) => sum + n.amountCents, 0) as Cents,
        returnUrls: {
          ok: withId(request.returnUrls.ok),
          cancel: withId(request.returnUrls.cancel),
          error: withId(request.returnUrls.error),
          waiting: withId(request.returnUrls.waiting),
        },
        email: request.email ?? null,
        redirectUrl: null,
        lastReturn: null,
        note: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ATTEMPT_TTL_MS),
        updatedAt: now,
        requestedBy: actor.id,
      };
      try {
        await db.transaction().execute(async (trx) => {
          await lockPositionsOfNotices(trx, entity.id, navs);
          await assertNoSiblingHolder(trx, entity.id, navs);
          await insertAttempt(trx, attempt);
          await recordAudit(trx, actor, {
            entityId: entity.id,
            action: 'payment_attempt.create',
            subjectType: 'payment_attempt',
            subjectId: attempt.id,
            after: { status: 'CREATED', notices: navs, totalCents: attempt.totalCents, checkout: attempt.checkout },
          });
        });
      } catch (error) {
        // Another start took the notices between our check and our insert: that one is resumed.
        if (!isUniqueViolation(error)) throw error;
        return { attempt: await resume(entity, navs, await liveAttemptIds(db, entity.id, navs)), resumed: true };
      }
      return { attempt: await askCheckout(attempt, entity.fiscalCode, postal, actor), resumed: false };
    },

    /** An attempt by id, whatever its entity (the portal checks the payer's cookie names it). */
    async byId(id: string): Promise<Attempt | undefined> {
      return isUuid(id) ? findAttempt(db, id) : undefined;
    },

    async get(entity: Entity, id: string): Promise<Attempt> {
      const attempt = isUuid(id) ? await findAttempt(db, id) : undefined;
      if (!attempt || attempt.entityId !== entity.id) throw notFound();
      return attempt;
    },

    /**
     * The payer is back from Checkout with `outcome`. It proves nothing (anyone can open the URL):
     * ok and waiting only mean "wait for the receipt", cancel and error end a live attempt, which a
     * late receipt still turns into SUCCEEDED. Returns where to send the payer.
     */
    async returned(
      id: string,
      outcome: ReturnOutcome,
      actor: Actor,
    ): Promise<{ attempt: Attempt; redirectTo: string }> {
      if (!isUuid(id)) throw notFound();
      const attempt = await withAttempt(id, async (trx, current) => {
        if (!isLive(current.status)) return;
        await move(trx, current, statusAfterReturn(outcome), actor, { lastReturn: outcome });
      });
      return { attempt, redirectTo: attempt.returnUrls[outcome] };
    },

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
      const by = actor ?? EVENTS_ACTOR;
      let recorded = false;
      for (const id of ids) if (await recordReceipt(trx, id, event.entityId, nav, by)) recorded = true;
      if (recorded) return;
      const latest = await latestAttemptOfNotice(trx, event.entityId, nav);
      if (latest?.status === 'FAILED' || latest?.status === 'EXPIRED') {
        await recordReceipt(trx, latest.id, event.entityId, nav, by);
      }
    },

    /** Every attempt of one notice, newest first (help desk). */
    async ofNotice(entity: Entity, nav: string): Promise<Attempt[]> {
      return loadAttempts(db, await attemptIdsOfNotice(db, entity.id, nav));
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

function inProgress(problems: FieldProblem[]): AppError {
  return new AppError(
    'PAYMENT_IN_PROGRESS',
    'A payment of one of these notices is already in progress: finish it or wait for it to end',
    problems,
  );
}

function sameNotices(attempt: Attempt, navs: readonly string[]): boolean {
  const held = new Set(attempt.notices.map((n) => n.nav));
  return held.size === navs.length && navs.every((nav) => held.has(nav));
}
