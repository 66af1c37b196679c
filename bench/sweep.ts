// npm run bench:sweep [-- --positions 50000 --batches 5]
// The minute job positions.sweep (lifecycle.advanceByTime, src/jobs/handlers.ts): it moves PUBLISHED
// positions whose validity date has come to VALID and VALID positions with switchToExpired past their
// last due date to EXPIRED, at most 500 of each per run, one transaction and audit record each, and
// runs once a minute across all processes. A tax run whose validity date or last due date falls on
// one day puts every one of its positions in that queue at once. This measures, in a fresh database
// (on DATABASE_URL's PostgreSQL when set, otherwise on an embedded server started for the run) holding `positions` imported positions:
//  - the cost of a run with nothing to do (the two scans every minute pays), all VALID with
//    switchToExpired and due dates still ahead;
//  - positions/s moved when every position's validity date has come (PUBLISHED → VALID);
//  - positions/s moved when every due date is past (VALID → EXPIRED);
// and prints how long the job, at 500 a minute, takes to work through the whole set.
// The states are set with SQL after the import (what a validity date or a due date passing leaves).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { jobActor, systemActor } from '../src/modules/audit/audit.ts';
import { createServices } from '../src/services.ts';
import { personCheckCharacter } from '../src/shared/identifiers/fiscal-code.ts';
import { freshDatabase } from '../test/support/db.ts';
import { ensureTestServer } from '../test/support/test-server.ts';

const { values } = parseArgs({
  options: { positions: { type: 'string', default: '50000' }, batches: { type: 'string', default: '5' } },
});
const count = Number(values.positions);
const batches = Number(values.batches);
if (!Number.isInteger(count) || count < 1000) throw new Error('--positions must be an integer ≥ 1000');
if (!Number.isInteger(batches) || batches < 1) throw new Error('--batches must be a positive integer');
/** The job's batch: lifecycle.advanceByTime's default. */
const BATCH = 500;
const IBAN = 'IT60X0542811101000000123456';

const work = mkdtempSync(join(tmpdir(), 'cassa-sweep-'));
const csv = join(work, 'positions.csv');
const lines = ['iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,category'];
for (let i = 0; i < count; i++) {
  const cf15 = `RSSMRA${String(40 + (i % 60)).padStart(2, '0')}A${String(1 + (i % 28)).padStart(2, '0')}H501`;
  lines.push(
    `TARI-${i},${cf15 + personCheckCharacter(cf15)},ROSSI MARIO,TARI,${10 + (i % 90)}.50,2099-03-31,9/0101101IM/`,
  );
}
writeFileSync(csv, `${lines.join('\n')}\n`);

const seconds = async (fn: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const stopServer = await ensureTestServer();
const db = await freshDatabase({ prefix: 'cassa_bench' });
try {
  const services = createServices(db.database, { config: { importMaxBytes: 1024 ** 3, importMaxRows: count } });
  const entity = await services.entities.create(
    { fiscalCode: '80016350821', name: 'Comune di Bench', segregationCode: '02', ibans: [IBAN] },
    systemActor('bench'),
  );
  process.stdout.write(`Importing ${count.toLocaleString('en')} positions... `);
  const { result } = await services.imports.importFile(
    entity,
    csv,
    { format: 'csv', mode: 'create', toPublish: true, fileName: 'positions.csv' },
    systemActor('bench'),
  );
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  process.stdout.write('done\n');
  const run = () => services.lifecycle.advanceByTime(jobActor('positions.sweep'));
  const d = db.database.db;
  const analyze = () => db.asOwner((owner) => sql`ANALYZE positions; ANALYZE installments`.execute(owner));

  // 1. Nothing due: every position VALID, expiring after a due date that is still ahead.
  await sql`UPDATE positions SET expires_after_due = true`.execute(d);
  await analyze();
  const idle: number[] = [];
  for (let i = 0; i < 3; i++) idle.push(await seconds(run));
  idle.sort((a, b) => a - b);

  // 2. Every validity date has come.
  await sql`UPDATE positions SET status = 'PUBLISHED', validity_at = now() - interval '1 minute'`.execute(d);
  await analyze();
  let validated = 0;
  const validating = await seconds(async () => {
    for (let i = 0; i < batches; i++) validated += (await run()).validated;
  });

  // 3. Every due date is past (the sweep's "today" is the app clock's date in Rome).
  await sql`UPDATE positions SET status = 'VALID', validity_at = NULL`.execute(d);
  await sql`UPDATE installments SET due_date = '2020-01-31'`.execute(d);
  await analyze();
  let expired = 0;
  const expiring = await seconds(async () => {
    for (let i = 0; i < batches; i++) expired += (await run()).expired;
  });

  const perMinute = (moved: number, s: number) => Math.round((moved / s) * 60);
  const hours = (n: number) => (n / BATCH / 60).toFixed(1);
  console.log(`database: ${db.database.kind}, ${count.toLocaleString('en')} positions of one entity`);
  console.log(`run with nothing to do (median of 3): ${(idle[1]! * 1000).toFixed(0)} ms, once a minute`);
  console.log(
    `PUBLISHED → VALID: ${validated} in ${validating.toFixed(1)} s (${Math.round(validated / validating)}/s; ${perMinute(validated, validating).toLocaleString('en')}/min if run back to back)`,
  );
  console.log(
    `VALID → EXPIRED:   ${expired} in ${expiring.toFixed(1)} s (${Math.round(expired / expiring)}/s; ${perMinute(expired, expiring).toLocaleString('en')}/min if run back to back)`,
  );
  console.log(
    `the job moves at most ${BATCH} of each a minute: ${count.toLocaleString('en')} positions due on one day take ${hours(count)} h to validate or to expire; 1,000,000 take ${hours(1e6)} h`,
  );
} finally {
  await db.drop();
  await stopServer();
  rmSync(work, { recursive: true, force: true });
}
