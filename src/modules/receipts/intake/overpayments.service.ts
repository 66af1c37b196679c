// Use cases of over-payment items: list the entity's queue, read one, close one (refunded, or
// resolved otherwise with a note). Items are raised by the receipt intake (intake.ts), never here.

import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { AppError, invalid, notFound } from '../../../shared/errors.ts';
import { isUuid } from '../../../shared/ids.ts';
import { authorize } from '../../../shared/principal.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import type { Entity } from '../../entities/entity.ts';
import { OVERPAYMENT_TRANSITIONS, type Overpayment } from './overpayment.ts';
import { closeOverpayment, findOverpayment, listOverpayments, type OverpaymentFilters } from './overpayments.db.ts';

export type OverpaymentsService = ReturnType<typeof overpaymentsService>;

export function overpaymentsService(deps: { db: Kysely<Schema>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    list: (entity: Entity, filters: OverpaymentFilters) => listOverpayments(db, entity.id, filters),

    async get(entity: Entity, id: string): Promise<Overpayment> {
      const item = isUuid(id) ? await findOverpayment(db, entity.id, id) : undefined;
      if (!item) throw notFound();
      return item;
    },

    /** Closes an OPEN item; OVERPAYMENT_CLOSED when it is closed already. A resolution needs a note. */
    async close(
      entity: Entity,
      id: string,
      request: { status: 'REFUNDED' | 'RESOLVED'; note?: string | undefined },
      actor: Actor,
    ): Promise<Overpayment> {
      authorize(actor.principal, { entityId: entity.id, area: 'payments', access: 'write' });
      const note = request.note?.trim() || null;
      if (request.status === 'RESOLVED' && note === null) {
        throw invalid([{ path: 'note', message: 'is required to resolve an item other than by a refund' }]);
      }
      if (!isUuid(id)) throw notFound();
      return db.transaction().execute(async (trx) => {
        const item = await findOverpayment(trx, entity.id, id, true);
        if (!item) throw notFound();
        if (!OVERPAYMENT_TRANSITIONS[item.status].includes(request.status)) {
          throw new AppError('OVERPAYMENT_CLOSED', `The item is ${item.status} already`);
        }
        const now = clock.now();
        await closeOverpayment(trx, id, { status: request.status, note, closedAt: now, closedBy: actor.id });
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'overpayment.close',
          subjectType: 'overpayment',
          subjectId: id,
          before: { status: item.status },
          after: { status: request.status, note },
        });
        return { ...item, status: request.status, note, closedAt: now, closedBy: actor.id };
      });
    },
  };
}
