// `cassa positions import FILE --entity CF`: imports a CSV/JSON/JSON Lines/ZIP file now, with a
// progress bar, and prints the outcome (every problem by row when the file is refused).
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { terminalProgress } from '../../../cli/progress.ts';
import { type Command, parse, UsageError } from '../../../cli/runtime.ts';
import { formatCsvRow } from '../../../shared/csv.ts';
import type { ImportFormat } from './import-reader.ts';

export const importCommands: Command[] = [
  {
    name: 'positions import',
    usage:
      'positions import FILE --entity CF [--format csv|json|jsonl|gpd-zip] [--upsert] [--publish] [--report FILE.csv] [--json]',
    summary: 'Import debt positions from a file (all or nothing)',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, {
        entity: { type: 'string' },
        format: { type: 'string' },
        upsert: { type: 'boolean' },
        publish: { type: 'boolean' },
        report: { type: 'string' },
      });
      if (positionals.length !== 1) throw new UsageError('give exactly one file to import');
      if (!values.entity) throw new UsageError('--entity is required');
      const file = positionals[0]!;
      const { formatFromName, IMPORT_FORMATS } = await import('./import-reader.ts');
      const format = (values.format ?? formatFromName(file)) as ImportFormat | undefined;
      if (!format || !IMPORT_FORMATS.includes(format)) {
        throw new UsageError(`cannot tell the format of ${file}: use --format ${IMPORT_FORMATS.join('|')}`);
      }
      const services = await ctx.services();
      const entity = await services.entities.require(values.entity);
      const progress = terminalProgress();
      // The total for the progress bar: counted cheaply from the lines of a CSV or JSON Lines file.
      const totalRows =
        process.stderr.isTTY && (format === 'csv' || format === 'jsonl') ? await countLines(file) : undefined;
      const report = values.report ? createWriteStream(values.report) : undefined;
      report?.write(formatCsvRow(['row', 'iupd', 'outcome', 'field', 'message']));
      const { importId, result } = await services.imports.importFile(
        entity,
        file,
        {
          format,
          mode: values.upsert ? 'upsert' : 'create',
          toPublish: Boolean(values.publish),
          fileName: basename(file),
        },
        ctx.actor,
        {
          onProgress: (rows) => progress.update('Importing', rows, totalRows),
          ...(report && {
            onRow: (row, iupd, outcome, problem) =>
              report.write(
                formatCsvRow([String(row), iupd ?? '', outcome, problem?.field ?? '', problem?.message ?? '']),
              ),
          }),
        },
      );
      progress.end();
      await new Promise<void>((resolve) => (report ? report.end(resolve) : resolve()));
      const summary = { importId, ...result };
      if (!result.ok) {
        ctx.print(summary, '');
        const lines = result.errors
          .slice(0, 50)
          .map((e) => `  row ${e.row}${e.iupd ? ` (${e.iupd})` : ''}: ${e.field} ${e.message}`);
        if (!ctx.json) {
          process.stderr.write(
            `Nothing was imported: ${result.errorCount} problem(s) in ${file}.\n${lines.join('\n')}\n${
              result.errorCount > lines.length
                ? `  ... and ${result.errorCount - lines.length} more${values.report ? ` (see ${values.report})` : ' (use --report FILE)'}\n`
                : ''
            }`,
          );
        }
        return 1;
      }
      ctx.print(
        summary,
        `Imported ${file}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged (of ${result.submitted}).`,
      );
    },
  },
];

async function countLines(path: string): Promise<number | undefined> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  }
  return lines;
}
