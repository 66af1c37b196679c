// Migration 019 chains the audit records written before it, with the hash Cassa computes, so an
// upgraded installation verifies at once and later records continue the same chains.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../src/db/migrate.ts';
import { recordAudit, systemActor } from '../src/modules/audit/audit.ts';
import { verifyAuditChains } from '../src/modules/audit/audit-verify.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';

let test: TestDatabase;
before(async () => {
  test = await freshDatabase({ migrated: false });
});
after(() => test.drop());

const A = '01900000-0000-7000-8000-00000000000a';
const B = '01900000-0000-7000-8000-00000000000b';

describe('migration 019 over existing audit records', () => {
  it('chains them per entity and later records follow', async () => {
    await test.asOwner(async (db) => {
      await migrateTo(db, '014-limits');
      for (const [entity, action] of [
        [A, 'entity.create'],
        [B, 'entity.create'],
        [null, 'oidc_sign_in.refused'],
        [A, 'api_key.create'],
        [A, 'api_key.revoke'],
      ] as const) {
        await sql`
          INSERT INTO audit_log (entity_id, actor, action, subject_type, subject_id, after, request_id)
          VALUES (${entity}, 'cli:admin', ${action}, 'entity', 'x', '{"a":1}', 'req-1')`.execute(db);
      }
      await migrateToLatest(db);
      const report = await verifyAuditChains(db);
      assert.deepEqual(report, { ok: true, chains: 3, records: 5, breaks: [] });
      const seqs = await sql<{ seq: number }>`SELECT seq FROM audit_log WHERE entity_id = ${A} ORDER BY id`.execute(db);
      assert.deepEqual(
        seqs.rows.map((r) => Number(r.seq)),
        [1, 2, 3],
      );

      await recordAudit(db, systemActor('cli:admin'), {
        entityId: A,
        action: 'entity.update',
        subjectType: 'entity',
        subjectId: A,
      });
      assert.deepEqual(await verifyAuditChains(db, { entityId: A }), { ok: true, chains: 1, records: 4, breaks: [] });
    });
  });
});
