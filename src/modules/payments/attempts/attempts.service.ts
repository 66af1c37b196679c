// Use cases of payment attempts: start one on Checkout (or resume the live one) and record the
// payer's return; following the money (receipts, the reconciler) is attempt-settlement.ts, and every
// status change goes through attempt-moves.ts.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { todayInRome } from '../../../shared/dates.ts';
import { AppError, type FieldProblem, invalid, notFound } from '../../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../../shared/ids.ts';
import type { Cents } from '../../../shared/money.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import type { Entity } from '../../entities/entity.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import type { CartOutcome, CheckoutClient } from '../checkout/checkout-api.ts';
import { refusal } from '../station/notice-state.ts';
import { allPostal } from '../station/station-responses.ts';
import {
  ATTEMPT_TTL_MS,
  type Attempt,
  type AttemptNotice,
  isLive,
  mayResume,
  type ReturnOutcome,
  type ReturnUrls,
  statusAfterReturn,
} from './attempt.ts';
import { inProgress, sameNotices } from './attempt-holders.ts';
import { attemptMoves } from './attempt-moves.ts';
import { attemptSettlement } from './attempt-settlement.ts';
import {
  attemptIdsOfNotice,
  findAttempt,
  insertAttempt,
  liveAttemptIds,
  liveSiblingHolders,
  loadAttempts,
  lockPositionsOfNotices,
} from './attempts.db.ts';

export type AttemptsService = ReturnType<typeof attemptsService>;

export interface AttemptsDeps {
  db: Kysely<Schema>;
  clock: Clock;
  positions: Pick<PositionsService, 'lookupNotice'>;
  /** The real Checkout, or the sandbox; resolved on each use (the sandbox is wired after the service). */
  checkout: () => CheckoutClient;
  /** Cassa's public base URL: Checkout sends the payer back to `${publicUrl}/checkout/return/...`. */
  publicUrl: string;
}

export interface StartRequest {
  noticeNumbers: string[];
  returnUrls: ReturnUrls;
  email?: string | undefined;
  /** The portal browser starting it (web.ts browserTag): only that browser may take it up again. */
  browserTag?: string | undefined;
}

/** How long a second start waits for the first one's cart before answering with it as it is. */
const RESUME_WAIT_MS = 5_000;

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === '23505' || /unique|duplicate key/i.test(String((error as Error).message));

export function attemptsService(deps: AttemptsDeps) {
  const { db, clock, positions } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const moves = attemptMoves({ db, clock });
  const { move, withAttempt } = moves;
  const settlement = attemptSettlement({ db, clock, moves });
  const { reconcileOne } = settlement;

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

  /**
   * The live attempt holding exactly these notices (waiting briefly for its cart), or a 409 when it
   * holds others too or belongs to another browser or caller (its cart is theirs, and so is its return URL).
   */
  async function resume(entity: Entity, request: StartRequest, navs: string[], holders: string[], actor: Actor) {
    const held = await loadAttempts(db, holders);
    const [first] = held;
    const by = { actorId: actor.id, browserTag: request.browserTag };
    if (!first || held.length !== 1 || !sameNotices(first, navs) || !mayResume(first, by)) {
      const holderOf = (nav: string) => held.find((a) => a.notices.some((n) => n.nav === nav));
      throw inProgress(
        navs.flatMap((nav, i) => {
          const holder = holderOf(nav);
          return holder ? [{ path: `noticeNumbers[${i}]`, message: `held by payment attempt ${holder.id}` }] : [];
        }),
        held,
        clock.now(),
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
      await loadAttempts(trx, [...new Set(holders.map((h) => h.attemptId))]),
      clock.now(),
    );
  }

  return {
    /**
     * Starts paying 1–5 notices on Checkout, or resumes the live attempt that holds exactly these
     * notices when the same browser or API caller started it (a double click, a second tab).
     * PAYMENT_IN_PROGRESS, with the seconds until the notices are free, when another attempt holds
     * some of them; NOT_PAYABLE when a notice cannot be paid now. The amounts are Cassa's, never the caller's.
     */
    async start(entity: Entity, request: StartRequest, actor: Actor): Promise<{ attempt: Attempt; resumed: boolean }> {
      const navs = [...new Set(request.noticeNumbers)];
      if (navs.length !== request.noticeNumbers.length) {
        throw invalid([{ path: 'noticeNumbers', message: 'lists a notice twice' }]);
      }
      const { notices, postal } = await payableNotices(entity, navs);
      const holders = await closeExpired(await liveAttemptIds(db, entity.id, navs), actor);
      if (holders.length > 0) return { attempt: await resume(entity, request, navs, holders, actor), resumed: true };
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
        browserTag: request.browserTag ?? null,
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
        const holders = await liveAttemptIds(db, entity.id, navs);
        return { attempt: await resume(entity, request, navs, holders, actor), resumed: true };
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

    onPaymentReceived: settlement.onPaymentReceived,
    reconcile: settlement.reconcile,

    /** Every attempt of one notice, newest first (help desk). */
    async ofNotice(entity: Entity, nav: string): Promise<Attempt[]> {
      return loadAttempts(db, await attemptIdsOfNotice(db, entity.id, nav));
    },
  };
}
