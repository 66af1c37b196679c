// The output of a print job: a writable stream that stores what it is given in print_job_chunks,
// 1 MiB per row. Each chunk is written in a transaction that also checks the worker still owns the
// job, so a worker that lost it (see print-jobs.db.ts) stops instead of mixing its bytes in.
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import { insertPrintChunk, updateOwnedJob } from './print-jobs.db.ts';

const CHUNK = 1024 * 1024;

/** Thrown when another worker has taken the job over: this worker must stop and change nothing. */
export class LostPrintJob extends Error {
  constructor(id: string) {
    super(`print job ${id} was taken over by another worker`);
    this.name = 'LostPrintJob';
  }
}

export function printJobOutput(db: Kysely<Schema>, job: { id: string; startedAt: Date }): Writable {
  let seq = 0;
  let size = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const store = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    size += data.byteLength;
    await db.transaction().execute(async (trx) => {
      if (!(await updateOwnedJob(trx, job, { byte_size: size }))) throw new LostPrintJob(job.id);
      await insertPrintChunk(trx, job.id, seq, data);
    });
    seq++;
  };
  return new Writable({
    highWaterMark: CHUNK,
    write(chunk: Uint8Array, _encoding, callback) {
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes < CHUNK) return callback();
      store().then(() => callback(), callback);
    },
    final(callback) {
      store().then(() => callback(), callback);
    },
  });
}
