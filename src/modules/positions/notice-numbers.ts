// Hands out new aux-3 notice numbers (pagopa-facts §1): 3 + segregation code + 13-digit base +
// mod-93 check digits. Bases come from the entity's counter, reserved in blocks outside the caller's
// transaction, so a number is never handed out twice even when that transaction rolls back (a gap is
// harmless; a reused IUV is forbidden). Numbers already in use, or supplied by the back office in the
// same request or file, are skipped.
import { buildNoticeNumber } from '../../shared/identifiers/notice-number.ts';

/**
 * The most a pool reserves beyond what it was asked for. A pool that keeps asking (an import, batch
 * after batch) reserves twice its previous block each time, up to this: a million-row import makes
 * about 65 reservations rather than 1 000 (each a commit on the critical path), and leaves at most
 * this many bases unused when it ends. A pool asked once (one API request) reserves exactly what it needs.
 */
export const MAX_RESERVE_AHEAD = 16_384;

export interface NoticeNumberPool {
  /** Reserves enough for `count` more numbers (fewer round trips for a batch; see MAX_RESERVE_AHEAD). */
  ensure(count: number): Promise<void>;
  /** The next number, reserving more when the reserved blocks are used up. */
  next(): Promise<string>;
  /** Whether this pool has handed out `nav` (to refuse a back office supplying the same number later). */
  handedOut(nav: string): boolean;
}

export interface PoolSource {
  entity: { id: string; segregationCode: string };
  /** Bumps the entity's counter by `count` (autocommitted); returns the first base. */
  reserve(count: number): Promise<number>;
  /** Notice numbers of the entity already in use between lo and hi (inclusive). */
  inUse(lo: string, hi: string): Promise<string[]>;
  /** Notice numbers supplied by the back office in the same request or file (checked when handing out). */
  exclude?: { has(nav: string): boolean };
}

interface Block {
  first: number;
  size: number;
  skip: Set<string>;
}

export function noticeNumberPool(source: PoolSource): NoticeNumberPool {
  const seg = source.entity.segregationCode;
  const blocks: Block[] = [];
  let block = 0;
  let offset = 0;
  let available = 0;
  const nav = (base: number) => buildNoticeNumber(seg, BigInt(base));
  const skipped = (b: Block, candidate: string) => b.skip.has(candidate) || (source.exclude?.has(candidate) ?? false);

  return {
    async ensure(count) {
      while (available < count) {
        const previous = blocks.at(-1)?.size ?? 0;
        const size = Math.max(count - available, Math.min(MAX_RESERVE_AHEAD, 2 * previous));
        const first = await source.reserve(size);
        // One range query finds any number already used inside the reserved block.
        const skip = new Set(await source.inUse(nav(first), nav(first + size - 1)));
        blocks.push({ first, size, skip });
        available += size - skip.size;
      }
    },
    async next() {
      for (;;) {
        const b = blocks[block];
        if (!b) {
          await this.ensure(Math.max(1, available + 1));
          continue;
        }
        if (offset >= b.size) {
          block++;
          offset = 0;
          continue;
        }
        const candidate = nav(b.first + offset++);
        if (b.skip.has(candidate)) continue;
        available--;
        if (source.exclude?.has(candidate)) continue;
        return candidate;
      }
    },
    handedOut(candidate) {
      if (candidate.length !== 18 || !candidate.startsWith(`3${seg}`)) return false;
      const base = Number(candidate.slice(3, 16));
      return blocks.some((b, i) => {
        const used = i < block ? b.size : i === block ? offset : 0;
        return base >= b.first && base < b.first + used && nav(base) === candidate && !skipped(b, candidate);
      });
    },
  };
}
