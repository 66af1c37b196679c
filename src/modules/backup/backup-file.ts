// The backup file: gzip-compressed text, so an administrator can read it with zcat. A first line
// names the format; a JSON header says when, from which database and at which migration; then each
// table as a line `@table {name, columns, rows}` followed by exactly `rows` lines in PostgreSQL's
// COPY text format; last, `@end {sha256}` over every byte before it. A restore checks the whole
// file (format, counts, checksum) before it writes anything.
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export const BACKUP_MAGIC = 'CASSA-BACKUP 1';

export interface BackupHeader {
  createdAt: string;
  /** Where the copy was made; informative only (files of Cassa before 0.2 say 'pglite'): the format is the same. */
  database: 'embedded' | 'postgres' | 'pglite';
  migrations: string[];
}

export interface TableSection {
  name: string;
  columns: string[];
  rows: number;
}

export class BackupFileError extends Error {}

/** Writes the file's lines and keeps the running checksum of what it wrote. */
export class BackupWriter {
  readonly #hash = createHash('sha256');
  readonly #emit: (text: string) => Promise<void>;

  constructor(emit: (text: string) => Promise<void>) {
    this.#emit = emit;
  }

  async #write(text: string) {
    this.#hash.update(text);
    await this.#emit(text);
  }

  async begin(header: BackupHeader) {
    await this.#write(`${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`);
  }

  /** One table: its section line, then the COPY text exactly as read (must hold `rows` lines). */
  async table(section: TableSection, copyText: AsyncIterable<string>) {
    await this.#write(`@table ${JSON.stringify(section)}\n`);
    let lines = 0;
    let last = '\n';
    for await (const piece of copyText) {
      if (piece.length === 0) continue;
      lines += countNewlines(piece);
      last = piece.at(-1)!;
      await this.#write(piece);
    }
    if (last !== '\n' || lines !== section.rows) {
      throw new BackupFileError(`table ${section.name}: read ${lines} rows, expected ${section.rows}`);
    }
  }

  async end(): Promise<string> {
    const sha256 = this.#hash.digest('hex');
    await this.#emit(`@end ${JSON.stringify({ sha256 })}\n`);
    return sha256;
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** What a read of the file hands each table to: its section and its rows' lines. */
export type TableVisitor = (section: TableSection, lines: AsyncIterable<string>) => Promise<void>;

/**
 * Reads a backup file (already decompressed): checks its shape and checksum, calling `visit` for
 * each table (a checking pass passes a visitor that only drains the lines). Throws BackupFileError
 * on any defect.
 */
export async function readBackup(
  input: Readable,
  visit: TableVisitor,
): Promise<{ header: BackupHeader; sha256: string; tables: TableSection[] }> {
  const hash = createHash('sha256');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    const { value, done } = await lines.next();
    return done ? undefined : value;
  };
  const take = async (what: string): Promise<string> => {
    const line = await next();
    if (line === undefined) throw new BackupFileError(`the file ends early (expected ${what})`);
    return line;
  };
  const magic = await take('the format line');
  if (magic !== BACKUP_MAGIC) throw new BackupFileError('not a Cassa backup (or a newer format)');
  hash.update(`${magic}\n`);
  const headerLine = await take('the header');
  hash.update(`${headerLine}\n`);
  const header = parseJson<BackupHeader>(headerLine, 'header');
  if (!Array.isArray(header.migrations) || typeof header.createdAt !== 'string') {
    throw new BackupFileError('the header is not valid');
  }
  const tables: TableSection[] = [];
  for (;;) {
    const line = await take('a table or the end');
    if (line.startsWith('@end ')) {
      const { sha256 } = parseJson<{ sha256: string }>(line.slice(5), 'end line');
      const actual = hash.digest('hex');
      if (sha256 !== actual) throw new BackupFileError('the checksum does not match: the file is damaged');
      if ((await next()) !== undefined) throw new BackupFileError('there is data after the end line');
      return { header, sha256, tables };
    }
    if (!line.startsWith('@table ')) throw new BackupFileError(`unexpected line where a table should start`);
    hash.update(`${line}\n`);
    const section = parseJson<TableSection>(line.slice(7), 'table line');
    if (!Number.isSafeInteger(section.rows) || section.rows < 0 || !Array.isArray(section.columns)) {
      throw new BackupFileError(`the section of table ${section.name} is not valid`);
    }
    tables.push(section);
    let remaining = section.rows;
    async function* rows(): AsyncGenerator<string> {
      while (remaining > 0) {
        const row = await take(`${remaining} more rows of ${section.name}`);
        remaining--;
        hash.update(`${row}\n`);
        yield `${row}\n`;
      }
    }
    await visit(section, rows());
    // Whatever the visitor left unread still belongs to the checksum.
    for await (const _ of rows());
  }
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new BackupFileError(`the ${what} is not valid JSON`);
  }
}
