// `cassa notices print`: prints the notices of one position, a list of positions, a status or every
// position of an entity, as one merged PDF (for a print shop) or a ZIP with one PDF per position
// (for e-mail). The file is written under a temporary name and renamed at the end: a run that fails
// leaves no half file behind.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { terminalProgress } from '../../cli/progress.ts';
import { type Command, parse, UsageError } from '../../cli/runtime.ts';
import { invalid } from '../../shared/errors.ts';
import { NOTICE_LANGUAGES, type NoticeLanguage } from '../entities/entity.ts';
import type { PositionStatus } from '../positions/position.ts';
import type { printNotices } from './bulk/print-run.ts';
import {
  checkSelection,
  PRINT_STATUSES,
  type PrintFormat,
  type PrintSelection,
  type PrintStatus,
  parseIupdList,
  selectionBatches,
} from './bulk/print-selection.ts';

/** Skipped positions listed in the summary; the rest are only counted. */
const LISTED_SKIPS = 100;

export const noticeCommands: Command[] = [
  {
    name: 'notices print',
    usage:
      'notices print --entity CF (--iupd ID | --all | --status VALID|PUBLISHED|PARTIALLY_PAID | --from-file IUPD_LIST) --out FILE.pdf|FILE.zip [--lang it|it-en|it-de] [--json]',
    summary: 'Print payment notices in bulk: one merged PDF, or a ZIP of one PDF per position',
    async run(ctx) {
      const { values, positionals } = parse(ctx.args, {
        entity: { type: 'string' },
        iupd: { type: 'string' },
        all: { type: 'boolean' },
        status: { type: 'string' },
        'from-file': { type: 'string' },
        out: { type: 'string' },
        lang: { type: 'string' },
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
      if (!values.entity) throw new UsageError('--entity is required');
      const chosen = (['iupd', 'all', 'status', 'from-file'] as const).filter((flag) => values[flag] !== undefined);
      if (chosen.length !== 1) throw new UsageError('give exactly one of --iupd, --all, --status, --from-file');
      if (values.status !== undefined && !PRINT_STATUSES.includes(values.status as PrintStatus)) {
        throw new UsageError(`--status must be one of ${PRINT_STATUSES.join(', ')}`);
      }
      if (values.lang !== undefined && !NOTICE_LANGUAGES.includes(values.lang as NoticeLanguage)) {
        throw new UsageError(`--lang must be one of ${NOTICE_LANGUAGES.join(', ')}`);
      }
      const out = values.out;
      const format = out ? ({ '.pdf': 'pdf', '.zip': 'zip' } as const)[extname(out).toLowerCase()] : undefined;
      if (!out || !format) throw new UsageError('--out must name a .pdf file (merged) or a .zip file (one PDF each)');

      let selection: PrintSelection;
      if (values['from-file'] !== undefined) {
        const { iupds, problems } = parseIupdList(await readFile(values['from-file'], 'utf8'));
        if (problems.length > 0) throw invalid(problems, `${values['from-file']} is not a valid IUPD list`);
        selection = { iupds };
      } else if (values.iupd !== undefined) selection = { iupds: [values.iupd] };
      else if (values.status !== undefined) selection = { status: values.status as PrintStatus };
      else selection = { all: true };

      const [services, { printNotices }, { barcodePool }] = await Promise.all([
        ctx.services(),
        import('./bulk/print-run.ts'),
        import('../../shared/pdf/barcode-pool.ts'),
      ]);
      const entity = await services.entities.require(values.entity);
      // Unknown or repeated IUPDs refuse the run before anything is written.
      const { total } = await checkSelection(services.positions, entity, selection, format);
      const language = (values.lang as NoticeLanguage | undefined) ?? entity.noticeLanguage;
      const started = performance.now();
      const skips: { iupd: string; status: PositionStatus | 'MISSING' }[] = [];
      const progress = terminalProgress();
      const logo = await services.entities.getLogo(entity);
      const temp = join(dirname(out), `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
      const output = createWriteStream(temp);
      let result: Awaited<ReturnType<typeof printNotices>>;
      // The terminal's run may use every core: one worker per core encodes the barcodes.
      const barcodes = values.iupd === undefined ? barcodePool() : undefined;
      try {
        result = await printNotices({
          entity,
          format,
          language,
          batches: selectionBatches(services.positions, entity, selection),
          output,
          now: services.clock.now(),
          logo,
          barcodes,
          // One named position is printed or refused; in a list, what cannot be printed is skipped.
          strict: values.iupd !== undefined,
          onProgress: (p) => progress.update('Printing notices', p.processed, total),
          onSkip: (iupd, status) => {
            if (skips.length < LISTED_SKIPS) skips.push({ iupd, status });
          },
        });
        await rename(temp, out);
      } catch (error) {
        // The file is opened asynchronously: wait until the failed run has closed it, or removing it
        // could come first and the opening would then leave an empty file behind.
        output.destroy();
        if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()));
        await rm(temp, { force: true });
        throw error;
      } finally {
        progress.end();
        await barcodes?.close();
      }
      const seconds = (performance.now() - started) / 1000;
      const summary = {
        entity: entity.fiscalCode,
        out,
        format: format satisfies PrintFormat,
        language,
        printed: result.printed,
        skipped: result.skipped,
        skippedPositions: skips,
        bytes: result.bytes,
        seconds: Math.round(seconds * 100) / 100,
      };
      const skipLines = skips.map((s) => `  skipped ${s.iupd}: ${s.status === 'MISSING' ? 'deleted' : s.status}`);
      if (result.skipped > skips.length) skipLines.push(`  ... and ${result.skipped - skips.length} more`);
      ctx.print(
        summary,
        [
          `Printed ${result.printed} notice(s) to ${out}: ${formatBytes(result.bytes)} in ${seconds.toFixed(1)} s, ${result.skipped} skipped (not printable).`,
          ...skipLines,
        ].join('\n'),
      );
    },
  },
];

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
