// Every background job of Cassa, defined once: its queue name, its payload's schema, its schedule.
// Services enqueue through these definitions (boss.ts checks the payload there, at the call site);
// handlers.ts binds each to the service call that does the work, after checking the payload again
// (a job written by an older or foreign process, or by hand). Payloads are ids, never personal data.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { REQUEST_ID_PATTERN } from '../shared/logger.ts';

export interface JobDefinition<P> {
  readonly name: string;
  /** Cron expression (UTC) for recurring jobs. */
  readonly cron?: string;
  /** Checks a payload; `problems` says what is wrong, for the error and the log. */
  check(data: unknown): { ok: true; payload: P & JobOrigin } | { ok: false; problems: string };
}

/** Where a job comes from, carried in every payload: the request that enqueued it, if one did. */
export interface JobOrigin {
  requestId?: string | undefined;
}

export class InvalidJobPayload extends Error {
  constructor(job: string, problems: string) {
    super(`job ${job}: invalid payload (${problems}); nothing was done`);
    this.name = 'InvalidJobPayload';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv, ['uuid']);

function define<P>(name: string, properties: Record<string, object>, timing: { cron?: string } = {}): JobDefinition<P> {
  const validate: ValidateFunction = ajv.compile({
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties),
    properties: { ...properties, requestId: { type: 'string', pattern: REQUEST_ID_PATTERN.source } },
  });
  return {
    name,
    ...timing,
    check(data) {
      // A scheduled (cron) job arrives with no data at all.
      const value = data ?? {};
      if (validate(value)) return { ok: true, payload: value as P & JobOrigin };
      const problems = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`)
        .join('; ');
      return { ok: false, problems };
    },
  };
}

const uuid = { type: 'string', format: 'uuid' };
const everyMinute = '* * * * *';
type NoPayload = Record<string, never>;

/** Processes an uploaded import (enqueued on upload, and again by the resume job). */
export const IMPORT_JOB = define<{ importId: string; toPublish: boolean }>('positions.import', {
  importId: uuid,
  toPublish: { type: 'boolean' },
});

/** Renders a bulk print request (print-jobs.service.ts). */
export const PRINT_JOB = define<{ printJobId: string }>('notices.print', { printJobId: uuid });

/** Writes the export of a large console search of positions (console/positions/exports.service.ts). */
export const POSITIONS_EXPORT_JOB = define<{ exportId: string }>('positions.export', { exportId: uuid });

/** Uploaded imports whose worker died (lease run out) or whose job was lost, taken up again. */
export const IMPORT_RESUME_JOB = define<NoPayload>('positions.import.resume', {}, { cron: everyMinute });
/** Validity dates reached and expiries. */
export const SWEEP_JOB = define<NoPayload>('positions.sweep', {}, { cron: everyMinute });
/** Payment attempts whose time ran out: settled by their receipts, or expired. */
export const RECONCILE_JOB = define<NoPayload>('payments.reconcile', {}, { cron: everyMinute });
/** Webhook deliveries that are due (retries, and events written where nothing kicked a delivery). */
export const WEBHOOKS_JOB = define<NoPayload>('webhooks.deliver', {}, { cron: everyMinute });
/** Every consumer of domain events: events nothing kicked, and retries of the ones that failed. */
export const EVENTS_JOB = define<NoPayload>('events.drain', {}, { cron: everyMinute });
/** pagoPA's central notice archive kept in step with the positions (changes, retries). */
export const ACA_JOB = define<NoPayload>('aca.sync', {}, { cron: everyMinute });
