// Bulk printing keeps memory flat: 3000 notices printed into one merged PDF, through a slow output
// that forces the run to wait, hold no more than the pipeline's high-water mark at any time, and the
// memory still in use after a full garbage collection barely moves between notice 1000 and 3000.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Entity } from '../src/modules/entities/entity.ts';
import { OUTPUT_HIGH_WATER } from '../src/modules/notices/bulk/output-sink.ts';
import { printNotices } from '../src/modules/notices/bulk/print-run.ts';
import { selectionBatches } from '../src/modules/notices/bulk/print-selection.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { barcodePool } from '../src/shared/pdf/barcode-pool.ts';
import { ENTITY_B, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';

const COUNT = 3000;
let db: TestDatabase;
let services: Services;
let entity: Entity;
let work: string;

before(async () => {
  db = await freshDatabase();
  services = createServices(db.database, { clock: fixedClock('2026-06-15T10:00:00Z') });
  // Entity B has no postal account: one QR code per notice, no DataMatrix, so the run stays short.
  entity = await services.entities.create(ENTITY_B, testActor);
  work = mkdtempSync(join(tmpdir(), 'cassa-print-memory-'));
  const csv = join(work, 'positions.csv');
  const out = createWriteStream(csv);
  out.write('iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,iban,category\n');
  for (let i = 0; i < COUNT; i++) {
    // Names, subjects and amounts differ on every notice, as in a real run: pdfkit caches every word
    // it lays out, so repeating the same ones would hide that cache's growth.
    const fields = [`M-${String(i).padStart(5, '0')}`, 'RSSMRA80A01H501U', `Cliente${i} Rossi${i}`];
    const amount = `${10 + i}.${String(i % 100).padStart(2, '0')}`;
    out.write(`${fields.join(',')},TARI 2026 utenza ${i},${amount},2026-12-31,${ENTITY_B.ibans[0]},9/0101101IM/\n`);
  }
  out.end();
  await once(out, 'finish');
  const { result } = await services.imports.importFile(
    entity,
    csv,
    { format: 'csv', mode: 'create', toPublish: true, fileName: 'positions.csv' },
    testActor,
  );
  assert.equal(result.created, COUNT, JSON.stringify(result.errors.slice(0, 3)));
});
after(async () => {
  await db.drop();
  rmSync(work, { recursive: true, force: true });
});

/** A full garbage collection (the flag is set at run time: node:test cannot pass --expose-gc). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

for (const encoding of ['on this thread', 'ahead on worker threads'] as const) {
  it(`holds at most the high-water mark in the pipeline, and retains (almost) nothing per notice (barcodes ${encoding})`, async () => {
    const pool = encoding === 'on this thread' ? undefined : barcodePool(2);
    // An output that takes a millisecond per write: slower than rendering, so the run must wait for it.
    let received = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Uint8Array, _encoding, callback) {
        received += chunk.byteLength;
        setTimeout(callback, 1);
      },
    });
    const retained = new Map<number, { memory: number; bytes: number }>();
    const result = await printNotices({
      entity,
      format: 'pdf',
      language: 'it',
      batches: selectionBatches(services.positions, entity, { all: true }),
      output: slow,
      barcodes: pool,
      now: new Date('2026-06-15T10:00:00Z'),
      onProgress: (progress) => {
        if (progress.processed !== 1000 && progress.processed !== COUNT) return;
        collect();
        const usage = process.memoryUsage();
        retained.set(progress.processed, { memory: usage.heapUsed + usage.arrayBuffers, bytes: progress.bytes });
      },
    });
    await pool?.close();
    assert.equal(result.printed, COUNT);
    assert.equal(received, result.bytes);

    // What waits between renderer and output: the output's high-water mark, one notice (a few KiB)
    // and one 64 KiB piece being filled.
    assert.ok(result.peakBuffered <= OUTPUT_HIGH_WATER + 256 * 1024, `peak ${result.peakBuffered} bytes`);

    // Between notice 1000 and 3000 the run writes 2000 notices (≈ 7 MiB). Had it kept its output, the
    // retained memory would grow by as much; left to itself pdfkit would keep ≈ 7.5 KiB a notice (every
    // page's objects, every word laid out: 15 MiB). What must stay is a reference and an offset per PDF
    // object for the page tree and cross-reference table at the end (≈ 100–400 bytes a notice). The
    // bound, 1 KiB a notice, lies well between.
    const first = retained.get(1000)!;
    const last = retained.get(COUNT)!;
    const growth = last.memory - first.memory;
    const written = last.bytes - first.bytes;
    assert.ok(written > 4 * 1024 * 1024, `${written} bytes written`);
    assert.ok(growth < 2000 * 1024, `retained memory grew by ${growth} bytes while ${written} bytes were written`);
  });
}
