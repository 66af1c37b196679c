// The SQL of the console's position search and of its exports: every condition a subquery on an
// index (migration 026 and the foundation's), one page of positions (50, by offset, capped) and their
// instalments, a count that stops at COUNT_CAP, and the export's rows read in batches by position id
// (keyset), never the whole result at once. A role limited to some services (servicesOf) sees the
// positions with an instalment whose first transfer names one of them (catalogue service or category).
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import { EVERY_SERVICE } from '../../../shared/principal.ts';
import { COUNT_CAP, PAGE_SIZE, type PositionSearch, type SortKey } from './search.ts';

/** The services (or categories) a role sees, or every one. */
export type Scope = typeof EVERY_SERVICE | readonly string[];

/** The catalogue service of an instalment `i` (its first transfer's `cassaService` metadata). */
export const SERVICE_OF = sql`(jsonb_path_query_first(i.transfers::jsonb, '$[0].metadata[*] ? (@.key == "cassaService").value') #>> '{}')`;
/** The taxonomy category of an instalment `i` (its first transfer's). */
export const CATEGORY_OF = sql`((i.transfers::jsonb) -> 0 ->> 'category')`;
const DEBTOR_NAME = sql`lower(p.options::jsonb #>> '{0,debtor,fullName}')`;
const DEBTOR_WORDS = sql`to_tsvector('simple'::regconfig, jsonb_path_query_array(p.options::jsonb, '$[*].debtor.fullName'))`;

const ORDER: Record<SortKey, RawBuilder<unknown>> = {
  created: sql`p.inserted_at`,
  iupd: sql`p.iupd`,
  debtor: DEBTOR_NAME,
  status: sql`p.status`,
};

/** The positions of the entity whose instalments match `where` (an index on installments serves it). */
const withInstallments = (entityId: string, where: RawBuilder<unknown>) =>
  sql`p.id IN (SELECT i.position_id FROM installments i WHERE i.entity_id = ${entityId} AND ${where})`;

/** Whether position `p` is one of the entity's that the scope sees (the instalment test above). */
export function inScope(entityId: string, scope: Scope): RawBuilder<unknown> {
  if (scope === EVERY_SERVICE) return sql`true`;
  const list = [...scope];
  return withInstallments(
    entityId,
    sql`(${SERVICE_OF} = ANY(${list}::text[]) OR ${CATEGORY_OF} = ANY(${list}::text[]))`,
  );
}

function conditions(entityId: string, s: PositionSearch, scope: Scope): RawBuilder<unknown> {
  const c: RawBuilder<unknown>[] = [sql`p.entity_id = ${entityId}`];
  const byIupd = sql`SELECT id FROM positions WHERE entity_id = ${entityId} AND iupd = ${s.q}`;
  if (s.kind === 'nav' || s.kind === 'iuv') {
    c.push(withInstallments(entityId, sql`i.nav = ${s.kind === 'nav' ? s.q : `3${s.q}`}`));
  } else if (s.kind === 'fiscalCode') {
    c.push(
      sql`p.id IN (SELECT i.position_id FROM installments i WHERE i.entity_id = ${entityId} AND i.debtor_fiscal_code = ${s.q} UNION ${byIupd})`,
    );
  } else if (s.kind === 'text') {
    const words = s.words.map((w) => `${w}:*`).join(' & ');
    c.push(
      words
        ? sql`p.id IN (${byIupd} UNION SELECT id FROM positions p WHERE p.entity_id = ${entityId} AND ${DEBTOR_WORDS} @@ to_tsquery('simple'::regconfig, ${words}))`
        : sql`p.id IN (${byIupd})`,
    );
  }
  if (s.status) c.push(sql`p.status = ${s.status}`);
  // One instalment due within both bounds (not one after the first and another before the second).
  if (s.dueFrom || s.dueTo) {
    const from = s.dueFrom ? sql`i.due_date >= ${s.dueFrom}` : sql`true`;
    const to = s.dueTo ? sql`i.due_date <= ${s.dueTo}` : sql`true`;
    c.push(withInstallments(entityId, sql`${from} AND ${to}`));
  }
  if (s.service) c.push(withInstallments(entityId, sql`${SERVICE_OF} = ${s.service}`));
  if (scope !== EVERY_SERVICE) c.push(inScope(entityId, scope));
  return sql.join(c, sql` AND `);
}

export interface FoundPosition {
  id: string;
  iupd: string;
  status: string;
  insertedAt: Date;
  debtorName: string;
  debtorFiscalCode: string;
}

export interface FoundInstallment {
  positionId: string;
  optionIndex: number;
  index: number;
  nav: string;
  amountCents: number;
  dueDate: string;
  status: string;
}

const isoDate = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

/** One page of the search (and whether another follows), with the instalments of its positions. */
export async function searchPage(db: Kysely<Schema>, entityId: string, s: PositionSearch, scope: Scope) {
  const dir = sql.raw(s.dir === 'asc' ? 'ASC' : 'DESC');
  const { rows } = await sql<Record<string, unknown>>`
    SELECT p.id, p.iupd, p.status, p.inserted_at,
      coalesce(p.options::jsonb #>> '{0,debtor,fullName}', '') AS debtor_name,
      coalesce(p.options::jsonb #>> '{0,debtor,fiscalCode}', '') AS debtor_cf
    FROM positions p WHERE ${conditions(entityId, s, scope)}
    ORDER BY ${ORDER[s.sort]} ${dir}, p.id ${dir}
    LIMIT ${PAGE_SIZE + 1} OFFSET ${s.page * PAGE_SIZE}`.execute(db);
  const positions: FoundPosition[] = rows.slice(0, PAGE_SIZE).map((r) => ({
    id: String(r.id),
    iupd: String(r.iupd),
    status: String(r.status),
    insertedAt: r.inserted_at as Date,
    debtorName: String(r.debtor_name),
    debtorFiscalCode: String(r.debtor_cf),
  }));
  return { positions, more: rows.length > PAGE_SIZE, installments: await installmentsOf(db, entityId, positions) };
}

async function installmentsOf(db: Kysely<Schema>, entityId: string, positions: { id: string }[]) {
  if (positions.length === 0) return [];
  const rows = await db
    .selectFrom('installments')
    .select(['position_id', 'option_index', 'installment_index', 'nav', 'amount_cents', 'due_date', 'status'])
    .where('entity_id', '=', entityId)
    .where(
      'position_id',
      'in',
      positions.map((p) => p.id),
    )
    .orderBy('position_id')
    .orderBy('option_index')
    .orderBy('installment_index')
    .execute();
  return rows.map(
    (r): FoundInstallment => ({
      positionId: r.position_id,
      optionIndex: r.option_index,
      index: r.installment_index,
      nav: r.nav,
      amountCents: Number(r.amount_cents),
      dueDate: isoDate(r.due_date),
      status: r.status,
    }),
  );
}

/** How many positions match, counting at most COUNT_CAP + 1. */
export async function countMatches(db: Kysely<Schema>, entityId: string, s: PositionSearch, scope: Scope) {
  const { rows } = await sql<{ n: unknown }>`
    SELECT count(*) AS n FROM (SELECT 1 FROM positions p WHERE ${conditions(entityId, s, scope)}
    LIMIT ${COUNT_CAP + 1}) AS matched`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** One instalment of an export, with its position's fields. */
export interface ExportRow {
  iupd: string;
  positionStatus: string;
  companyName: string;
  debtorFiscalCode: string;
  debtorName: string;
  optionIndex: number;
  index: number;
  nav: string;
  iuv: string;
  description: string;
  amountCents: number;
  dueDate: string;
  status: string;
  paidAt: Date | null;
  receiptId: string | null;
  insertedAt: Date;
}

/** The export's rows, position by position in creation order (uuidv7 ids), `batch` positions a query. */
export async function* exportRows(
  db: Kysely<Schema>,
  entityId: string,
  s: PositionSearch,
  scope: Scope,
  batch = 500,
): AsyncGenerator<ExportRow> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT p.id, p.iupd, p.status, p.company_name, p.options, p.inserted_at FROM positions p
      WHERE ${conditions(entityId, s, scope)} AND p.id > ${after}::uuid ORDER BY p.id LIMIT ${batch}`.execute(db);
    if (rows.length === 0) return;
    after = String(rows.at(-1)!.id);
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    const installments = await db
      .selectFrom('installments')
      .selectAll()
      .where('entity_id', '=', entityId)
      .where('position_id', 'in', [...byId.keys()])
      .orderBy('position_id')
      .orderBy('option_index')
      .orderBy('installment_index')
      .execute();
    for (const i of installments) {
      const p = byId.get(i.position_id)!;
      const debtor = (JSON.parse(String(p.options)) as { debtor?: { fiscalCode?: string; fullName?: string } }[])[
        i.option_index
      ]?.debtor;
      yield {
        iupd: String(p.iupd),
        positionStatus: String(p.status),
        companyName: String(p.company_name),
        debtorFiscalCode: i.debtor_fiscal_code,
        debtorName: debtor?.fullName ?? '',
        optionIndex: i.option_index,
        index: i.installment_index,
        nav: i.nav,
        iuv: i.iuv,
        description: i.description,
        amountCents: Number(i.amount_cents),
        dueDate: isoDate(i.due_date),
        status: i.status,
        paidAt: i.paid_at,
        receiptId: i.receipt_id,
        insertedAt: p.inserted_at as Date,
      };
    }
    if (rows.length < batch) return;
  }
}

/** How many instalment rows the search's export has, counting at most `cap` + 1. */
export async function countRows(db: Kysely<Schema>, entityId: string, s: PositionSearch, scope: Scope, cap: number) {
  const { rows } = await sql<{ n: unknown }>`
    SELECT count(*) AS n FROM (SELECT 1 FROM installments i WHERE i.entity_id = ${entityId}
      AND i.position_id IN (SELECT p.id FROM positions p WHERE ${conditions(entityId, s, scope)}) LIMIT ${cap + 1}) AS matched`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}
