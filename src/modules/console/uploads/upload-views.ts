// How imports and print runs read on the console's pages: dates in Europe/Rome, sizes in MB, each
// record's status and outcome in the page's language. Pure.

import type { PrintJobRow } from '../../notices/bulk/print-jobs.db.ts';
import { describeSelection, type PrintSelection } from '../../notices/bulk/print-selection.ts';
import type { ImportSummary } from '../../positions/import/import.db.ts';
import { fill } from '../position-forms/render.ts';
import { entityRoot } from '../sections.ts';
import type { ConsoleTexts, Language } from '../texts.ts';

export const uploadsRoot = (fiscalCode: string) => `${entityRoot(fiscalCode)}/caricamenti`;
export const importUrl = (fiscalCode: string, id: string) => `${uploadsRoot(fiscalCode)}/importazioni/${id}`;
export const printUrl = (fiscalCode: string, id: string) => `${uploadsRoot(fiscalCode)}/stampe/${id}`;

/** Seconds between the reloads of a page whose import or print run is still going. */
export const REFRESH_SECONDS = 3;

export const when = (at: Date, lang: Language) =>
  new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
    timeZone: 'Europe/Rome',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);

/** A size in bytes as people read it: "1,5 MB", "820 kB". */
export function size(bytes: number, lang: Language): string {
  const n = new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${n.format(bytes / (1024 * 1024))} MB`;
  return `${n.format(Math.max(1, Math.round(bytes / 1024)))} kB`;
}

export const importRunning = (row: Pick<ImportSummary, 'status'>) =>
  row.status === 'UPLOADING' || row.status === 'RECEIVED' || row.status === 'IN_PROGRESS';

/** An import as the history lists it and as its page heads it. */
export function importView(row: ImportSummary, fiscalCode: string, t: ConsoleTexts, lang: Language) {
  const counts = fill(t.up_counts, {
    created: row.created_count,
    updated: row.updated_count,
    unchanged: row.unchanged_count,
  });
  return {
    id: row.id,
    href: importUrl(fiscalCode, row.id),
    fileName: row.file_name,
    when: when(row.created_at, lang),
    status: t[`up_status_${row.status}`],
    running: importRunning(row),
    submitted: row.submitted_items,
    outcome:
      row.status === 'COMPLETED'
        ? counts
        : row.status === 'COMPLETED_UNSUCCESSFULLY'
          ? fill(t.up_errorsCount, { errors: row.error_count })
          : '',
    counts,
    actor: row.actor,
  };
}

/** A print run as the history lists it and as its page shows it. */
export function printView(row: PrintJobRow, fiscalCode: string, t: ConsoleTexts, lang: Language) {
  const selection = describeSelection(JSON.parse(row.selection) as PrintSelection);
  const described =
    selection.kind === 'all'
      ? t.up_selection_all
      : selection.kind === 'status'
        ? fill(t.up_selection_status, {
            status: t[`up_print_${selection.status}` as keyof ConsoleTexts] ?? selection.status,
          })
        : fill(t.up_selection_iupds, { count: selection.count });
  return {
    id: row.id,
    href: printUrl(fiscalCode, row.id),
    fileHref: `${printUrl(fiscalCode, row.id)}/file`,
    when: when(row.created_at, lang),
    status: t[`up_job_${row.status}`],
    running: row.status === 'QUEUED' || row.status === 'IN_PROGRESS',
    done: row.status === 'COMPLETED',
    failed: row.status === 'FAILED',
    format: row.format === 'pdf' ? t.up_format_pdf : t.up_format_zip,
    selection: described,
    progress: fill(t.up_jobProgress, {
      processed: row.processed,
      total: row.total,
      printed: row.processed - row.skipped,
      skipped: row.skipped,
    }),
    size: row.byte_size === null ? '' : size(row.byte_size, lang),
    error: row.error ? fill(t.up_jobFailed, { error: row.error }) : '',
  };
}
