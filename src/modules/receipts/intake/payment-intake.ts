// The one home of "money arrived for this notice", whatever the channel (payment-channel.ts): in one
// transaction, locate and lock the notice's position, decide what the money does, store the
// evidence (the receipt row, once per (entity, IUV, receiptId): a replay changes nothing), then
// apply it (the instalment paid, the position moved) or hold it as an over-payment item, with the
// audit record and the events. Safe to call any number of times, concurrently. See ADR 0022.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import type { Metrics } from '../../../shared/metrics.ts';
import type { Actor } from '../../audit/audit.ts';
import { lockNotice, payInTransaction } from '../../positions/positions.lifecycle.ts';
import { paymentRecordOf } from '../receipt.ts';
import { findReceiptByKey, insertReceiptIfNew } from '../receipts.db.ts';
import type { IntakeResult, PaymentChannel } from './payment-channel.ts';
import { raiseOverpayment, recordApplied, recordReceived } from './payment-records.ts';

export type PaymentIntake = ReturnType<typeof paymentIntake>;

export function paymentIntake(deps: { db: Kysely<Schema>; clock: Clock; metrics: Pick<Metrics, 'paymentTaken'> }) {
  const { db, clock } = deps;

  return {
    /** Takes the money `input` reports through `channel` for one of the entity's notices. */
    async take<I>(channel: PaymentChannel<I>, entityId: string, input: I, actor: Actor): Promise<IntakeResult> {
      const now = clock.now();
      channel.precheck?.(input, now);
      const result = await db.transaction().execute(async (trx): Promise<IntakeResult> => {
        // The position is locked first, and the notice read again under the lock: payments of one
        // notice, and updates of its position, queue up here. (Inserting the receipt first would take
        // a key-share lock on the position through the foreign key, and two payments each waiting to
        // upgrade theirs would deadlock.)
        const target = await lockNotice(trx, entityId, channel.nav(input));
        const settlement = channel.decide(target, input);
        const receipt = channel.evidence(input, target, { id: uuidv7(now.getTime()), entityId, actor, now });
        if (!(await insertReceiptIfNew(trx, receipt))) {
          const stored = (await findReceiptByKey(trx, entityId, receipt.iuv, receipt.receiptId))!;
          return { kind: channel.replay(stored, input), receipt: stored };
        }
        if (settlement.apply && target) {
          const { before, paid } = await payInTransaction(trx, target, paymentRecordOf(receipt, actor.id), now);
          await recordApplied(trx, paid, before, { receipt: channel.auditNote(receipt, input) }, actor, now);
          await recordReceived(trx, receipt, actor, now);
          return { kind: 'applied', receipt, target: paid };
        }
        const reason = settlement.apply ? 'UNKNOWN_NOTICE' : settlement.reason;
        const overpayment = await raiseOverpayment(trx, receipt, reason, actor, now);
        await recordReceived(trx, receipt, actor, now);
        return { kind: 'held', receipt, overpayment };
      });
      // Counted once committed: a rolled-back intake took nothing.
      deps.metrics.paymentTaken(channel.name, result.kind);
      return result;
    },
  };
}
