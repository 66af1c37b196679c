// The database connection: embedded PGlite by default, PostgreSQL when a URL is given. The rest of
// Cassa sees one interface: a Kysely instance, a bulk session with COPY, and an executor for pg-boss.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite, type Transaction as PGliteTransaction, types as pgliteTypes } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { ResilientClient } from './pg-client.ts';
import { lockPgliteDir } from './pglite-lock.ts';
import type { Schema } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** A cell of a COPY row: text in PostgreSQL's input syntax for the column, or null. */
export type CopyValue = string | null;

export interface BulkSession {
  /** Kysely bound to the bulk transaction. */
  readonly db: Kysely<Schema>;
  /** Appends rows to a table with COPY, inside the bulk transaction. */
  copyRows(table: keyof Schema, columns: readonly string[], rows: readonly CopyValue[][]): Promise<void>;
  /** Appends rows already in COPY's text format (one row a line) to a table, inside the bulk transaction. */
  copyText(table: string, columns: readonly string[], text: AsyncIterable<string>): Promise<void>;
}

/** A consistent, read-only view of the whole database (one REPEATABLE READ transaction). */
export interface SnapshotSession {
  readonly db: Kysely<Schema>;
  /** The result of `query` (a SELECT) in COPY's text format, one row a line, in pieces. */
  copyOut(query: string): AsyncIterable<string>;
}

/** What pg-boss needs to run its SQL (see jobs/boss.ts). */
export interface SqlExecutor {
  // biome-ignore lint/suspicious/noExplicitAny: pg-boss's own declaration
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<Schema>;
  /** Runs fn in one transaction on one connection, with COPY available; rolls back if fn throws. */
  bulk<T>(fn: (session: BulkSession) => Promise<T>): Promise<T>;
  /** Runs fn in one read-only REPEATABLE READ transaction: everything it reads is one instant's state. */
  snapshot<T>(fn: (session: SnapshotSession) => Promise<T>): Promise<T>;
  readonly jobsExecutor: SqlExecutor | undefined;
  readonly connectionString: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; 'memory://' keeps everything in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
}

// The Kysely instances of bulk sessions: each speaks inside a transaction though Kysely cannot tell.
const bulkSessions = new WeakSet<Kysely<Schema>>();

/** Whether db runs its queries inside a transaction (a Kysely transaction or a bulk session). */
export function inTransaction(db: Kysely<Schema>): boolean {
  return db.isTransaction || bulkSessions.has(db);
}

/** Opens the database described by the options (PGlite or PostgreSQL). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPGlite(options);
}

/** Resolves the PGlite folder inside DATA_DIR. */
export function pgliteDirIn(dataDir: string): string {
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return dir;
}

// bigint → number (amounts and counters stay far below 2^53); date → 'YYYY-MM-DD' string, because a
// due date is a calendar date and must not become a Date at some time-zone's midnight.
const parseInt8 = (value: string) => Number(value);
const keepText = (value: string) => value;

async function openPGlite(options: DatabaseOptions): Promise<Database> {
  const dir = options.pgliteDir ?? 'memory://';
  const unlock = dir.startsWith('memory://') ? () => {} : lockPgliteDir(dir);
  const pglite = await PGlite.create(dir, {
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: keepText },
  }).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    db,
    connectionString: undefined,
    // PGlite serialises everything behind its transaction lock, so a bulk session is simply one
    // PGlite transaction with a Kysely instance speaking through it.
    bulk: (fn) =>
      pglite.transaction(async (tx) => {
        const txDb = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite: pgliteFacade(tx) }) });
        bulkSessions.add(txDb);
        return fn({
          db: txDb,
          copyRows: async (table, columns, rows) => {
            if (rows.length === 0) return;
            const blob = new Blob([encodeCopyText(rows)]);
            await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob });
          },
          copyText: async (table, columns, text) => {
            const parts: string[] = [];
            for await (const part of text) parts.push(part);
            const blob = new Blob(parts);
            if (blob.size === 0) return;
            await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob });
          },
        });
      }),
    snapshot: (fn) =>
      pglite.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const txDb = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite: pgliteFacade(tx) }) });
        return fn({
          db: txDb,
          copyOut: async function* (query) {
            const { blob } = await tx.query(`COPY (${query}) TO '/dev/blob'`);
            if (!blob) return;
            const decoder = new TextDecoder('utf-8', { fatal: true });
            for await (const chunk of blob.stream()) yield decoder.decode(chunk, { stream: true });
            const rest = decoder.decode();
            if (rest) yield rest;
          },
        });
      }),
    jobsExecutor: {
      // pg-boss sends multi-statement scripts without parameters; PGlite runs those with exec(),
      // which returns the rows of every statement as pg-boss expects.
      executeSql: async (text, values) => {
        if (values && values.length > 0) return pglite.query(text, values);
        const results = await pglite.exec(text);
        // Like pg: one result for one statement, an array (which pg-boss unwraps) for several.
        // biome-ignore lint/suspicious/noExplicitAny: pg-boss's declared type is the single result
        return (results.length === 1 ? results[0] : results) as any;
      },
    },
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

/** Presents a PGlite transaction as the small PGlite surface Kysely's dialect needs. */
function pgliteFacade(tx: PGliteTransaction) {
  return {
    query: tx.query.bind(tx),
    transaction: <T>(cb: (t: PGliteTransaction) => Promise<T>) => cb(tx),
    close: async () => {},
    closed: false,
    ready: true,
    waitReady: Promise.resolve(),
    // biome-ignore lint/suspicious/noExplicitAny: Kysely declares its own structural PGlite type
  } as any;
}

async function openPostgres(connectionString: string, poolSize: number): Promise<Database> {
  const typeParsers = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === pg.types.builtins.INT8) return parseInt8;
      if (oid === pg.types.builtins.DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    Client: ResilientClient,
    connectionString,
    max: poolSize,
    types: typeParsers,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // A connection can be cut from the server side (restart, failover, an administrator): the client
  // reports it (pg-client.ts), and pg repeats it on the pool for an idle one, where an unheard 'error'
  // event would crash the process. The pool replaces the connection; queries in flight fail and are
  // answered 503 (http/errors.ts).
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    connectionString,
    bulk: (fn) =>
      onOneClient(pool, 'BEGIN', (client, txDb) => {
        bulkSessions.add(txDb);
        const copyIn = (table: string, columns: readonly string[]) =>
          client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        return fn({
          db: txDb,
          copyRows: async (table, columns, rows) => {
            if (rows.length > 0) await pipeline(copyText(rows), copyIn(table, columns));
          },
          copyText: (table, columns, text) => pipeline(text, copyIn(table, columns)),
        });
      }),
    snapshot: (fn) =>
      onOneClient(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY', (client, txDb) =>
        fn({
          db: txDb,
          copyOut: async function* (query) {
            const stream = client.query(copyStreams.to(`COPY (${query}) TO STDOUT`));
            const decoder = new TextDecoder('utf-8', { fatal: true });
            for await (const chunk of stream) yield decoder.decode(chunk as Uint8Array, { stream: true });
            const rest = decoder.decode();
            if (rest) yield rest;
          },
        }),
      ),
    jobsExecutor: undefined,
    close: () => db.destroy(),
  };
}

/**
 * Runs fn in one transaction (opened by `begin`) on one pooled client, with a Kysely instance bound to
 * it; commits, or rolls back if fn throws. A client whose rollback failed (a cut connection) is
 * destroyed rather than returned to the pool.
 */
async function onOneClient<T>(
  pool: pg.Pool,
  begin: string,
  fn: (client: pg.PoolClient, txDb: Kysely<Schema>) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const single = {
      connect: async () => ({ query: client.query.bind(client), release() {} }),
      end: async () => {},
    };
    // biome-ignore lint/suspicious/noExplicitAny: a one-client pool for Kysely's PostgresDialect
    const txDb = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: single as any }) });
    const result = await fn(client, txDb);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

async function* copyText(rows: readonly CopyValue[][]): AsyncGenerator<string> {
  // 100 rows (≈ 60 kB of positions) a piece: pieces of 500 were large objects to V8, freed only by a
  // full collection, and raised a bulk import's peak RSS by ≈ 15 MB (ADR 0028).
  const batch = 100;
  for (let i = 0; i < rows.length; i += batch) yield encodeCopyText(rows.slice(i, i + batch));
}

/** Encodes rows in COPY's text format (tab-separated, \N for null, backslash escapes). */
export function encodeCopyText(rows: readonly CopyValue[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (i > 0) out += '\t';
      const value = row[i];
      out += value === null || value === undefined ? '\\N' : escapeCopy(value);
    }
    out += '\n';
  }
  return out;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
function escapeCopy(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Executes raw SQL through a Kysely instance, so pg-boss can enqueue inside our transactions. */
export function kyselyExecutor(db: Kysely<Schema>): SqlExecutor {
  return {
    executeSql: async (text, values) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: [...result.rows] };
    },
  };
}
