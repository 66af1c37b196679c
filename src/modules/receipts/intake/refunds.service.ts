// Working an over-payment item (ADR 0039): notes, refund records and their states, and closing the
// item with a reason. Every change is checked against the principal, written with its audit record
// in one transaction, under the item's row lock — so two operators recording refunds at once never
// return more than the item brought in. Recording a refund is a sensitive act: the operator's session
// must hold a recent proof of identity (requireFresh), else REAUTHENTICATION_REQUIRED.
import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { AppError, invalid, notFound } from '../../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../../shared/ids.ts';
import { formatEuro } from '../../../shared/money.ts';
import { authorize } from '../../../shared/principal.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import type { Entity } from '../../entities/entity.ts';
import { type OperatorSession, requireFresh } from '../../operators/operator-sessions.ts';
import type { Overpayment } from './overpayment.ts';
import { closeOverpayment, findOverpayment } from './overpayments.db.ts';
import {
  maskedIban,
  normalizedRefund,
  REFUND_TRANSITIONS,
  type Refund,
  type RefundInput,
  refundedCents,
  refundProblems,
} from './refund.ts';
import { findRefund, insertNote, insertRefund, notesOf, refundsOf, updateRefundStatus } from './refunds.db.ts';

export type RefundsService = ReturnType<typeof refundsService>;

const MAX_TEXT = 2000;

export function refundsService(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;

  /** The item of the entity, locked for the rest of the transaction; NOT_FOUND for another's. */
  async function lockedItem(trx: Transaction<Schema>, entity: Entity, id: string): Promise<Overpayment> {
    const item = isUuid(id) ? await findOverpayment(trx, entity.id, id, true) : undefined;
    if (!item) throw notFound();
    return item;
  }

  const write = (entity: Entity, actor: Actor) =>
    authorize(actor.principal, { entityId: entity.id, area: 'payments', access: 'write' });

  const text = (value: string | undefined, path: string) => {
    const trimmed = (value ?? '').trim();
    if (trimmed.length === 0) throw invalid([{ path, message: 'is required' }]);
    if (trimmed.length > MAX_TEXT) throw invalid([{ path, message: `must be at most ${MAX_TEXT} characters` }]);
    return trimmed;
  };

  return {
    /**
     * The item's notes and refunds, oldest first, and what is left to refund; `services` (a role
     * limited to some services) hides an item of another service like one that does not exist.
     */
    async workOf(entity: Entity, id: string, services?: readonly string[]) {
      const item = isUuid(id) ? await findOverpayment(db, entity.id, id, false, services) : undefined;
      if (!item) throw notFound();
      const [notes, refunds] = await Promise.all([notesOf(db, entity.id, id), refundsOf(db, entity.id, id)]);
      return { item, notes, refunds, leftCents: item.amountCents - refundedCents(refunds) };
    },

    async addNote(entity: Entity, id: string, note: string | undefined, actor: Actor): Promise<void> {
      write(entity, actor);
      const body = text(note, 'note');
      await db.transaction().execute(async (trx) => {
        await lockedItem(trx, entity, id);
        const noteId = uuidv7();
        await insertNote(trx, {
          id: noteId,
          entityId: entity.id,
          overpaymentId: id,
          text: body,
          at: clock.now(),
          by: actor.id,
        });
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'overpayment.note',
          subjectType: 'overpayment',
          subjectId: id,
          after: { noteId, note: body },
        });
      });
    },

    /**
     * Records a refund of an OPEN item: refused when the session's proof of identity is not recent,
     * the input breaks a rule, or it would take the item's refunds (not cancelled) over its amount.
     */
    async record(
      entity: Entity,
      id: string,
      input: RefundInput,
      actor: Actor,
      session: OperatorSession | undefined,
    ): Promise<Refund> {
      write(entity, actor);
      if (actor.principal?.kind === 'operator') {
        if (!session) throw new AppError('REAUTHENTICATION_REQUIRED', 'Confirm who you are to record a refund.');
        requireFresh(session, clock.now());
      }
      const problems = refundProblems(input);
      if (problems.length > 0) throw invalid(problems);
      const refund = normalizedRefund(input);
      return db.transaction().execute(async (trx) => {
        const item = await lockedItem(trx, entity, id);
        if (item.status !== 'OPEN') throw new AppError('OVERPAYMENT_CLOSED', `The item is ${item.status} already`);
        const left = item.amountCents - refundedCents(await refundsOf(trx, entity.id, id));
        if (refund.amountCents > left) {
          throw new AppError(
            'REFUND_EXCEEDS_OVERPAYMENT',
            `At most ${formatEuro(Math.max(0, left), 'en')} of this item is left to refund`,
            [{ path: 'amount', message: `must be at most ${Math.max(0, left)} cents` }],
          );
        }
        const refundId = uuidv7();
        const now = clock.now();
        await insertRefund(trx, {
          id: refundId,
          entityId: entity.id,
          overpaymentId: id,
          input: refund,
          at: now,
          by: actor.id,
        });
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'overpayment.refund.record',
          subjectType: 'overpayment',
          subjectId: id,
          after: {
            refundId,
            amountCents: refund.amountCents,
            iban: maskedIban(refund.iban),
            refundDate: refund.refundDate,
            reference: refund.reference ?? null,
          },
        });
        return (await findRefund(trx, entity.id, id, refundId))!;
      });
    },

    /** Marks a refund PAID, or CANCELLED with a reason (REFUND_NOT_CHANGEABLE from a state that cannot). */
    async change(
      entity: Entity,
      id: string,
      refundId: string,
      to: 'PAID' | 'CANCELLED',
      reason: string | undefined,
      actor: Actor,
    ): Promise<void> {
      write(entity, actor);
      const cancelReason = to === 'CANCELLED' ? text(reason, 'reason') : null;
      await db.transaction().execute(async (trx) => {
        await lockedItem(trx, entity, id);
        const refund = isUuid(refundId) ? await findRefund(trx, entity.id, id, refundId) : undefined;
        if (!refund) throw notFound();
        if (!REFUND_TRANSITIONS[refund.status].includes(to)) {
          throw new AppError('REFUND_NOT_CHANGEABLE', `The refund is ${refund.status} already`);
        }
        const now = clock.now();
        await updateRefundStatus(trx, refundId, { from: refund.status, to, cancelReason, at: now, by: actor.id });
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: to === 'PAID' ? 'overpayment.refund.paid' : 'overpayment.refund.cancel',
          subjectType: 'overpayment',
          subjectId: id,
          before: { refundId, status: refund.status },
          after: { refundId, status: to, ...(cancelReason && { reason: cancelReason }) },
        });
      });
    },

    /** Closes an OPEN item as REFUNDED or RESOLVED: never without a reason. */
    async close(
      entity: Entity,
      id: string,
      status: 'REFUNDED' | 'RESOLVED',
      reason: string | undefined,
      actor: Actor,
    ): Promise<void> {
      write(entity, actor);
      const note = text(reason, 'reason');
      await db.transaction().execute(async (trx) => {
        const item = await lockedItem(trx, entity, id);
        if (item.status !== 'OPEN') throw new AppError('OVERPAYMENT_CLOSED', `The item is ${item.status} already`);
        await closeOverpayment(trx, id, { status, note, closedAt: clock.now(), closedBy: actor.id });
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'overpayment.close',
          subjectType: 'overpayment',
          subjectId: id,
          before: { status: item.status },
          after: { status, note },
        });
      });
    },
  };
}
