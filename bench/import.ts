// npm run bench:import -- --rows 1000000
// Generates a synthetic CSV of debt positions, imports it with Cassa's bulk import into a fresh
// database (PostgreSQL when DATABASE_URL is set, otherwise an embedded one for the run), and prints
// rows/s and peak RSS. In the same run it measures two ceilings and prints the ratio to each: a COPY
// of the rows the import stored into the same tables, indexes and constraints in a second fresh
// database (the database's own cost, bench/import-ceiling.ts), and a raw COPY of the CSV into a bare
// table.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { systemActor } from '../src/modules/audit/audit.ts';
import { createServices } from '../src/services.ts';
import { personCheckCharacter } from '../src/shared/identifiers/fiscal-code.ts';
import { freshDatabase, type TestDatabase, testServerUrl } from '../test/support/db.ts';
import { ensureTestServer } from '../test/support/test-server.ts';
import { backendCpu } from './backend-cpu.ts';
import { sameSchemaCopy } from './import-ceiling.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    keep: { type: 'boolean' },
    /** Prints the rate of every tenth of the run, to see whether it slows down as the tables grow. */
    progress: { type: 'boolean' },
    'generate-to': { type: 'string' },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');

const work = values['generate-to'] ? '' : mkdtempSync(join(tmpdir(), 'cassa-bench-'));
const csvPath = values['generate-to'] ?? join(work, 'positions.csv');
const IBAN = 'IT60X0542811101000000123456';
const COLUMNS =
  'iupd,debtor_type,debtor_fiscal_code,debtor_name,debtor_email,description,amount,due_date,iban,category,remittance_information';

async function generate() {
  const out = createWriteStream(csvPath);
  out.write(`${COLUMNS}\n`);
  const names = ['ROSSI MARIO', 'BIANCHI LAURA', 'VERDI GIUSEPPE', 'FERRARI ANNA'];
  for (let i = 0; i < rows; i++) {
    const cf15 = `RSSMRA${String(40 + (i % 60)).padStart(2, '0')}A${String(1 + (i % 28)).padStart(2, '0')}H501`;
    const cf = cf15 + personCheckCharacter(cf15);
    const cents = 1000 + (i % 90000);
    const line = `TARI-2027-${String(i).padStart(8, '0')},F,${cf},${names[i % 4]},utente${i}@example.it,TARI 2027 rata unica,${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')},2027-03-31,${IBAN},9/0101101IM/,TARI 2027 utenza ${i}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs fn while sampling RSS; returns seconds and the peak RSS seen. */
async function measure(fn: () => Promise<void>): Promise<{ seconds: number; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  const start = process.hrtime.bigint();
  await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, peakMb: peak / 1024 / 1024 };
}

/** A progress hook printing the rate of each tenth of the rows (and when the writing ends). */
function tenths() {
  const step = Math.max(1000, Math.round(rows / 10));
  let printed = 0;
  let since = process.hrtime.bigint();
  return (done: number) => {
    if (done - printed < step && !(done === rows && printed < rows)) return;
    const now = process.hrtime.bigint();
    const rate = (done - printed) / (Number(now - since) / 1e9);
    console.log(`  ${done.toLocaleString('en')} rows read: ${Math.round(rate).toLocaleString('en')} rows/s`);
    since = now;
    printed = done;
  };
}

async function rawCopy(db: TestDatabase) {
  // A bench table: created and filled as the owner (the application role may not create tables).
  await db.asOwner((owner) =>
    sql`CREATE TABLE bench_raw (iupd text, debtor_type text, debtor_fiscal_code text, debtor_name text,
    debtor_email text, description text, amount text, due_date text, iban text, category text,
    remittance_information text)`.execute(owner),
  );
  const client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  const copy = client.query(copyStreams.from('COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)'));
  await pipeline(createReadStream(csvPath, { highWaterMark: 1024 * 1024 }), copy);
  await client.end();
}

async function main() {
  process.stdout.write(`Generating ${rows.toLocaleString('en')} rows... `);
  // In a child process, so the memory it takes does not count as the import's.
  const child = spawnSync(process.execPath, [import.meta.filename, '--rows', String(rows), '--generate-to', csvPath], {
    stdio: 'inherit',
  });
  if (child.status !== 0) throw new Error('generating the CSV failed');
  const mb = statSync(csvPath).size / 1024 / 1024;
  process.stdout.write(`${mb.toFixed(1)} MB\n`);
  // Durable, as an installation's embedded server is: the figures are compared with PostgreSQL's.
  const stopServer = await ensureTestServer({ durable: true });
  const db = await freshDatabase({ prefix: 'cassa_bench' });
  try {
    const services = createServices(db.database, {
      config: { importMaxBytes: 100 * 1024 * 1024 * 1024, importMaxRows: Math.max(rows, 1) },
    });
    const entity = await services.entities.create(
      { fiscalCode: '80016350821', name: 'Comune di Bench', segregationCode: '02', ibans: [IBAN] },
      systemActor('bench'),
    );
    let ok = false;
    const lastAudit = await sql<{ id: number | null }>`SELECT max(id)::int AS id FROM audit_log`.execute(
      db.database.db,
    );
    const baselineMb = process.memoryUsage.rss() / 1024 / 1024;
    const importDb = await backendCpu(testServerUrl(), new URL(db.url).pathname.slice(1));
    const nodeBefore = process.cpuUsage();
    const imported = await measure(async () => {
      const { result } = await services.imports.importFile(
        entity,
        csvPath,
        { format: 'csv', mode: 'create', toPublish: true, fileName: 'positions.csv' },
        systemActor('bench'),
        values.progress ? { onProgress: tenths() } : {},
      );
      ok = result.ok && result.created === rows;
      if (!ok) console.error(result.errors.slice(0, 5));
    });
    const nodeCpu = process.cpuUsage(nodeBefore);
    await importDb.stop();
    const ceiling = await sameSchemaCopy(db.database, entity.id, lastAudit.rows[0]?.id ?? 0, work);
    const ceilingDb = await backendCpu(testServerUrl(), ceiling.databaseName);
    const same = await measure(ceiling.run);
    await ceilingDb.stop();
    await ceiling.drop();
    const raw = await measure(() => rawCopy(db));
    const importRate = rows / imported.seconds;
    const sameRate = rows / same.seconds;
    const rawRate = rows / raw.seconds;
    console.log(`database:          ${db.database.kind}`);
    console.log(`RSS before import: ${baselineMb.toFixed(0)} MB`);
    console.log(`import:            ${ok ? 'ok' : 'FAILED'}, ${imported.seconds.toFixed(1)} s`);
    console.log(`import rate:       ${Math.round(importRate).toLocaleString('en')} rows/s`);
    console.log(`import peak RSS:   ${imported.peakMb.toFixed(0)} MB`);
    console.log(
      `same-schema COPY:  ${Math.round(sameRate).toLocaleString('en')} rows/s (the stored rows, ${ceiling.auditRecords.toLocaleString('en')} audit records among them, into the same tables)`,
    );
    console.log(`ratio to the same-schema COPY: ${((100 * importRate) / sameRate).toFixed(1)} %`);
    const cpu = (seconds: number) => `${((1e6 * seconds) / rows).toFixed(0)} µs a row (${seconds.toFixed(1)} s)`;
    console.log(
      `CPU, import:       Node ${cpu((nodeCpu.user + nodeCpu.system) / 1e6)}, database ${cpu(importDb.seconds())}`,
    );
    console.log(`CPU, same COPY:    database ${cpu(ceilingDb.seconds())} (CPU time changes little on a busy machine)`);
    console.log(
      `raw COPY rate:     ${Math.round(rawRate).toLocaleString('en')} rows/s (ceiling, same rows, bare table)`,
    );
    console.log(`ratio to the raw COPY: ${((100 * importRate) / rawRate).toFixed(1)} %`);
  } finally {
    await db.drop();
    await stopServer();
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

if (values['generate-to']) await generate();
else await main();
