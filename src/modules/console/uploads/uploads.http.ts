// The console's uploads (issue 12): the history of the entity's imports and print runs, the upload
// form (multipart, the import API's formats and size limit) that stores the file and queues its
// import through the imports service, and an import's page: its progress while it runs (the page
// reloads itself, no JavaScript needed) and the row-by-row report when it is done.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import { reachesArea } from '../../../shared/principal.ts';
import type { Catalogue } from '../../catalogue/catalogue.service.ts';
import type { PrintJobsService } from '../../notices/bulk/print-jobs.service.ts';
import { PRINT_STATUSES } from '../../notices/bulk/print-selection.ts';
import type { ImportsService } from '../../positions/import/import.service.ts';
import type { ImportError } from '../../positions/import/import-run.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { fill, renderForm } from '../position-forms/render.ts';
import { consoleCsrfValid } from '../web.ts';
import { type PrintRunsDeps, registerPrintRunRoutes } from './print-runs.http.ts';
import { reportMessage } from './report-words.ts';
import { receiveUploadForm } from './upload-form.ts';
import { importUrl, importView, printView, REFRESH_SECONDS, size, uploadsRoot } from './upload-views.ts';

export interface UploadsDeps extends PrintRunsDeps {
  imports: Pick<ImportsService, 'list' | 'get' | 'receiveUpload' | 'maxBytes' | 'createdIupds'>;
  printJobs: Pick<PrintJobsService, 'list' | 'create' | 'get' | 'file'>;
  catalogue: Pick<Catalogue, 'list'>;
}

/** Problems of the report shown on the import's page (the import keeps at most 1000). */
const REPORT_SHOWN = 1000;

export function registerUploadRoutes(app: FastifyInstance, deps: UploadsDeps, pages: ConsolePages, gate: ConsoleGate) {
  const read = gate.entityRoute('positions', 'read');
  const write = gate.entityRoute('positions', 'write');
  const root = '/console/e/:ente/caricamenti';

  /** The page of the history with the two forms (for operators who may use them) and their problems. */
  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldError[] = [],
    form: Record<string, string> = {},
    status = 400,
  ) {
    const { at, principal } = gate.at(request);
    const { t, lang } = pages.base(request, reply);
    const imports = await deps.imports.list(at);
    return renderForm(
      pages,
      request,
      reply,
      'uploads/list.njk',
      (tt) => tt.up_title,
      {
        canWrite: reachesArea(principal, at.id, 'positions', 'write'),
        uploadAction: uploadsRoot(at.fiscalCode),
        printAction: `${uploadsRoot(at.fiscalCode)}/stampe`,
        fileHint: fill(t.up_fileHint, { size: size(deps.imports.maxBytes, lang) }),
        imports: imports.map((row) => importView(row, at.fiscalCode, t, lang)),
        importOptions: imports
          .filter((row) => row.status === 'COMPLETED' && row.created_count > 0)
          .map((row) => ({
            value: row.id,
            label: `${row.file_name} (${importView(row, at.fiscalCode, t, lang).when})`,
          })),
        prints: (await deps.printJobs.list(at)).map((row) => printView(row, at.fiscalCode, t, lang)),
        serviceOptions: (await deps.catalogue.list(at, { includeRetired: true })).map((s) => ({
          value: s.id,
          label: s.title,
        })),
        statuses: PRINT_STATUSES.map((s) => ({ value: s, label: t[`up_print_${s}`] })),
        form: { mode: 'create', what: 'all', format: 'pdf', ...form },
      },
      errors,
      status,
      uploadsRoot(at.fiscalCode),
    );
  }

  app.get(root, read, (request, reply) => listPage(request, reply));
  registerPrintRunRoutes(app, deps, pages, gate, (request, reply, errors, form) =>
    listPage(request, reply, errors, form),
  );

  app.get<{ Params: { ente: string; fileId: string } }>(
    `${root}/importazioni/:fileId`,
    read,
    async (request, reply) => {
      const { at } = gate.at(request);
      const row = await deps.imports.get(at, request.params.fileId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
        throw error;
      });
      if (!row) return pages.message(request, reply, 404, 'notFound');
      const { t, lang } = pages.base(request, reply);
      const view = importView(row, at.fiscalCode, t, lang);
      const problems = (row.errors as ImportError[])
        .slice(0, REPORT_SHOWN)
        .map((p) => ({ ...p, message: reportMessage(p.message, t, lang) }));
      return renderForm(
        pages,
        request,
        reply,
        'uploads/import.njk',
        (tt) => fill(tt.up_importTitle, { file: row.file_name }),
        {
          item: view,
          ...(view.running && { refresh: REFRESH_SECONDS }),
          runningText: fill(t.up_running, { rows: row.progress }),
          doneText: fill(t.up_done, { counts: view.counts }),
          refusedText: fill(t.up_refusedText, { errors: row.error_count }),
          problems,
          more:
            row.error_count > problems.length
              ? fill(t.up_reportMore, { shown: problems.length, total: row.error_count })
              : '',
          refused: row.status === 'COMPLETED_UNSUCCESSFULLY',
          printable: row.status === 'COMPLETED' && row.created_count > 0,
          printAction: `${uploadsRoot(at.fiscalCode)}/stampe`,
          back: uploadsRoot(at.fiscalCode),
        },
      );
    },
  );

  app.register(async (scope) => {
    // One byte over the limit, as the import API: the imports service sees a file too large and keeps nothing.
    await scope.register(multipart, {
      limits: { fileSize: deps.imports.maxBytes + 1, files: 1, fields: 5, parts: 6 },
      throwFileSizeLimit: false,
    });
    scope.post<{ Params: { ente: string }; Body: Record<string, string> }>(root, write, async (request, reply) => {
      const { t, lang } = pages.base(request, reply);
      if (!request.isMultipart()) {
        // A form sent without its file (no multipart body): the token first, then "choose a file".
        if (!consoleCsrfValid(request, pages.keys, request.body?._csrf)) {
          return pages.message(request, reply, 400, 'expiredForm');
        }
        return listPage(request, reply, [{ field: 'file', message: `${t.up_fileLabel}: ${t.up_fileMissing}` }]);
      }
      const { at } = gate.at(request);
      const outcome = await receiveUploadForm(request, {
        entity: at,
        imports: deps.imports,
        csrfValid: (token) => consoleCsrfValid(request, pages.keys, token),
        tooLarge: fill(t.up_fileTooLarge, { size: size(deps.imports.maxBytes, lang) }),
        t,
      });
      if (outcome.kind === 'expired') return pages.message(request, reply, 400, 'expiredForm');
      if (outcome.kind === 'forbidden') return pages.message(request, reply, 403, 'forbidden');
      if (outcome.kind === 'refused') {
        const errors = [{ field: 'file', message: `${t.up_fileLabel}: ${outcome.message}` }];
        return listPage(request, reply, errors, outcome.form, outcome.status);
      }
      return reply.redirect(importUrl(at.fiscalCode, outcome.importId), 303);
    });
  });
}
