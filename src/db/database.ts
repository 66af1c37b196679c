// The database connection: a pg pool on PostgreSQL — the embedded server (embedded.ts, connect.ts) or
// the one DATABASE_URL names; the code is the same for both. The rest of Cassa sees one interface: a
// Kysely instance, a bulk session with COPY, and the connection string pg-boss opens its own pool with.
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { type Logger, silentLogger } from '../shared/logger.ts';
import { resilientClient } from './pg-client.ts';
import type { Schema } from './schema.ts';

/** Where the PostgreSQL server comes from (shown by /ready and `cassa db migrate`; nothing branches on it). */
export type DatabaseKind = 'embedded' | 'postgres';

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

/** What pg-boss needs to run its SQL inside one of our transactions (see jobs/boss.ts). */
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
  readonly connectionString: string;
  /** The connections in use and waited for, for the metrics. */
  poolStats(): PoolStats;
  close(): Promise<void>;
}

/** pg.Pool's counts of connections: open, idle, and requests waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface DatabaseOptions {
  /** PostgreSQL URL. */
  databaseUrl: string;
  poolSize?: number;
  /** The embedded server's (only recorded in `kind`). */
  embedded?: boolean;
  /** Where a lost connection is reported (silent by default). */
  logger?: Logger | undefined;
}

// The Kysely instances of bulk sessions: each speaks inside a transaction though Kysely cannot tell.
const bulkSessions = new WeakSet<Kysely<Schema>>();

/** Whether db runs its queries inside a transaction (a Kysely transaction or a bulk session). */
export function inTransaction(db: Kysely<Schema>): boolean {
  return db.isTransaction || bulkSessions.has(db);
}

// bigint → number (amounts and counters stay far below 2^53); date → 'YYYY-MM-DD' string, because a
// due date is a calendar date and must not become a Date at some time-zone's midnight.
const parseInt8 = (value: string) => Number(value);
const keepText = (value: string) => value;

/** Opens a pool on the PostgreSQL database the URL names. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const connectionString = options.databaseUrl;
  const typeParsers = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === pg.types.builtins.INT8) return parseInt8;
      if (oid === pg.types.builtins.DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    Client: resilientClient(options.logger ?? silentLogger),
    connectionString,
    max: options.poolSize ?? 10,
    types: typeParsers,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
  });
  // A connection can be cut from the server side (restart, failover, an administrator): the client
  // reports it (pg-client.ts), and pg repeats it on the pool for an idle one, where an unheard 'error'
  // event would crash the process. The pool replaces the connection; queries in flight fail and are
  // answered 503 (http/errors.ts).
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: options.embedded ? 'embedded' : 'postgres',
    db,
    connectionString,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
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
