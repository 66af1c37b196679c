// `cassa backup --out FILE` and `cassa restore FILE`: the installation's data as one checked file.
// The database code is imported when a command runs (cli/runtime.ts says why).
import { type Command, parse, UsageError } from '../../cli/runtime.ts';

const totalRows = (tables: { rows: number }[]) => tables.reduce((sum, t) => sum + t.rows, 0);

export const backupCommands: Command[] = [
  {
    name: 'backup',
    usage: 'backup --out FILE [--json]',
    summary: 'Write a consistent copy of the whole database to FILE (gzip; Cassa may keep running)',
    async run(ctx) {
      const { values } = parse(ctx.args, { out: { type: 'string' } });
      if (!values.out) throw new UsageError('--out FILE is required');
      const [services, { backupTo }] = await Promise.all([ctx.services(), import('./backup.service.ts')]);
      const summary = await backupTo(services.database, values.out, services.clock.now());
      ctx.print(
        summary,
        `Backup written to ${summary.file}: ${summary.tables.length} tables, ${totalRows(summary.tables)} rows, sha256 ${summary.sha256}.\nIt holds personal data and signing keys: keep it encrypted and away from the server.`,
      );
    },
  },
  {
    name: 'restore',
    usage: 'restore FILE [--json]',
    summary:
      'Load a backup into an empty database (checked whole first; all or nothing; as MIGRATION_DATABASE_URL when set)',
    async run(ctx) {
      const { positionals } = parse(ctx.args, {});
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('name exactly one backup FILE');
      const [services, { openDatabase }, { restoreFrom }] = await Promise.all([
        ctx.services(),
        import('../../db/database.ts'),
        import('./backup.service.ts'),
      ]);
      // Restoring writes what the application role may not (the audit log's identity, sequences):
      // with two roles (ADR 25; the embedded server always has them) it runs as the owner of the tables.
      const ownerUrl = ctx.ownerUrl();
      const database = ownerUrl ? await openDatabase({ databaseUrl: ownerUrl, poolSize: 1 }) : services.database;
      const summary = await restoreFrom(database, file).finally(() => (ownerUrl ? database.close() : undefined));
      ctx.print(
        summary,
        `Restored ${summary.file} (made ${summary.createdAt}): ${summary.tables.length} tables, ${totalRows(summary.tables)} rows.`,
      );
    },
  },
];
