// Tamper evidence for the audit log: every record gets the client address it came from, a place in
// its chain (one chain per entity, one for records without an entity) and the SHA-256 of its content
// and of the previous record's hash; one chain-head row per chain holds the last sequence number and
// hash, so removing the tail shows too. Existing records are chained here, in id order, with the same
// hash the application computes (src/modules/audit/audit-hash.ts). See docs/adr/0025-audit-chain.md.
import { type Kysely, sql } from 'kysely';
import { type AuditContent, auditHash, chainOf, GENESIS_HASH } from '../../modules/audit/audit-hash.ts';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE audit_log
      ADD COLUMN address text,
      ADD COLUMN seq bigint,
      ADD COLUMN prev_hash text,
      ADD COLUMN hash text;

    CREATE TABLE audit_chain_heads (
      -- The entity id, or 'none' for the records without an entity.
      chain text COLLATE "C" PRIMARY KEY,
      seq bigint NOT NULL,
      hash text NOT NULL
    );
  `,
  );
  await chainExistingRecords(db);
  await runScript(
    db,
    `
    ALTER TABLE audit_log
      ALTER COLUMN seq SET NOT NULL,
      ALTER COLUMN prev_hash SET NOT NULL,
      ALTER COLUMN hash SET NOT NULL;
    CREATE UNIQUE INDEX audit_log_chain ON audit_log (entity_id, seq) NULLS NOT DISTINCT;

    -- The chain head changes with every record; nothing else may change it, and it is never removed.
    CREATE FUNCTION audit_chain_heads_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_chain_heads rows are never removed';
    END $$;
    CREATE TRIGGER audit_chain_heads_no_delete BEFORE DELETE ON audit_chain_heads
      FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_keep();
    CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_heads_keep();
  `,
  );
}

interface LegacyRow {
  id: number;
  at: Date;
  entity_id: string | null;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

/** Chains the records written before this migration, in batches (the table may be large). */
async function chainExistingRecords(db: Kysely<unknown>): Promise<void> {
  const heads = new Map<string, { seq: number; hash: string }>();
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db);
  let lastId = 0;
  for (;;) {
    const { rows } = await sql<LegacyRow>`
      SELECT id, at, entity_id, actor, action, subject_type, subject_id, before, after, request_id
      FROM audit_log WHERE id > ${lastId} ORDER BY id LIMIT 5000`.execute(db);
    if (rows.length === 0) break;
    const ids: number[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      const chain = chainOf(r.entity_id);
      const head = heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
      const content: AuditContent = {
        entityId: r.entity_id,
        seq: head.seq + 1,
        at: new Date(r.at),
        actor: r.actor,
        address: null,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        before: r.before,
        after: r.after,
        requestId: r.request_id,
      };
      const hash = auditHash(head.hash, content);
      ids.push(Number(r.id));
      seqs.push(content.seq);
      prevs.push(head.hash);
      hashes.push(hash);
      heads.set(chain, { seq: content.seq, hash });
    }
    await sql`
      UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev, hash = v.hash
      FROM unnest(${ids}::bigint[], ${seqs}::bigint[], ${prevs}::text[], ${hashes}::text[]) AS v(id, seq, prev, hash)
      WHERE a.id = v.id`.execute(db);
    lastId = Number(rows[rows.length - 1]!.id);
  }
  await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(db);
  for (const [chain, head] of heads) {
    await sql`INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (${chain}, ${head.seq}, ${head.hash})`.execute(
      db,
    );
  }
}
