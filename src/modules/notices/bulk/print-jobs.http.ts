// Bulk printing through the API: POST starts a print job (202 + Location), GET reads its progress,
// GET …/file downloads the merged PDF or the ZIP once it is COMPLETED. Thin handlers over
// print-jobs.service.ts; another entity's job answers the same 404 as an unknown one.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { needs } from '../../../http/api-auth.ts';
import { NOTICE_LANGUAGES } from '../../entities/entity.ts';
import { problemSchema } from '../../positions/gpd-v3.schemas.ts';
import type { PrintJobRow } from './print-jobs.db.ts';
import type { PrintJobRequest, PrintJobsService } from './print-jobs.service.ts';
import { describeSelection, MAX_IUPDS, PRINT_FORMATS, PRINT_STATUSES, type PrintSelection } from './print-selection.ts';

export const PRINT_JOBS_PATH = '/api/v1/organizations/:organizationfiscalcode/notices/print-jobs';

const tags = ['Documents'];
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));
// 100 000 IUPDs of up to 140 characters, quoted and separated: the one body larger than 1 MiB.
const BODY_LIMIT = 16 * 1024 * 1024;

const orgParam = {
  organizationfiscalcode: { type: 'string', description: 'Fiscal code of the entity (organization).' },
} as const;
const orgParams = { type: 'object', required: ['organizationfiscalcode'], properties: orgParam } as const;
const jobParams = {
  type: 'object',
  required: ['organizationfiscalcode', 'id'],
  properties: { ...orgParam, id: { type: 'string', description: 'Id of the print job.' } },
} as const;

const requestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  description: 'Exactly one of `iupds`, `status`, `all` says what to print.',
  properties: {
    format: {
      type: 'string',
      enum: PRINT_FORMATS,
      description: '`pdf`: one merged PDF (for a print shop); `zip`: one PDF per position named `<iupd>.pdf`.',
    },
    lang: { type: 'string', enum: NOTICE_LANGUAGES, description: "Language of the notices; the entity's by default." },
    iupds: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_IUPDS,
      items: { type: 'string', minLength: 1, maxLength: 140 },
      description: 'These positions, in this order. Unknown or repeated IUPDs refuse the whole request.',
    },
    status: { type: 'string', enum: PRINT_STATUSES, description: 'Every position in this status.' },
    all: { type: 'boolean', const: true, description: 'Every position of the entity.' },
  },
} as const;

const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] },
    format: { type: 'string', enum: PRINT_FORMATS },
    lang: { type: 'string', enum: NOTICE_LANGUAGES },
    selection: {
      type: 'object',
      description: 'What is printed: `{kind: "iupds", count}`, `{kind: "status", status}` or `{kind: "all"}`.',
      properties: { kind: { type: 'string' }, count: { type: 'integer' }, status: { type: 'string' } },
    },
    total: { type: 'integer', description: 'Positions selected.' },
    processed: { type: 'integer', description: 'Positions handled so far (printed or skipped).' },
    printed: { type: 'integer', description: 'Notices printed so far.' },
    skipped: {
      type: 'integer',
      description: 'Positions left out: not printable (paid, expired, invalid, draft) or deleted since the request.',
    },
    byteSize: { type: ['integer', 'null'], description: 'Size of the file once COMPLETED.' },
    error: { type: ['string', 'null'], description: 'Why the job FAILED.' },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

function toView(row: PrintJobRow) {
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    lang: row.language,
    selection: describeSelection(JSON.parse(row.selection) as PrintSelection),
    total: row.total,
    processed: row.processed,
    printed: row.processed - row.skipped,
    skipped: row.skipped,
    byteSize: row.byte_size,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
  };
}

export function registerPrintJobRoutes(app: FastifyInstance, deps: { printJobs: PrintJobsService }) {
  const location = (fiscalCode: string, id: string) =>
    PRINT_JOBS_PATH.replace(':organizationfiscalcode', fiscalCode).concat(`/${id}`);

  app.post<{ Params: { organizationfiscalcode: string }; Body: PrintJobRequest }>(
    PRINT_JOBS_PATH,
    {
      config: needs('positions', 'read'),
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        security,
        operationId: 'createNoticePrintJob',
        summary: 'Print many notices at once (background job)',
        description:
          'Starts printing the notices of a list of positions (`iupds`), of every position in a status, or of every position (`all: true`), as one merged PDF or a ZIP with one PDF per position. Positions that cannot be printed (paid, expired, invalid, draft) are skipped and counted. 202 with Location of the job; poll it until COMPLETED, then download `…/file`. Refused with 400 when an IUPD is unknown or repeated, or a ZIP would hold more than 65 535 notices.',
        params: orgParams,
        // The debt position of the create example of the GPD API (gpd-v3.examples.ts).
        body: { ...requestSchema, examples: [{ format: 'pdf', lang: 'it', iupds: ['TARI-2030-000123'] }] },
        response: { 202: jobSchema, ...errors(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const row = await deps.printJobs.create(request.entity, request.body, request.actor);
      return reply.status(202).header('location', location(request.entity.fiscalCode, row.id)).send(toView(row));
    },
  );

  app.get<{ Params: { organizationfiscalcode: string; id: string } }>(
    `${PRINT_JOBS_PATH}/:id`,
    {
      config: needs('positions', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getNoticePrintJob',
        summary: 'Progress of a print job',
        description: 'Status (QUEUED, IN_PROGRESS, COMPLETED, FAILED), counts, file size and times.',
        params: jobParams,
        response: { 200: jobSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => toView(await deps.printJobs.get(request.entity, request.params.id)),
  );

  app.get<{ Params: { organizationfiscalcode: string; id: string } }>(
    `${PRINT_JOBS_PATH}/:id/file`,
    {
      config: needs('positions', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getNoticePrintJobFile',
        summary: 'Download the file of a print job',
        description:
          'The merged PDF (application/pdf) or the ZIP (application/zip) of a COMPLETED job, streamed. 425 while the job is QUEUED or IN_PROGRESS (try again later); 409 when it FAILED (its `error` says why).',
        params: jobParams,
        response: {
          200: {
            description: 'The PDF or ZIP file.',
            content: {
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
              'application/zip': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errors(401, 403, 404, 409, 425),
        },
      },
    },
    async (request, reply) => {
      const { job, chunks } = await deps.printJobs.file(request.entity, request.params.id);
      const name = `avvisi-${job.id}.${job.format}`;
      return reply
        .type(job.format === 'pdf' ? 'application/pdf' : 'application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('content-length', String(job.byte_size ?? 0))
        .send(Readable.from(chunks));
    },
  );
}
