// Byte sources of an import: size caps that stop reading as soon as a limit is passed, and the
// single-entry ZIP of GPD's bulk upload, inflated as a stream with a cap on the inflated size (a
// zip bomb is refused after reading at most the cap, never inflated in full).
import { createReadStream } from 'node:fs';
import { Unzip, UnzipInflate } from 'fflate';
import { AppError } from '../../../shared/errors.ts';

export class ImportFileError extends Error {
  readonly row: number | undefined;
  readonly status: 'PAYLOAD_TOO_LARGE' | 'VALIDATION_FAILED' | 'UNSUPPORTED_FORMAT';
  constructor(message: string, options: { row?: number; status?: ImportFileError['status'] } = {}) {
    super(message);
    this.name = 'ImportFileError';
    this.row = options.row;
    this.status = options.status ?? 'VALIDATION_FAILED';
  }
}

/** Reads a file in chunks. */
export async function* fileBytes(path: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield chunk as Uint8Array;
}

/** Passes bytes through, failing as soon as more than `max` have gone by. */
export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  max: number,
  onBytes?: (total: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > max) {
      throw new ImportFileError(`The file is larger than the limit of ${max} bytes`, { status: 'PAYLOAD_TOO_LARGE' });
    }
    onBytes?.(total);
    yield chunk;
  }
}

// Inflating is at most ~1000:1, so a 1 KiB piece becomes at most ~1 MiB: a zip bomb is refused at the
// cap with little garbage left behind (measured: ~60 MiB of RSS growth, against ~130 MiB with 16 KiB).
const PIECE = 1024;

/** Inflates the one entry of a ZIP archive; refuses archives with other entries or unsafe names. */
export async function* unzipSingleEntry(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let failure: Error | undefined;
  let entries = 0;
  let inflated = 0;
  let finished = false;
  const unzip = new Unzip((file) => {
    entries++;
    if (entries > 1) {
      failure = new ImportFileError('The ZIP archive must contain exactly one file');
      return;
    }
    if (file.name.includes('..') || file.name.startsWith('/') || file.name.includes('\\')) {
      failure = new ImportFileError(`Unsafe file name in the ZIP archive: ${file.name}`);
      return;
    }
    if (file.originalSize !== undefined && file.originalSize > maxBytes) {
      failure = new ImportFileError(`The file in the ZIP archive is larger than ${maxBytes} bytes`, {
        status: 'PAYLOAD_TOO_LARGE',
      });
      return;
    }
    file.ondata = (error, data, final) => {
      if (error) failure = new ImportFileError(`The ZIP archive is damaged: ${error.message}`);
      else {
        inflated += data.byteLength;
        if (inflated > maxBytes) {
          failure = new ImportFileError(`The file in the ZIP archive is larger than ${maxBytes} bytes`, {
            status: 'PAYLOAD_TOO_LARGE',
          });
          file.terminate();
          return;
        }
        if (data.byteLength > 0) queue.push(data);
        if (final) finished = true;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of source) {
      for (let offset = 0; offset < chunk.byteLength; offset += PIECE) {
        unzip.push(chunk.subarray(offset, offset + PIECE));
        if (failure) throw failure;
        while (queue.length > 0) yield queue.shift()!;
      }
    }
    unzip.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`The ZIP archive is damaged: ${(error as Error).message}`);
  }
  if (failure) throw failure;
  while (queue.length > 0) yield queue.shift()!;
  if (entries === 0) throw new ImportFileError('The ZIP archive is empty');
  if (!finished) throw new ImportFileError('The ZIP archive ends in the middle of its file');
}

/** Maps a whole-file failure to the API error of the upload. */
export function importFileAppError(error: ImportFileError): AppError {
  return new AppError(error.status, error.message);
}
