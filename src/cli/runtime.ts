// What every CLI command shares: parsing its options, the --json switch, opening the database with
// migrations applied, and the rule that results go to stdout and errors to stderr (exit code 1).
// The database and the services are imported when a command first asks for them (dynamic import):
// `cassa --help` and a command's usage error load none of the hundreds of modules behind them.
import { userInfo } from 'node:os';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config.ts';
import type { Connected } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { type Actor, principalActor } from '../modules/audit/actor.ts';
import type { Services } from '../services.ts';
import { AppError } from '../shared/errors.ts';
import { systemPrincipal } from '../shared/principal.ts';

export class UsageError extends Error {}

export interface CommandContext {
  args: string[];
  json: boolean;
  actor: Actor;
  config: Config;
  /** Opens the database (migrated); closed by the runner. For commands that need one module's service. */
  database(): Promise<Database>;
  /** The database and every module's service (createServices): costs the import of every module. */
  services(): Promise<Services>;
  /** The connection string of the owner of the tables when it is another role (after database() or services()). */
  ownerUrl(): string | undefined;
  /** The migrations that opening the database applied (after database() or services()). */
  migrationsApplied(): string[];
  print(result: unknown, human: string): void;
}

export interface Command {
  /** e.g. "entity create" */
  name: string;
  usage: string;
  summary: string;
  /** Resolves to the exit code, or nothing for 0. */
  run(ctx: CommandContext): Promise<number | undefined>;
}

/** parseArgs with strict checking; unknown options become a UsageError naming them. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function runCommand(command: Command, args: string[]): Promise<number> {
  const json = args.includes('--json');
  let opening: Promise<Database> | undefined;
  let services: Services | undefined;
  let ownerUrl: string | undefined;
  let applied: string[] = [];
  const ctx: CommandContext = {
    args,
    json,
    actor: principalActor(systemPrincipal('cli', `cli:${safeUser()}`)),
    config: loadConfig(),
    database() {
      opening ??= openMigrated(ctx.config).then((connected) => {
        ownerUrl = connected.ownerUrl;
        applied = connected.applied;
        return connected.database;
      });
      return opening;
    },
    async services() {
      if (!services) {
        const [database, { createServices }] = await Promise.all([ctx.database(), import('../services.ts')]);
        services = createServices(database, { config: ctx.config });
      }
      return services;
    },
    ownerUrl: () => ownerUrl,
    migrationsApplied: () => applied,
    print(result, human) {
      process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${human}\n`);
    },
  };
  try {
    return (await command.run(ctx)) ?? 0;
  } catch (error) {
    reportError(error, command, json);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    // A database that failed to open is already closed (openMigrated).
    await opening?.then(
      (database) => database.close(),
      () => undefined,
    );
  }
}

async function openMigrated(config: Config): Promise<Connected> {
  const { connectDatabase } = await import('../db/connect.ts');
  // The embedded server is used while `npm start` runs it; otherwise started for this command and
  // stopped when it ends (closing the database does). A failed migration closes it (connect.ts).
  return connectDatabase(config, { poolSize: 4 });
}

function reportError(error: unknown, command: Command, json: boolean) {
  if (json) {
    const body =
      error instanceof AppError
        ? { error: error.code, message: error.message, errors: error.problems }
        : { error: error instanceof UsageError ? 'USAGE' : 'ERROR', message: (error as Error).message };
    process.stderr.write(`${JSON.stringify(body)}\n`);
    return;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`cassa: ${error.message}\nusage: cassa ${command.usage}\n`);
  } else if (error instanceof AppError) {
    process.stderr.write(`cassa: ${error.message}\n`);
    for (const p of error.problems) process.stderr.write(`  - ${p.path}: ${p.message}\n`);
  } else {
    process.stderr.write(`cassa: ${(error as Error).message ?? String(error)}\n`);
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Formats rows as an aligned text table for human output. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
