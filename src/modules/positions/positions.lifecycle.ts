// Status changes of debt positions: publish, invalidate, payments (the position's part: the payment
// intake in receipts/intake locks, checks, stores the receipt and calls it in its transaction) and
// the time-driven moves (validity reached, expiry). Every one goes through POSITION_TRANSITIONS and
// writes one audit record in the same transaction (a payment's is written by the intake).

import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { todayInRome } from '../../shared/dates.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { authorize } from '../../shared/principal.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { Entity } from '../entities/entity.ts';
import { recordEvent } from '../events/record.ts';
import {
  canTransition,
  type Installment,
  isValidityReached,
  type PaymentRecord,
  type Position,
  type PositionStatus,
  statusAfterPayment,
} from './position.ts';
import { earliestValidity } from './position-rows.ts';
import {
  findInstallmentByNav,
  loadPositions,
  lockAndLoad,
  lockAndLoadById,
  markInstallmentPaid,
  updateStatus,
} from './positions.db.ts';

/** The endings are domain events (the back office's webhooks among their consumers), in the change's transaction. */
async function announce(trx: Kysely<Schema>, position: Position, to: PositionStatus, now: Date): Promise<void> {
  const type =
    to === 'PAID'
      ? 'position.paid'
      : to === 'EXPIRED'
        ? 'position.expired'
        : to === 'INVALID'
          ? 'position.invalidated'
          : undefined;
  if (type)
    await recordEvent(trx, { entityId: position.entityId, type, at: now, data: { iupd: position.iupd, status: to } });
}

async function move(
  trx: Kysely<Schema>,
  position: Position,
  to: PositionStatus,
  now: Date,
  extra: Parameters<typeof updateStatus>[4] = {},
): Promise<void> {
  if (!canTransition(position.status, to)) throw new Error(`Illegal transition ${position.status} → ${to}`);
  if (!(await updateStatus(trx, position, to, now, extra))) {
    throw new AppError('POSITION_NOT_UPDATABLE', 'The debt position changed meanwhile; retry');
  }
  position.status = to;
  await announce(trx, position, to, now);
}

/** DRAFT → PUBLISHED, and on to VALID when its validity date has come (or it has none). */
export async function publishInTransaction(trx: Kysely<Schema>, position: Position, now: Date, actor: Actor) {
  const before = position.status;
  if (!canTransition(before, 'PUBLISHED')) {
    throw new AppError('POSITION_NOT_PUBLISHABLE', `A debt position in status ${before} cannot be published`);
  }
  await move(trx, position, 'PUBLISHED', now, { published_at: now });
  const validityAt = earliestValidity(position.options);
  if (isValidityReached(validityAt, now)) await move(trx, position, 'VALID', now);
  await recordAudit(trx, actor, {
    entityId: position.entityId,
    action: 'position.publish',
    subjectType: 'position',
    subjectId: position.id,
    before: { iupd: position.iupd, status: before },
    after: { iupd: position.iupd, status: position.status },
  });
}

/** The instalment being paid and its position, locked for the rest of the transaction. */
export interface PaymentTarget {
  position: Position;
  installment: Installment;
}

/**
 * Finds the position holding notice `nav`, locks it, and reads the notice again under the lock
 * (by number, not by a row id read before); when an update or a deletion moved the notice off that
 * position meanwhile, starts again. Undefined when the entity has no such notice. The state is not
 * checked: a receipt is never refused for it (the caller decides what the payment does).
 */
export async function lockNotice(
  trx: Kysely<Schema>,
  entityId: string,
  nav: string,
): Promise<PaymentTarget | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await findInstallmentByNav(trx, entityId, nav);
    if (!found) return undefined;
    const position = await lockAndLoadById(trx, found.position_id);
    const installment = position?.options.flatMap((o) => o.installments).find((i) => i.nav === nav);
    if (position && installment) return { position, installment };
  }
  throw new Error(`Notice ${nav} kept moving between debt positions; try again`);
}

/**
 * Marks the instalment locked by lockNotice paid and moves the position to PARTIALLY_PAID or PAID
 * (announcing PAID). Paying one option settles the position: the other options' notices can no
 * longer be paid. The payment intake (receipts/intake) is the only caller: it checks first, and
 * records the audit and the payment's event. Returns the status before and the rows as now stored.
 */
export async function payInTransaction(
  trx: Kysely<Schema>,
  target: PaymentTarget,
  payment: PaymentRecord,
  now: Date,
): Promise<{ before: PositionStatus; paid: PaymentTarget }> {
  const { position, installment } = target;
  const ok = await markInstallmentPaid(
    trx,
    { id: installment.id, positionId: position.id, optionIndex: installment.optionIndex },
    payment,
    now,
  );
  if (!ok) throw new AppError('ALREADY_PAID', `Notice ${installment.nav} is already paid`);
  const before = position.status;
  installment.status = 'PAID';
  installment.payment = payment;
  position.settlingOption = installment.optionIndex;
  const after = statusAfterPayment(position.options[installment.optionIndex]!);
  if (after !== before) await move(trx, position, after, now, after === 'PAID' ? { paid_at: payment.paidAt } : {});
  const [reloaded] = await loadPositions(trx, [position.id]);
  const paid = reloaded!.options.flatMap((o) => o.installments).find((i) => i.id === installment.id)!;
  return { before, paid: { position: reloaded!, installment: paid } };
}

export type LifecycleService = ReturnType<typeof lifecycleService>;

export function lifecycleService(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;

  async function withLocked<T>(entity: Entity, iupd: string, fn: (trx: Kysely<Schema>, p: Position) => Promise<T>) {
    return db.transaction().execute(async (trx) => {
      const position = await lockAndLoad(trx, entity.id, iupd);
      if (!position) throw notFound();
      return fn(trx, position);
    });
  }

  return {
    async publish(entity: Entity, iupd: string, actor: Actor): Promise<Position> {
      authorize(actor.principal, { entityId: entity.id, area: 'positions', access: 'write' });
      return withLocked(entity, iupd, async (trx, position) => {
        await publishInTransaction(trx, position, clock.now(), actor);
        return (await loadPositions(trx, [position.id]))[0]!;
      });
    },

    /** PUBLISHED | VALID → INVALID: the notices can no longer be paid; the reason, when given, is audited. */
    async invalidate(entity: Entity, iupd: string, actor: Actor, reason?: string): Promise<Position> {
      authorize(actor.principal, { entityId: entity.id, area: 'positions', access: 'write' });
      return withLocked(entity, iupd, async (trx, position) => {
        const before = position.status;
        if (!canTransition(before, 'INVALID')) {
          throw new AppError('POSITION_NOT_INVALIDABLE', `A debt position in status ${before} cannot be invalidated`);
        }
        await move(trx, position, 'INVALID', clock.now());
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'position.invalidate',
          subjectType: 'position',
          subjectId: position.id,
          before: { iupd, status: before },
          after: { iupd, status: 'INVALID', ...(reason !== undefined && { reason }) },
        });
        return (await loadPositions(trx, [position.id]))[0]!;
      });
    },

    /**
     * Time-driven moves, run by the scheduler: PUBLISHED → VALID when the validity date has come;
     * VALID → EXPIRED when every option has switchToExpired and the last due date has passed.
     */
    async advanceByTime(actor: Actor, batch = 500): Promise<{ validated: number; expired: number }> {
      const now = clock.now();
      const today = todayInRome(now);
      const toValidate = await db
        .selectFrom('positions')
        .select('id')
        .where('status', '=', 'PUBLISHED')
        .where((eb) => eb.or([eb('validity_at', 'is', null), eb('validity_at', '<=', now)]))
        .limit(batch)
        .execute();
      const toExpire = await db
        .selectFrom('positions as p')
        .select('p.id')
        .where('p.status', '=', 'VALID')
        .where('p.expires_after_due', '=', true)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('installments as i')
                .select('i.id')
                .whereRef('i.position_id', '=', 'p.id')
                .where('i.due_date', '>=', today),
            ),
          ),
        )
        .limit(batch)
        .execute();
      let validated = 0;
      let expired = 0;
      for (const { id } of toValidate) validated += await timeMove(id, 'PUBLISHED', 'VALID', 'position.validate');
      for (const { id } of toExpire) expired += await timeMove(id, 'VALID', 'EXPIRED', 'position.expire');
      return { validated, expired };

      async function timeMove(id: string, from: PositionStatus, to: PositionStatus, action: string): Promise<number> {
        return db.transaction().execute(async (trx) => {
          const [p] = await loadPositions(trx, [id]);
          if (!p || p.status !== from) return 0;
          if (!(await updateStatus(trx, p, to, now))) return 0;
          await announce(trx, p, to, now);
          await recordAudit(trx, actor, {
            entityId: p.entityId,
            action,
            subjectType: 'position',
            subjectId: p.id,
            before: { iupd: p.iupd, status: from },
            after: { iupd: p.iupd, status: to },
          });
          return 1;
        });
      }
    },
  };
}
