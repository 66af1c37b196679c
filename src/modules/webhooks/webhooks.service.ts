// Use cases of webhooks: manage an entity's endpoints, show the delivery log, replay deliveries, and
// deliver what is due — at least once, signed, retried with exponential back-off and jitter for at
// least 24 hours. Delivery runs in every process that serves requests (kicked after each change) and
// in the jobs' minute sweep; a delivery is held by one worker at a time. Deliveries are queued by
// the webhooks consumer of domain events (webhook-consumer.ts), drained before each delivery run.

import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { coalescedRuns } from '../../shared/coalesced-runs.ts';
import { AppError, type FieldProblem, invalid, notFound } from '../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../shared/ids.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Metrics } from '../../shared/metrics.ts';
import { authorize } from '../../shared/principal.ts';
import { unanswered } from '../../shared/unanswered.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { Entity } from '../entities/entity.ts';
import type { EventsService } from '../events/events.service.ts';
import {
  checkEndpointUrl,
  EVENT_TYPES,
  type EventType,
  givesUp,
  newSecret,
  retryDelayMs,
  signatureHeader,
} from './webhook.ts';
import {
  type ClaimedDelivery,
  claimDue,
  type Delivery,
  disableEndpoint,
  type Endpoint,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  recordAttempt,
  requeue,
} from './webhooks.db.ts';

export type WebhooksService = ReturnType<typeof webhooksService>;

/** How long one worker holds a claimed delivery at least: more than a request's timeout. */
const HOLD_MS = 60_000;
/** How long one delivery may take, unless configured (WEBHOOKS_TIMEOUT_MS). */
const TIMEOUT_MS = 10_000;
const BATCH = 20;

export interface WebhooksDeps {
  db: Kysely<Schema>;
  clock: Clock;
  /** Allow http:// endpoints (development); otherwise https only. */
  allowHttp?: boolean | undefined;
  /** Deliver from this process when kicked (off in processes that only enqueue, e.g. the CLI). */
  deliverOnKick?: boolean | undefined;
  /** How long one delivery may take before it counts as failed (and is retried). */
  timeoutMs?: number | undefined;
  /** The domain events: the webhooks consumer is drained before each delivery run. */
  events?: Pick<EventsService, 'drain' | 'settled'> | undefined;
  /** Counts each attempt's outcome. */
  metrics?: Pick<Metrics, 'webhookDelivery'> | undefined;
  /** Told when a delivery is given up (its endpoint's owner should hear of it). */
  logger?: Pick<Logger, 'warn'> | undefined;
}

const OUTCOME_LABEL = { DELIVERED: 'delivered', PENDING: 'retry', FAILED: 'failed' } as const;

export function webhooksService(deps: WebhooksDeps) {
  const { db, clock } = deps;
  const timeoutMs = deps.timeoutMs ?? TIMEOUT_MS;
  // A claim outlives the request it covers, so that no other worker sends the same delivery meanwhile.
  const holdMs = Math.max(HOLD_MS, 2 * timeoutMs);

  async function send(delivery: ClaimedDelivery): Promise<'DELIVERED' | 'PENDING' | 'FAILED'> {
    const at = clock.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Cassa-Webhooks/1',
          'cassa-signature': signatureHeader(delivery.secret, delivery.body, at),
          'cassa-event-id': delivery.eventId,
          'cassa-event-type': delivery.eventType,
          'cassa-delivery-id': delivery.id,
          'cassa-delivery-attempt': String(delivery.attempts + 1),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel().catch(() => {});
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = unanswered(e, timeoutMs);
    }
    const outcome = error === null ? 'DELIVERED' : givesUp(delivery.createdAt, at) ? 'FAILED' : 'PENDING';
    const next = outcome === 'PENDING' ? new Date(at.getTime() + retryDelayMs(delivery.attempts + 1)) : undefined;
    await recordAttempt(db, delivery.id, { at, status, error, outcome, ...(next && { next }) });
    deps.metrics?.webhookDelivery(OUTCOME_LABEL[outcome]);
    if (outcome === 'FAILED') {
      deps.logger?.warn({ deliveryId: delivery.id, eventType: delivery.eventType, error }, 'webhook delivery given up');
    }
    return outcome;
  }

  /** Sends every delivery that is due now (in batches); what failed is scheduled again. */
  async function deliverDue(): Promise<{ delivered: number; retried: number; failed: number }> {
    const totals = { delivered: 0, retried: 0, failed: 0 };
    await deps.events?.drain('webhooks');
    for (let round = 0; round < 50; round++) {
      const batch = await claimDue(db, clock.now(), holdMs, BATCH);
      if (batch.length === 0) break;
      const outcomes = await Promise.all(batch.map(send));
      for (const o of outcomes) {
        if (o === 'DELIVERED') totals.delivered++;
        else if (o === 'FAILED') totals.failed++;
        else totals.retried++;
      }
    }
    return totals;
  }

  const runs = coalescedRuns(async () => {
    await deliverDue();
  });

  function endpointProblems(input: { url: string; events: string[] }): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const urlProblem = checkEndpointUrl(input.url, deps.allowHttp ?? false);
    if (urlProblem) problems.push({ path: 'url', message: urlProblem });
    const events = [...new Set(input.events)];
    if (events.length === 0)
      problems.push({ path: 'events', message: `must list at least one of ${EVENT_TYPES.join(', ')}` });
    for (const [i, e] of events.entries()) {
      if (!(EVENT_TYPES as readonly string[]).includes(e))
        problems.push({ path: `events[${i}]`, message: `must be one of ${EVENT_TYPES.join(', ')}` });
    }
    return problems;
  }

  return {
    /** Every problem create would refuse the endpoint for (empty when none). */
    endpointProblems,

    /** A new endpoint; its signing secret is returned this once. */
    async create(
      entity: Entity,
      input: { url: string; events: string[]; description?: string | undefined },
      actor: Actor,
    ): Promise<{ endpoint: Endpoint; secret: string }> {
      authorize(actor.principal, { entityId: entity.id, area: 'settings', access: 'write' });
      const problems = endpointProblems(input);
      if (problems.length > 0) throw invalid(problems);
      const events = [...new Set(input.events)];
      const now = clock.now();
      const secret = newSecret();
      const endpoint: Endpoint = {
        id: uuidv7(now.getTime()),
        entityId: entity.id,
        url: input.url,
        description: input.description?.trim() || null,
        events: events as EventType[],
        active: true,
        createdBy: actor.id,
        createdAt: now,
        disabledAt: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertEndpoint(trx, { ...endpoint, secret });
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'webhook_endpoint.create',
          subjectType: 'webhook_endpoint',
          subjectId: endpoint.id,
          after: { url: endpoint.url, events: endpoint.events },
        });
      });
      return { endpoint, secret };
    },

    list: (entity: Entity) => listEndpoints(db, entity.id),

    /** Stops sending to an endpoint (its pending deliveries are not sent; replays are refused). */
    async disable(entity: Entity, id: string, actor: Actor): Promise<Endpoint> {
      authorize(actor.principal, { entityId: entity.id, area: 'settings', access: 'write' });
      const endpoint = isUuid(id) ? await findEndpoint(db, entity.id, id) : undefined;
      if (!endpoint) throw notFound();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        if (!(await disableEndpoint(trx, id, now))) return;
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'webhook_endpoint.disable',
          subjectType: 'webhook_endpoint',
          subjectId: id,
          before: { active: true },
          after: { active: false },
        });
      });
      return { ...endpoint, active: false, disabledAt: endpoint.disabledAt ?? now };
    },

    deliveries: (entity: Entity, filters: Parameters<typeof listDeliveries>[2]) =>
      listDeliveries(db, entity.id, filters),

    /** One delivery of the entity, or undefined (another entity's is missing too). */
    delivery: async (entity: Entity, id: string): Promise<Delivery | undefined> =>
      isUuid(id) ? await findDelivery(db, entity.id, id) : undefined,

    /** Sends a delivery again (now, with a new 24-hour retry window); refused while it is pending. */
    async replay(entity: Entity, id: string, actor: Actor): Promise<Delivery> {
      authorize(actor.principal, { entityId: entity.id, area: 'settings', access: 'write' });
      const delivery = isUuid(id) ? await findDelivery(db, entity.id, id) : undefined;
      if (!delivery) throw notFound();
      const endpoint = await findEndpoint(db, entity.id, delivery.endpointId);
      if (!endpoint?.active) throw new AppError('WEBHOOK_DISABLED', 'The endpoint of this delivery is disabled');
      await db.transaction().execute(async (trx) => {
        if (!(await requeue(trx, id, clock.now()))) {
          throw new AppError('DELIVERY_PENDING', 'This delivery is still being tried; it cannot be replayed now');
        }
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'webhook_delivery.replay',
          subjectType: 'webhook_delivery',
          subjectId: id,
          before: { status: delivery.status, attempts: delivery.attempts },
          after: { status: 'PENDING' },
        });
      });
      return (await findDelivery(db, entity.id, id))!;
    },

    deliverDue,

    /**
     * Delivers soon, in this process: called after every change that may have written events. Runs
     * are never concurrent here; a kick during a run makes one more run.
     */
    kick(): void {
      if (deps.deliverOnKick !== false) runs.kick();
    },

    /** Waits for the consumers' run and the delivery run started by a kick, if any (tests, shutdown). */
    async settled(): Promise<void> {
      await deps.events?.settled();
      await runs.settled();
    },
  };
}
