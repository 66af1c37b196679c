// A signed-in citizen's cart at one entity: notices of their own positions put aside to be paid
// together, at most five (pagoPA Checkout's limit for one payment). The cart holds notice numbers
// only; amounts and whether each can still be paid are read afresh every time it is shown or paid.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { todayInRome } from '../../shared/dates.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { Entity } from '../entities/entity.ts';
import { refusal } from '../payments/station/notice-state.ts';
import type { StationNotice } from '../positions/notice-lookup.ts';
import type { PositionsService } from '../positions/positions.service.ts';

/** pagoPA Checkout pays at most five notices at once (its cart's limit). */
export const CART_LIMIT = 5;

export interface CartLine {
  nav: string;
  addedAt: Date;
  /** The notice as it is now; undefined when it no longer exists or is no longer the citizen's. */
  notice: StationNotice | undefined;
  /** Whether it can be paid now (not paid, cancelled, expired...). */
  payable: boolean;
}

export type CartService = ReturnType<typeof cartService>;

const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === '23505' || /unique|duplicate key/i.test(String((error as Error).message));

export function cartService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  positions: Pick<PositionsService, 'lookupNotice'>;
}) {
  const { db, clock, positions } = deps;

  /** The notice `nav` of the entity if its debtor is `fiscalCode`, and whether it can be paid today. */
  async function ownNotice(entity: Entity, fiscalCode: string, nav: string) {
    const found = /^\d{18}$/.test(nav) ? await positions.lookupNotice(entity.fiscalCode, nav) : undefined;
    const notice = found?.notice;
    if (!found || !notice || notice.positionStatus === 'DRAFT') return undefined;
    if (notice.debtor.fiscalCode.toUpperCase() !== fiscalCode) return undefined;
    const payable =
      refusal({ ...notice, payableAfterDue: found.entity.payableAfterDue }, todayInRome(clock.now())) === null;
    return { notice, payable };
  }

  async function rows(trx: Kysely<Schema>, entity: Entity, fiscalCode: string) {
    return trx
      .selectFrom('cart_items')
      .select(['slot', 'nav', 'added_at'])
      .where('fiscal_code', '=', fiscalCode)
      .where('entity_id', '=', entity.id)
      .orderBy('added_at')
      .orderBy('slot')
      .execute();
  }

  async function removeRows(trx: Kysely<Schema>, entity: Entity, fiscalCode: string, navs: string[]) {
    if (navs.length === 0) return [];
    const removed = await trx
      .deleteFrom('cart_items')
      .where('fiscal_code', '=', fiscalCode)
      .where('entity_id', '=', entity.id)
      .where('nav', 'in', navs)
      .returning('nav')
      .execute();
    return removed.map((r) => r.nav);
  }

  async function audit(
    trx: Kysely<Schema>,
    actor: Actor,
    entity: Entity,
    fiscalCode: string,
    action: string,
    after: Record<string, unknown>,
  ) {
    await recordAudit(trx, actor, { entityId: entity.id, action, subjectType: 'cart', subjectId: fiscalCode, after });
  }

  return {
    /** The citizen's cart, oldest first, each notice as it is now. */
    async lines(entity: Entity, fiscalCode: string): Promise<CartLine[]> {
      const stored = await rows(db, entity, fiscalCode);
      return Promise.all(
        stored.map(async (row) => {
          const nav = row.nav;
          const own = await ownNotice(entity, fiscalCode, nav);
          return { nav, addedAt: row.added_at, notice: own?.notice, payable: own?.payable ?? false };
        }),
      );
    },

    /**
     * Puts one of the citizen's payable notices in their cart. NOT_FOUND when it is not theirs (the
     * same as when it does not exist), NOT_PAYABLE when it cannot be paid now, CART_FULL at five
     * payable notices. Notices that can no longer be paid give their place up. Adding twice is once.
     */
    async add(entity: Entity, fiscalCode: string, nav: string, actor: Actor): Promise<{ added: boolean }> {
      const own = await ownNotice(entity, fiscalCode, nav);
      if (!own) throw notFound();
      if (!own.payable) throw new AppError('NOT_PAYABLE', `Notice ${nav} cannot be paid now`);
      const stale: string[] = [];
      for (const line of await rows(db, entity, fiscalCode)) {
        const kept = await ownNotice(entity, fiscalCode, line.nav);
        if (!kept?.payable) stale.push(line.nav);
      }
      // Two adds racing for the same free place: the loser's insert breaks the primary key and looks again.
      for (let round = 0; ; round++) {
        try {
          return await db.transaction().execute(async (trx) => {
            const gone = await removeRows(trx, entity, fiscalCode, stale);
            if (gone.length > 0)
              await audit(trx, actor, entity, fiscalCode, 'cart.remove', { navs: gone, why: 'not payable' });
            const current = await rows(trx, entity, fiscalCode);
            if (current.some((r) => r.nav === nav)) return { added: false };
            const used = new Set(current.map((r) => r.slot));
            const slot = [1, 2, 3, 4, 5].find((s) => !used.has(s));
            if (slot === undefined) {
              throw new AppError('CART_FULL', `The cart holds ${CART_LIMIT} notices: pay or remove one first`);
            }
            await trx
              .insertInto('cart_items')
              .values({ fiscal_code: fiscalCode, entity_id: entity.id, slot, nav, added_at: clock.now() })
              .execute();
            await audit(trx, actor, entity, fiscalCode, 'cart.add', { nav });
            return { added: true };
          });
        } catch (error) {
          if (!isUniqueViolation(error) || round >= 5) throw error;
        }
      }
    },

    /** Takes a notice out of the cart; false when it was not there. */
    async remove(entity: Entity, fiscalCode: string, nav: string, actor: Actor): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const gone = await removeRows(trx, entity, fiscalCode, [nav]);
        if (gone.length > 0) await audit(trx, actor, entity, fiscalCode, 'cart.remove', { navs: gone });
        return gone.length > 0;
      });
    },

    /** Empties the cart of the notices a payment attempt now holds (they are paid through it or retried from it). */
    async checkedOut(entity: Entity, fiscalCode: string, navs: string[], attemptId: string, actor: Actor) {
      await db.transaction().execute(async (trx) => {
        const gone = await removeRows(trx, entity, fiscalCode, navs);
        if (gone.length > 0) await audit(trx, actor, entity, fiscalCode, 'cart.checkout', { navs: gone, attemptId });
      });
    },
  };
}
