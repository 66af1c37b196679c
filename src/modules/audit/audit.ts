// The audit trail: every state change in Cassa writes one append-only row (who, when, what,
// before/after) in the same transaction as the change itself.
import type { Kysely } from 'kysely';
import type { CopyValue } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';

/** Who is acting: an API key, a CLI user, or Cassa itself (scheduler, demo seed). */
export interface Actor {
  /** e.g. `apikey:<key id>`, `cli:<os user>`, `system:scheduler`. */
  readonly id: string;
  readonly requestId?: string | undefined;
}

export interface AuditEvent {
  entityId: string | null;
  action: string;
  subjectType:
    | 'entity'
    | 'api_key'
    | 'position'
    | 'import'
    | 'print_job'
    | 'receipt'
    | 'overpayment'
    | 'payment_attempt'
    | 'webhook_endpoint'
    | 'webhook_delivery'
    | 'citizen_session'
    | 'oidc_transaction'
    | 'citizen_profile'
    | 'cart'
    | 'catalogue_service'
    | 'service_request'
    | 'calendar_feed'
    | 'reminder_preferences';
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row; call it with the transaction that makes the change. */
export async function recordAudit(db: Kysely<Schema>, actor: Actor, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      entity_id: event.entityId,
      actor: actor.id,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      request_id: actor.requestId ?? null,
    })
    .execute();
}

export const AUDIT_COPY_COLUMNS = [
  'entity_id',
  'actor',
  'action',
  'subject_type',
  'subject_id',
  'before',
  'after',
  'request_id',
] as const;

/** The same row as recordAudit writes, shaped for a bulk COPY. */
export function auditCopyRow(actor: Actor, event: AuditEvent): CopyValue[] {
  return [
    event.entityId,
    actor.id,
    event.action,
    event.subjectType,
    event.subjectId,
    event.before === undefined ? null : JSON.stringify(event.before),
    event.after === undefined ? null : JSON.stringify(event.after),
    actor.requestId ?? null,
  ];
}
