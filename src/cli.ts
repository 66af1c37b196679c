#!/usr/bin/env node
// The `cassa` command line. Every command takes --json and then prints one JSON document on stdout;
// errors go to stderr with a non-zero exit code.
import { type Command, parse, runCommand, UsageError } from './cli/runtime.ts';
import { ConfigError } from './config.ts';
import { adminKeyCommands } from './modules/admin/admin.cli.ts';
import { auditCommands } from './modules/audit/audit.cli.ts';
import { backupCommands } from './modules/backup/backup.cli.ts';
import { catalogueCommands } from './modules/catalogue/catalogue.cli.ts';
import { apiKeyCommands, entityCommands } from './modules/entities/entities.cli.ts';
import { noticeCommands } from './modules/notices/notices.cli.ts';
import { operatorCommands } from './modules/operators/operators.cli.ts';
import { importCommands } from './modules/positions/import/import.cli.ts';
import { receiptCommands } from './modules/receipts/receipts.cli.ts';
import { statementCommands } from './modules/statements/statements.cli.ts';
import { webhookCommands } from './modules/webhooks/webhooks.cli.ts';

const dbCommands: Command[] = [
  {
    name: 'db migrate',
    usage: 'db migrate [--json]',
    summary: 'Apply pending database migrations',
    async run(ctx) {
      parse(ctx.args, {});
      // Opening the database migrates it (db/connect.ts): report what that applied.
      const database = await ctx.database();
      const applied = ctx.migrationsApplied();
      ctx.print({ database: database.kind, applied }, `Database (${database.kind}) is up to date.`);
    },
  },
  {
    name: 'db grant',
    usage: 'db grant --role NAME [--json]',
    summary: "Give an application role only the rights Cassa needs (run as the tables' owner)",
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, { role: { type: 'string' } });
      if (positionals.length > 0 || !values.role) throw new UsageError('--role is required');
      if (!ctx.config.databaseUrl) throw new UsageError('db grant is for PostgreSQL (set DATABASE_URL)');
      const [{ openDatabase }, { migrateToLatest }, { grantAppRole }] = await Promise.all([
        import('./db/database.ts'),
        import('./db/migrate.ts'),
        import('./db/roles.ts'),
      ]);
      const owner = await openDatabase({
        databaseUrl: ctx.config.migrationDatabaseUrl ?? ctx.config.databaseUrl,
        poolSize: 1,
      });
      try {
        await migrateToLatest(owner.db);
        await grantAppRole(owner.db, values.role);
      } finally {
        await owner.close();
      }
      ctx.print({ role: values.role, granted: true }, `Role ${values.role} has the application's rights.`);
    },
  },
];

const commands: Command[] = [
  ...dbCommands,
  ...entityCommands,
  ...apiKeyCommands,
  ...adminKeyCommands,
  ...operatorCommands,
  ...importCommands,
  ...receiptCommands,
  ...noticeCommands,
  ...statementCommands,
  ...webhookCommands,
  ...catalogueCommands,
  ...backupCommands,
  ...auditCommands,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: cassa <command> [options]   (every command accepts --json)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration comes from environment variables (see README): DATABASE_URL, DATA_DIR, ...',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(`${help()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const command = commands.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!command) {
    process.stderr.write(`cassa: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${help()}\n`);
    return 2;
  }
  try {
    return await runCommand(command, argv.slice(command.name.split(' ').length));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`cassa: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
