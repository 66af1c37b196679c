// Runs a multi-statement SQL script one statement at a time: a query with parameters (PostgreSQL's
// extended protocol) accepts a single statement, and migrations are easier to read as one script.
import { type Kysely, sql } from 'kysely';

/** Splits an SQL script on top-level semicolons, leaving quoted text, $$ bodies and comments intact. */
export function splitSqlScript(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
    } else if (c === "'") {
      i = script.indexOf("'", i + 1) + 1 || script.length;
    } else if (c === '$' && script[i + 1] === '$') {
      i = script.indexOf('$$', i + 2) + 2 || script.length;
    } else if (c === ';') {
      statements.push(script.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  statements.push(script.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, '').trim() !== '');
}

/** Executes every statement of the script in order. */
export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of splitSqlScript(script)) {
    await sql.raw(statement).execute(db);
  }
}
