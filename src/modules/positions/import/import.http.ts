// Bulk upload of debt positions through the API, after GPD's bulk upload (gpd_massive_v2.json):
// POST creates, PUT creates or updates (upsert); the file is processed in the background and its
// status and report are read from the two GET routes. Mounted under the GPD v3 prefix.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { needs } from '../../../http/api-auth.ts';
import { AppError } from '../../../shared/errors.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import { problemSchema } from '../gpd-v3.schemas.ts';
import { GPD_PREFIX } from '../positions.http.ts';
import type { ImportRow } from './import.db.ts';
import type { ImportsService } from './import.service.ts';
import { formatFromName, IMPORT_FORMATS, type ImportFormat } from './import-reader.ts';
import type { ImportError } from './import-run.ts';
import { ImportFileError, importFileAppError } from './sources.ts';

const tags = ['Debt positions: bulk upload'];
const security: { [scheme: string]: string[] }[] = [{ ApiKey: [] }, { Bearer: [] }];
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, problemSchema]));

const statusSchema = {
  type: 'object',
  properties: {
    fileId: { type: 'string' },
    processedItem: { type: 'integer' },
    submittedItem: { type: 'integer' },
    startTime: { type: 'string', format: 'date-time' },
    operationStatus: {
      type: 'string',
      enum: ['IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_WARNINGS', 'COMPLETED_UNSUCCESSFULLY'],
    },
  },
} as const;

const reportSchema = {
  type: 'object',
  properties: {
    fileId: { type: 'string' },
    processedItem: { type: 'integer' },
    submittedItem: { type: 'integer' },
    responses: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          statusCode: { type: 'integer' },
          statusMessage: { type: 'string' },
          iupds: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    rows: {
      type: 'array',
      description: 'Cassa extension: every problem found, by row of the file (at most 1000).',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer' },
          iupd: { type: 'string' },
          field: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
    startTime: { type: 'string', format: 'date-time' },
    endTime: { type: 'string', format: 'date-time' },
  },
} as const;

const operationStatus = (row: ImportRow) =>
  row.status === 'COMPLETED' || row.status === 'COMPLETED_UNSUCCESSFULLY' ? row.status : 'IN_PROGRESS';

function toStatus(row: ImportRow & { progress?: number }) {
  return {
    fileId: row.id,
    processedItem: row.status === 'IN_PROGRESS' ? (row.progress ?? 0) : row.processed_items,
    submittedItem: row.submitted_items,
    startTime: (row.started_at ?? row.created_at).toISOString(),
    operationStatus: operationStatus(row),
  };
}

function toReport(row: ImportRow) {
  const rows = row.errors as ImportError[];
  const responses =
    row.status === 'COMPLETED'
      ? [
          {
            statusCode: 200,
            statusMessage: `created ${row.created_count}, updated ${row.updated_count}, unchanged ${row.unchanged_count}`,
            iupds: [],
          },
        ]
      : rows.map((e) => ({
          statusCode: 400,
          statusMessage: `row ${e.row}: ${e.field} ${e.message}`,
          iupds: e.iupd ? [e.iupd] : [],
        }));
  return { ...toStatus(row), responses, rows, endTime: row.ended_at?.toISOString() };
}

export function registerImportRoutes(
  app: FastifyInstance,
  deps: { imports: ImportsService; entities: EntitiesService },
  limits: { importMaxBytes: number },
) {
  const base = `${GPD_PREFIX}/organizations/:organizationfiscalcode/debtpositions/file`;
  const orgParams = {
    type: 'object',
    required: ['organizationfiscalcode'],
    properties: { organizationfiscalcode: { type: 'string' } },
  } as const;
  const fileParams = {
    type: 'object',
    required: ['organizationfiscalcode', 'fileId'],
    properties: { organizationfiscalcode: { type: 'string' }, fileId: { type: 'string' } },
  } as const;

  app.register(async (scope) => {
    // One byte over the limit, so that limitBytes in receiveUpload sees the file is too large and
    // drops its record: a file busboy merely truncated at the limit would be stored and imported.
    await scope.register(multipart, {
      limits: { fileSize: limits.importMaxBytes + 1, files: 1, fields: 0, parts: 1 },
    });
    for (const method of ['POST', 'PUT'] as const) {
      scope.route<{
        Params: { organizationfiscalcode: string };
        Querystring: { toPublish: boolean; format?: ImportFormat };
      }>({
        method,
        url: base,
        config: needs('positions', 'write'),
        schema: {
          tags,
          security,
          operationId: method === 'POST' ? 'createDebtPositionsByFileUpload' : 'updateDebtPositionsByFileUpload',
          summary:
            method === 'POST' ? 'Create debt positions from a file' : 'Create or update debt positions from a file',
          description:
            'multipart/form-data with one part `file`: a CSV (see README), a JSON array or JSON Lines of GPD v3 positions, or GPD\'s ZIP holding `{"paymentPositions": [...]}` of GPD v1 positions. The format comes from the file name (.csv, .json, .jsonl, .zip) or `format`. All or nothing: if any row is invalid nothing is imported and the report lists every problem. Re-sending the same file creates no duplicates (identical positions are left unchanged). POST refuses existing positions with other content; PUT updates them. 202 with Location of the status.',
          params: orgParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              toPublish: { type: 'boolean', default: false },
              format: { type: 'string', enum: IMPORT_FORMATS },
            },
          },
          response: { 202: statusSchema, ...errors(400, 401, 403, 404, 413, 415) },
        },
        handler: async (request, reply) => {
          if (!request.isMultipart())
            throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
          const part = await request.file();
          if (!part)
            throw new AppError('VALIDATION_FAILED', 'The multipart body has no file', [
              { path: 'file', message: 'is required' },
            ]);
          const format = request.query.format ?? formatFromName(part.filename);
          if (!format) {
            throw new AppError(
              'UNSUPPORTED_FORMAT',
              'Cannot tell the file format: name it .csv, .json, .jsonl or .zip, or pass format=',
            );
          }
          try {
            const row = await deps.imports.receiveUpload(
              request.entity,
              part.file,
              {
                format,
                mode: method === 'POST' ? 'create' : 'upsert',
                toPublish: request.query.toPublish,
                fileName: part.filename,
              },
              request.actor,
            );
            if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than the limit');
            const location = `${GPD_PREFIX}/organizations/${request.entity.fiscalCode}/debtpositions/file/${row.id}/status`;
            return reply.status(202).header('location', location).send(toStatus(row));
          } catch (error) {
            if (error instanceof ImportFileError) throw importFileAppError(error);
            if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
              throw new AppError(
                'PAYLOAD_TOO_LARGE',
                `The file is larger than the limit of ${limits.importMaxBytes} bytes`,
              );
            }
            throw error;
          }
        },
      });
    }
  });

  app.get<{ Params: { organizationfiscalcode: string; fileId: string } }>(
    `${base}/:fileId/status`,
    {
      config: needs('positions', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getDebtPositionsUploadStatus',
        summary: 'Status of an upload',
        params: fileParams,
        response: { 200: statusSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => toStatus(await deps.imports.get(request.entity, request.params.fileId)),
  );

  app.get<{ Params: { organizationfiscalcode: string; fileId: string } }>(
    `${base}/:fileId/report`,
    {
      config: needs('positions', 'read'),
      schema: {
        tags,
        security,
        operationId: 'getDebtPositionsUploadReport',
        summary: 'Report of a finished upload (425 while it is still running)',
        params: fileParams,
        response: { 200: reportSchema, ...errors(401, 403, 404, 425) },
      },
    },
    async (request) => {
      const row = await deps.imports.get(request.entity, request.params.fileId);
      if (operationStatus(row) === 'IN_PROGRESS')
        throw new AppError('REPORT_NOT_READY', 'The upload is still being processed');
      return toReport(row);
    },
  );
}
