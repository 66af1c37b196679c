// Hands out new aux-3 notice numbers (pagopa-facts §1): 3 + segregation code + 13-digit base +
// mod-93 check digits. Bases come from the entity's counter, reserved outside any transaction, so a
// number is never handed out twice even when the caller's transaction later rolls back (a gap is
// harmless; a reused IUV is forbidden). Numbers a back office supplied itself are skipped.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { buildNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import { iuvsInRange } from './positions.db.ts';

export interface NoticeNumberDeps {
  db: Kysely<Schema>;
  entities: Pick<EntitiesService, 'reserveNoticeBases'>;
}

/** A reserved supply of notice numbers, handed out in order by next(). */
export interface NoticeNumberSupply {
  next(): string;
  readonly size: number;
}

/**
 * Reserves `count` new notice numbers for the entity: none already in use, none among `exclude`
 * (IUVs supplied in the same request or file). Call it before opening the transaction that uses them.
 */
export async function reserveNoticeNumbers(
  deps: NoticeNumberDeps,
  entity: { id: string; segregationCode: string },
  count: number,
  exclude: ReadonlySet<string> = new Set(),
): Promise<NoticeNumberSupply> {
  const blocks: { first: number; skip: Set<string>; size: number }[] = [];
  let usable = 0;
  while (usable < count) {
    const size = count - usable;
    const first = await deps.entities.reserveNoticeBases(entity.id, size);
    const lo = buildNoticeNumber(entity.segregationCode, BigInt(first)).slice(1);
    const hi = buildNoticeNumber(entity.segregationCode, BigInt(first + size - 1)).slice(1);
    // One range query finds any number a back office already supplied inside the reserved block.
    const skip = new Set(await iuvsInRange(deps.db, entity.id, lo, hi));
    // Same-length digit strings compare like the numbers they spell.
    for (const iuv of exclude) if (iuv.length === lo.length && iuv >= lo && iuv <= hi) skip.add(iuv);
    blocks.push({ first, skip, size });
    usable += size - skip.size;
  }
  let block = 0;
  let offset = 0;
  let handed = 0;
  return {
    size: count,
    next() {
      if (handed >= count) throw new Error('notice number supply exhausted');
      for (;;) {
        const b = blocks[block]!;
        if (offset >= b.size) {
          block++;
          offset = 0;
          continue;
        }
        const nav = buildNoticeNumber(entity.segregationCode, BigInt(b.first + offset++));
        if (b.skip.has(nav.slice(1))) continue;
        handed++;
        return nav;
      }
    },
  };
}
