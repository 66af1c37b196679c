// The one way a payment attempt changes status: through ATTEMPT_TRANSITIONS, with its audit record in
// the same transaction, and only if nobody changed the attempt first.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { notFound } from '../../../shared/errors.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import { type Attempt, type AttemptStatus, canTransitionAttempt } from './attempt.ts';
import { findAttempt, updateAttempt } from './attempts.db.ts';

export type AttemptMoves = ReturnType<typeof attemptMoves>;

export function attemptMoves(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;

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

  return { move, withAttempt };
}
