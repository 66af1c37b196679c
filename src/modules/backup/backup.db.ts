// What a backup reads of the database's own catalogue: Cassa's tables with the columns a row is
// restored from (generated columns are computed again), in an order that respects foreign keys,
// and the sequences to move past the restored rows.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';

export interface TableShape {
  name: string;
  columns: string[];
}

/** Tables the migrator owns itself: a restore migrates first, so they are never copied. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Cassa's tables (schema public), parents before the tables whose foreign keys point at them. */
export async function tablesInDependencyOrder(db: Kysely<Schema>): Promise<TableShape[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
    ORDER BY c.table_name, c.ordinal_position
  `.execute(db);
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns.rows) {
    if (MIGRATOR_TABLES.has(table_name)) continue;
    const list = byTable.get(table_name) ?? [];
    list.push(column_name);
    byTable.set(table_name, list);
  }
  const edges = await sql<{ child: string; parent: string }>`
    SELECT child.relname AS child, parent.relname AS parent
    FROM pg_constraint k
    JOIN pg_class child ON child.oid = k.conrelid
    JOIN pg_class parent ON parent.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = child.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public'
  `.execute(db);
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of edges.rows) {
    if (child === parent) continue;
    const set = parents.get(child) ?? new Set<string>();
    set.add(parent);
    parents.set(child, set);
  }
  const ordered: TableShape[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (name: string) => {
    if (placed.has(name)) return;
    if (visiting.has(name)) throw new Error(`foreign keys form a cycle through table ${name}`);
    visiting.add(name);
    for (const parent of [...(parents.get(name) ?? [])].sort()) if (byTable.has(parent)) place(parent);
    visiting.delete(name);
    placed.add(name);
    ordered.push({ name, columns: byTable.get(name)! });
  };
  for (const name of [...byTable.keys()].sort()) place(name);
  return ordered;
}

/** The names of the migrations applied, in order. */
export async function appliedMigrations(db: Kysely<Schema>): Promise<string[]> {
  const result = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return result.rows.map((r) => r.name);
}

/** Whether a table holds any row. */
export async function hasRows(db: Kysely<Schema>, table: string): Promise<boolean> {
  const result = await sql<{ one: number }>`SELECT 1 AS one FROM ${sql.table(table)} LIMIT 1`.execute(db);
  return result.rows.length > 0;
}

/** Rows of a table, counted in the caller's snapshot. */
export async function countRows(db: Kysely<Schema>, table: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
  return result.rows[0]!.n;
}

/** Moves every sequence owned by a column of `table` past the highest value restored in it. */
export async function advanceSequences(db: Kysely<Schema>, table: string, columns: readonly string[]): Promise<void> {
  for (const column of columns) {
    const owned = await sql<{ seq: string | null }>`SELECT pg_get_serial_sequence(${table}, ${column}) AS seq`.execute(
      db,
    );
    const seq = owned.rows[0]?.seq;
    if (!seq) continue;
    await sql`SELECT setval(${seq}::regclass, COALESCE((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
      db,
    );
  }
}

/** `SELECT cols FROM table` as text, for COPY; identifiers quoted. */
export function selectAllQuery(table: TableShape): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return `SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}`;
}
