// npm run bench:audit -- --rows 1000000
// Writes that many chained audit records for one entity (bulk, as an import does) into a fresh
// database (PostgreSQL when DATABASE_URL is set, otherwise an embedded one for the run), then times
// `verifyAuditChains` over them and prints records/s and peak RSS. Battery H3: 1 M records ≤ 60 s.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { AUDIT_COPY_COLUMNS, auditCopyRow, chainAuditCopyRows, systemActor } from '../src/modules/audit/audit.ts';
import { verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import { freshDatabase } from '../test/support/db.ts';
import { ensureTestServer } from '../test/support/test-server.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');

const stopServer = await ensureTestServer();
const test = await freshDatabase({ prefix: 'cassa_bench_audit' });
try {
  const entityId = '01900000-0000-7000-8000-000000000001';
  const actor = systemActor('job:bench', 'bench');
  const started = Date.now();
  for (let done = 0; done < rows; ) {
    const n = Math.min(20_000, rows - done);
    await test.database.bulk(async (session) => {
      const batch = Array.from({ length: n }, (_, i) =>
        auditCopyRow(actor, {
          entityId,
          action: 'position.create',
          subjectType: 'position',
          subjectId: `P-${done + i}`,
          after: { iupd: `P-${done + i}`, status: 'VALID', navs: ['301000000000000000'], contentHash: 'x'.repeat(43) },
        }),
      );
      await session.copyRows('audit_log', AUDIT_COPY_COLUMNS, await chainAuditCopyRows(session.db, batch));
    });
    done += n;
  }
  const written = (Date.now() - started) / 1000;
  // As autovacuum would have by then: hint bits set, statistics known (else the first read writes).
  await test.asOwner((db) => sql`VACUUM ANALYZE audit_log`.execute(db));
  const t0 = Date.now();
  const report = await verifyAuditChains(test.database.db);
  const seconds = (Date.now() - t0) / 1000;
  if (!report.ok || report.records !== rows) throw new Error(`unexpected report ${JSON.stringify(report)}`);
  process.stdout.write(
    `${test.database.kind}: wrote ${rows} chained records in ${written.toFixed(1)} s; verified in ${seconds.toFixed(1)} s ` +
      `(${Math.round(rows / seconds)} records/s); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
  );
} finally {
  await test.drop();
  await stopServer();
}
