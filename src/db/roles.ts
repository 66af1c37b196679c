// Two PostgreSQL roles (ADR 0025): the migration role owns the tables and runs the migrations
// (MIGRATION_DATABASE_URL); the application role (DATABASE_URL) gets only what Cassa needs — on the
// audit log INSERT and SELECT, on the chain heads no DELETE, nowhere TRUNCATE — and, not being the
// owner, cannot disable or drop the append-only triggers. The grants are re-applied after every
// migration run, so new tables are covered; `cassa db grant --role NAME` applies them by hand.
import { type Kysely, sql } from 'kysely';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import type { Schema } from './schema.ts';

/** Gives the application role its rights on everything the migrations created (idempotent). */
export async function grantAppRole(db: Kysely<Schema>, role: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(role)) throw new Error(`not a plain role name: "${role}"`);
  const r = sql.id(role);
  const statements = [
    sql`GRANT USAGE ON SCHEMA public TO ${r}`,
    sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    // Append-only: records are added and read, never changed or removed.
    sql`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${r}`,
    // A chain head moves forward with every record; it is never removed.
    sql`REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chain_heads FROM ${r}`,
    // Start-up checks that nothing is pending (a read); only the migration role migrates.
    sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON kysely_migration, kysely_migration_lock FROM ${r}`,
    // pg-boss keeps its tables in its own schema, created by the application role inside this one.
    sql`CREATE SCHEMA IF NOT EXISTS pgboss`,
    sql`GRANT USAGE, CREATE ON SCHEMA pgboss TO ${r}`,
  ];
  await db.transaction().execute(async (trx) => {
    for (const statement of statements) await statement.execute(trx);
    // A bulk import stages its audit records in a temporary table (audit/audit.ts: stageAudit).
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(trx);
    await sql`GRANT TEMPORARY ON DATABASE ${sql.id(rows[0]!.name)} TO ${r}`.execute(trx);
  });
}

/** Whether a schema exists (pg-boss may create its own only when it does not: see jobs/boss.ts). */
export async function schemaExists(db: Kysely<Schema>, name: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM pg_namespace WHERE nspname = ${name}`.execute(db);
  return rows.length > 0;
}

/** The user name of a PostgreSQL URL. */
export const roleOf = (url: string): string => decodeURIComponent(new URL(url).username);

/**
 * Brings the schema up to date as the owner of the tables. With a migration URL whose role differs
 * from the application's, connects as that role, migrates, and grants the application role its
 * rights; otherwise migrates through `db` (one role for everything).
 */
export async function migrateAsOwner(
  db: Kysely<Schema>,
  urls: { databaseUrl?: string | undefined; migrationDatabaseUrl?: string | undefined },
): Promise<string[]> {
  const { databaseUrl, migrationDatabaseUrl } = urls;
  if (!databaseUrl || !migrationDatabaseUrl || roleOf(databaseUrl) === roleOf(migrationDatabaseUrl)) {
    return migrateToLatest(db);
  }
  const owner = await openDatabase({ databaseUrl: migrationDatabaseUrl, poolSize: 1 });
  try {
    const applied = await migrateToLatest(owner.db);
    await grantAppRole(owner.db, roleOf(databaseUrl));
    return applied;
  } finally {
    await owner.close();
  }
}
