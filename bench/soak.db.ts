// The soak's SQL: the reliability battery's invariants over an entity's data (I1, I2, I4, the audit
// part of I5) and what a round needs to know about its notices and attempts. Read-only.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../src/db/schema.ts';

/** Every invariant broken by the entity's data just now, in words; empty when all hold. */
export async function invariantProblems(db: Kysely<Schema>, entityId: string): Promise<string[]> {
  const problems: string[] = [];
  // Σ receipts = Σ paid instalments + Σ over-payment items (every cent received is accounted for).
  const { rows: money } = await sql<{ received: string; paid: string; held: string }>`
    SELECT
      (SELECT coalesce(sum(amount_cents), 0) FROM receipts WHERE entity_id = ${entityId}) AS received,
      (SELECT coalesce(sum(amount_cents), 0) FROM installments WHERE entity_id = ${entityId} AND status <> 'UNPAID') AS paid,
      (SELECT coalesce(sum(amount_cents), 0) FROM overpayments WHERE entity_id = ${entityId}) AS held`.execute(db);
  const m = money[0]!;
  if (Number(m.received) !== Number(m.paid) + Number(m.held)) {
    problems.push(`money: received ${m.received} ≠ paid ${m.paid} + over-payments ${m.held}`);
  }
  // I1/I2: every paid instalment settled by exactly one receipt (not an over-payment); none by two.
  const { rows: settled } = await sql<{ nav: string; n: string }>`
    SELECT i.nav, (SELECT count(*) FROM receipts r LEFT JOIN overpayments o ON o.receipt_ref = r.id
                   WHERE r.installment_id = i.id AND o.id IS NULL) AS n
    FROM installments i
    WHERE i.entity_id = ${entityId} AND i.status <> 'UNPAID'`.execute(db);
  for (const r of settled) if (Number(r.n) !== 1) problems.push(`I1/I2: notice ${r.nav} settled by ${r.n} receipts`);
  // I4: never more paid on a position than one option's total.
  const { rows: over } = await sql<{ iupd: string; paid: string; due: string }>`
    SELECT p.iupd, sum(i.amount_cents) FILTER (WHERE i.status <> 'UNPAID') AS paid,
      (SELECT max(t) FROM (SELECT sum(amount_cents) AS t FROM installments WHERE position_id = p.id GROUP BY option_index) o) AS due
    FROM positions p JOIN installments i ON i.position_id = p.id
    WHERE p.entity_id = ${entityId}
    GROUP BY p.id, p.iupd
    HAVING coalesce(sum(i.amount_cents) FILTER (WHERE i.status <> 'UNPAID'), 0) >
      (SELECT max(t) FROM (SELECT sum(amount_cents) AS t FROM installments WHERE position_id = p.id GROUP BY option_index) o)`.execute(
    db,
  );
  for (const r of over) problems.push(`I4: position ${r.iupd} paid ${r.paid} > due ${r.due}`);
  // I5 (in part): one audit record per attempt created and per instalment paid.
  const { rows: audits } = await sql<{ what: string; subject: string; n: string }>`
    SELECT 'attempt' AS what, a.id::text AS subject,
      (SELECT count(*) FROM audit_log l WHERE l.entity_id = a.entity_id AND l.subject_id = a.id::text AND l.action = 'payment_attempt.create') AS n
    FROM payment_attempts a WHERE a.entity_id = ${entityId}
    UNION ALL
    SELECT 'paid instalments of position', p.iupd,
      (SELECT count(*) FROM audit_log l WHERE l.entity_id = p.entity_id AND l.subject_id = p.id::text AND l.action = 'installment.pay')
        - (SELECT count(*) FROM installments i WHERE i.position_id = p.id AND i.status <> 'UNPAID')
    FROM positions p WHERE p.entity_id = ${entityId}`.execute(db);
  for (const r of audits) {
    if (r.what === 'attempt' && Number(r.n) !== 1) problems.push(`I5: attempt ${r.subject} has ${r.n} create audits`);
    if (r.what !== 'attempt' && Number(r.n) !== 0) problems.push(`I5: ${r.what} ${r.subject}: audits − paid = ${r.n}`);
  }
  return problems;
}

/** The attempts that ever held the notice, with their status. */
export async function attemptsOfNotice(
  db: Kysely<Schema>,
  entityId: string,
  nav: string,
): Promise<{ id: string; status: string }[]> {
  return db
    .selectFrom('payment_attempt_notices')
    .innerJoin('payment_attempts', 'payment_attempts.id', 'payment_attempt_notices.attempt_id')
    .select(['payment_attempts.id', 'payment_attempts.status'])
    .where('payment_attempt_notices.entity_id', '=', entityId)
    .where('payment_attempt_notices.nav', '=', nav)
    .execute();
}

/** Receipts of the notice: how many, and how many of them became over-payment items. */
export async function receiptsOfNotice(
  db: Kysely<Schema>,
  entityId: string,
  nav: string,
): Promise<{ receipts: number; overpayments: number }> {
  const { rows } = await sql<{ receipts: string; overpayments: string }>`
    SELECT (SELECT count(*) FROM receipts WHERE entity_id = ${entityId} AND nav = ${nav}) AS receipts,
           (SELECT count(*) FROM overpayments WHERE entity_id = ${entityId} AND nav = ${nav}) AS overpayments`.execute(
    db,
  );
  return { receipts: Number(rows[0]!.receipts), overpayments: Number(rows[0]!.overpayments) };
}

/** The attempt's status changes in the order they were recorded. */
export async function attemptStatusTrail(db: Kysely<Schema>, attemptId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('after')
    .where('subject_id', '=', attemptId)
    .where('action', '=', 'payment_attempt.status')
    .orderBy('id')
    .execute();
  return rows.map((r) => (JSON.parse(String(r.after)) as { status: string }).status);
}
