// Print runs from the console (issue 12): start one for the entity's notices — every position, those
// in a status, those an import created, or those made from a catalogue service — through the print
// jobs service (checked, recorded and queued, rendered by the background job); its page shows the
// progress (reloading itself while it runs) and, once done, the link to its file.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import type { PrintJobRequest, PrintJobsService } from '../../notices/bulk/print-jobs.service.ts';
import { PRINT_STATUSES, type PrintStatus } from '../../notices/bulk/print-selection.ts';
import type { ImportsService } from '../../positions/import/import.service.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { fill, refusedOperator, renderForm } from '../position-forms/render.ts';
import type { ConsoleTexts } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { printUrl, printView, REFRESH_SECONDS, uploadsRoot } from './upload-views.ts';

export interface PrintRunsDeps {
  printJobs: Pick<PrintJobsService, 'create' | 'get' | 'file'>;
  imports: Pick<ImportsService, 'createdIupds' | 'get'>;
  positions: Pick<PositionsService, 'iupdsOfService'>;
}

type Form = { _csrf?: string; what?: string; status?: string; importId?: string; serviceId?: string; format?: string };
type ListPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  errors: FieldError[],
  form: Record<string, string>,
) => Promise<FastifyReply>;

/** The print request the form asks for, or the field it is missing and why. */
async function requestOf(
  deps: PrintRunsDeps,
  form: Form,
  t: ConsoleTexts,
  entity: Parameters<PrintRunsDeps['positions']['iupdsOfService']>[0],
): Promise<PrintJobRequest | FieldError> {
  const format = form.format === 'zip' ? 'zip' : 'pdf';
  const none = (field: string, label: string) => ({ field, message: `${label}: ${t.up_noneSelected}` });
  switch (form.what) {
    case 'all':
      return { format, all: true };
    case 'status': {
      const status = PRINT_STATUSES.find((s) => s === form.status);
      return status
        ? { format, status: status as PrintStatus }
        : { field: 'status', message: `${t.up_statusLabel}: ${t.up_chooseOne}` };
    }
    case 'import': {
      const id = form.importId ?? '';
      if (!id) return { field: 'importId', message: `${t.up_importLabel}: ${t.up_chooseOne}` };
      const iupds = await deps.imports.createdIupds(entity, id);
      return iupds.length > 0 ? { format, iupds } : none('importId', t.up_importLabel);
    }
    case 'service': {
      const id = form.serviceId ?? '';
      if (!id) return { field: 'serviceId', message: `${t.up_serviceLabel}: ${t.up_chooseOne}` };
      const iupds = await deps.positions.iupdsOfService(entity, id);
      return iupds.length > 0 ? { format, iupds } : none('serviceId', t.up_serviceLabel);
    }
    default:
      return { field: 'what', message: `${t.up_whatLegend}: ${t.up_chooseOne}` };
  }
}

export function registerPrintRunRoutes(
  app: FastifyInstance,
  deps: PrintRunsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
  listPage: ListPage,
) {
  const read = gate.entityRoute('positions', 'read');
  const write = gate.entityRoute('positions', 'write');
  const root = '/console/e/:ente/caricamenti/stampe';
  type Params = { ente: string; id: string };

  app.post<{ Params: { ente: string }; Body: Form }>(root, write, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { at } = gate.at(request);
    const { t } = pages.base(request, reply);
    const fields = {
      what: form.what ?? '',
      status: form.status ?? '',
      importId: form.importId ?? '',
      serviceId: form.serviceId ?? '',
      format: form.format ?? 'pdf',
    };
    const asked = await requestOf(deps, form, t, at);
    if ('field' in asked) return listPage(request, reply, [asked], fields);
    try {
      const job = await deps.printJobs.create(at, asked, request.actor);
      return reply.redirect(printUrl(at.fiscalCode, job.id), 303);
    } catch (error) {
      const refused = refusedOperator(pages, request, reply, error);
      if (refused) return refused;
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const message = error.problems.map((p) => p.message).join('; ') || error.message;
      return listPage(request, reply, [{ field: 'format', message: `${t.up_formatLegend}: ${message}` }], fields);
    }
  });

  /** The print run's page: progress while it runs, the file's link when done, the error if it failed. */
  async function jobPage(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, notReady = false) {
    const { at } = gate.at(request);
    const row = await deps.printJobs.get(at, request.params.id).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    if (!row) return pages.message(request, reply, 404, 'notFound');
    const { t, lang } = pages.base(request, reply);
    const view = printView(row, at.fiscalCode, t, lang);
    return renderForm(pages, request, reply, 'uploads/print.njk', (tt) => fill(tt.up_jobTitle, { when: view.when }), {
      item: view,
      ...(view.running && { refresh: REFRESH_SECONDS }),
      notReady,
      back: uploadsRoot(at.fiscalCode),
    });
  }

  app.get<{ Params: Params }>(`${root}/:id`, read, (request, reply) => jobPage(request, reply));

  app.get<{ Params: Params }>(`${root}/:id/file`, read, async (request, reply) => {
    const { at } = gate.at(request);
    try {
      const { job, chunks } = await deps.printJobs.file(at, request.params.id);
      return reply
        .type(job.format === 'pdf' ? 'application/pdf' : 'application/zip')
        .header('content-disposition', `attachment; filename="avvisi-${job.id}.${job.format}"`)
        .header('content-length', String(job.byte_size ?? 0))
        .header('cache-control', 'no-store')
        .send(Readable.from(chunks));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'NOT_FOUND') return pages.message(request, reply, 404, 'notFound');
      // Not ready, or failed: the run's page says which (a bookmarked download link lands there).
      return jobPage(request, reply, true);
    }
  });
}
