// Reading the console's upload form (multipart/form-data): its fields come first (the CSRF token, the
// mode, "publish"), then the file, which goes straight to the imports service — stored, then imported
// by a background job. A file is never read before the token is checked; a refused one is drained
// and nothing of it is kept (the imports service drops what it stored of a file too large).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import type { Entity } from '../../entities/entity.ts';
import type { ImportsService } from '../../positions/import/import.service.ts';
import { formatFromName } from '../../positions/import/import-reader.ts';
import { ImportFileError } from '../../positions/import/sources.ts';
import type { ConsoleTexts } from '../texts.ts';

export type UploadOutcome =
  | { kind: 'expired' }
  | { kind: 'refused'; message: string; status: number; form: Record<string, string> }
  | { kind: 'queued'; importId: string }
  | { kind: 'forbidden' };

/** Reads a part's file to its end, discarding it (a stream already given up on is left as it is). */
async function drain(stream: NodeJS.ReadableStream & { destroyed?: boolean }) {
  if (stream.destroyed) return;
  try {
    for await (const _ of stream) {
      // discarded
    }
  } catch {
    // cut: nothing more to read
  }
}

export async function receiveUploadForm(
  request: FastifyRequest,
  o: {
    entity: Entity;
    imports: Pick<ImportsService, 'receiveUpload'>;
    csrfValid: (token: unknown) => boolean;
    tooLarge: string;
    t: ConsoleTexts;
  },
): Promise<UploadOutcome> {
  const fields: Record<string, string> = {};
  let outcome: UploadOutcome | undefined;
  const refused = (message: string, status = 400): UploadOutcome => ({
    kind: 'refused',
    message,
    status,
    form: fields,
  });
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (outcome || part.fieldname !== 'file') {
      await drain(part.file);
      continue;
    }
    if (!o.csrfValid(fields._csrf)) {
      await drain(part.file);
      outcome = { kind: 'expired' };
      continue;
    }
    const format = formatFromName(part.filename ?? '');
    if (!part.filename) {
      await drain(part.file);
      outcome = refused(o.t.up_fileMissing);
      continue;
    }
    if (!format) {
      await drain(part.file);
      outcome = refused(o.t.up_fileFormat);
      continue;
    }
    try {
      const row = await o.imports.receiveUpload(
        o.entity,
        part.file,
        {
          format,
          mode: fields.mode === 'upsert' ? 'upsert' : 'create',
          toPublish: fields.publish === '1',
          fileName: part.filename.slice(0, 255),
        },
        request.actor,
      );
      outcome = { kind: 'queued', importId: row.id };
    } catch (error) {
      await drain(part.file);
      if (error instanceof AppError && error.code === 'FORBIDDEN') {
        outcome = { kind: 'forbidden' };
        continue;
      }
      if (!(error instanceof ImportFileError)) throw error;
      outcome = error.status === 'PAYLOAD_TOO_LARGE' ? refused(o.tooLarge, 413) : refused(error.message);
    }
  }
  if (!o.csrfValid(fields._csrf)) return { kind: 'expired' };
  return outcome ?? refused(o.t.up_fileMissing);
}
