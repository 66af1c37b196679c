// What the help desk's one box finds: a receipt by its id (pagoPA's or the back office's, or Cassa's
// own), else what the positions search finds for the same text (a notice number, an IUV, a fiscal
// code, an IUPD or a name: positions/search.ts recognises it) — one notice, one person's positions,
// or several people to choose from. Only the entity's own data, and a limited role's services.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import { isUuid } from '../../../shared/ids.ts';
import { formatEuro } from '../../../shared/money.ts';
import { countMatches, type Scope, searchPage } from '../positions/search.db.ts';
import { parseSearch } from '../positions/search.ts';

/** At most this many positions' stories on one page (the newest). */
export const STORIES = 10;

export type Found =
  | { kind: 'empty' }
  | { kind: 'none' }
  | { kind: 'people'; people: { name: string; fiscalCode: string; positions: number }[] }
  | {
      kind: 'stories';
      about: 'notice' | 'person' | 'receipt';
      iupds: string[];
      total: number;
      person?: { name: string; fiscalCode: string };
      orphans: { id: string; amount: (lang: 'it' | 'en') => string; paidAt: Date; nav: string }[];
    };

export async function findStory(db: Kysely<Schema>, entityId: string, typed: string, scope: Scope): Promise<Found> {
  const text = typed.trim().slice(0, 140);
  if (!text) return { kind: 'empty' };
  if (text.length <= 64) {
    const { rows } = await sql<{
      id: string;
      receipt_id: string;
      iupd: string | null;
      nav: string;
      amount_cents: unknown;
      paid_at: Date;
    }>`
      SELECT id, receipt_id, iupd, nav, amount_cents, paid_at FROM receipts
      WHERE entity_id = ${entityId} AND (receipt_id = ${text}${isUuid(text) ? sql` OR id = ${text}::uuid` : sql``})
      ORDER BY paid_at DESC LIMIT ${STORIES}`.execute(db);
    if (rows.length > 0) {
      const iupds = [...new Set(rows.map((r) => r.iupd).filter((i): i is string => i !== null))];
      return {
        kind: 'stories',
        about: 'receipt',
        iupds,
        total: iupds.length,
        // A receipt of no position (an unknown notice) is seen only by those who see every service.
        orphans:
          scope === '*'
            ? rows
                .filter((r) => r.iupd === null)
                .map((r) => ({
                  id: r.receipt_id,
                  amount: (lang: 'it' | 'en') => formatEuro(Number(r.amount_cents), lang),
                  paidAt: r.paid_at,
                  nav: r.nav,
                }))
            : [],
      };
    }
  }
  const search = parseSearch({ q: text });
  const found = await searchPage(db, entityId, search, scope);
  if (found.positions.length === 0) return { kind: 'none' };
  if (search.kind === 'nav' || search.kind === 'iuv') {
    return {
      kind: 'stories',
      about: 'notice',
      iupds: found.positions.map((p) => p.iupd),
      total: found.positions.length,
      orphans: [],
    };
  }
  const people = new Map<string, { name: string; fiscalCode: string; positions: number }>();
  for (const p of found.positions) {
    const key = p.debtorFiscalCode.toUpperCase();
    const known = people.get(key);
    if (known) known.positions += 1;
    else people.set(key, { name: p.debtorName, fiscalCode: key, positions: 1 });
  }
  if (people.size > 1) return { kind: 'people', people: [...people.values()] };
  const person = [...people.values()][0]!;
  // One person: their positions by fiscal code (all of them, not only those the name matched).
  const theirs = parseSearch({ q: person.fiscalCode });
  const [page, total] = await Promise.all([
    searchPage(db, entityId, theirs, scope),
    countMatches(db, entityId, theirs, scope),
  ]);
  const own = page.positions.filter((p) => p.debtorFiscalCode.toUpperCase() === person.fiscalCode);
  return {
    kind: 'stories',
    about: 'person',
    iupds: (own.length > 0 ? own : found.positions).slice(0, STORIES).map((p) => p.iupd),
    total: Math.max(total, own.length),
    person: { name: person.name, fiscalCode: person.fiscalCode },
    orphans: [],
  };
}
