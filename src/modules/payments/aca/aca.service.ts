// Keeping pagoPA's central notice archive (ACA) in step with Cassa: a job reads the positions updated
// since it last looked (with a margin, for transactions that committed late), works out what ACA
// should hold for each of their notices — payable with its amount and due date, or withdrawn with
// amount 0 once paid, cancelled, expired or settled by another option — and sends only what changed,
// retrying with back-off. Off unless ACA_URL and ACA_KEY are set.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import { retryDelayMs } from '../../webhooks/webhook.ts';
import {
  dueNotices,
  markFailed,
  markSent,
  noticeStates,
  readWatermark,
  syncCounts,
  upsertDesired,
  writeWatermark,
} from './aca.db.ts';
import { type AcaClient, type AcaPosition, acaBodies, acaWithdrawal } from './aca-api.ts';

export type AcaService = ReturnType<typeof acaService>;

/** Updates that commit this long after their timestamp are still seen (the scan re-reads this margin). */
const MARGIN_MS = 5 * 60_000;
const BATCH = 500;
const SEND_BUDGET_MS = 45_000;
/** A notice ACA refused (4xx) is tried again only this much later: it needs a person or a fix. */
const REFUSED_RETRY_MS = 6 * 60 * 60_000;

const hashOf = (body: AcaPosition) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

export function acaService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  positions: Pick<PositionsService, 'updatedSince'>;
  entities: Pick<EntitiesService, 'byId'>;
  client: AcaClient | undefined;
}) {
  const { db, clock, client } = deps;

  /** Reads the positions updated since the watermark and records what ACA should hold. */
  async function scan(): Promise<number> {
    let cursor = {
      since: new Date(((await readWatermark(db))?.getTime() ?? 0) - MARGIN_MS),
      afterId: '00000000-0000-0000-0000-000000000000',
    };
    let seen = 0;
    for (;;) {
      const { positions, next } = await deps.positions.updatedSince(cursor.since, cursor.afterId, BATCH);
      if (positions.length === 0 || !next) break;
      const now = clock.now();
      for (const position of positions) {
        const entity = await deps.entities.byId(position.entityId);
        if (!entity) continue;
        const bodies = acaBodies(position, entity);
        const states = await noticeStates(
          db,
          entity.id,
          bodies.map((b) => b.nav),
        );
        for (const { nav, body } of bodies) {
          const state = states.get(nav);
          // Not payable: withdrawn if ACA holds it as payable, otherwise nothing to send.
          const desired = body ?? (state?.uploaded ? acaWithdrawal(position, nav, entity.fiscalCode) : undefined);
          if (!desired) continue;
          await upsertDesired(db, {
            entityId: entity.id,
            nav,
            positionId: position.id,
            body: desired,
            hash: hashOf(desired),
            now,
          });
        }
      }
      seen += positions.length;
      await writeWatermark(db, next.since);
      if (positions.length < BATCH) break;
      cursor = next;
    }
    return seen;
  }

  /** Sends what is due; returns how many were taken, refused, or are to be retried. */
  async function send(): Promise<{ sent: number; refused: number; retry: number }> {
    const totals = { sent: 0, refused: 0, retry: 0 };
    if (!client) return totals;
    // One run sends for at most SEND_BUDGET_MS (plus one call's timeout); the next minute's run goes
    // on. Checked before every call: an ACA that hangs costs a timeout per notice, not per batch.
    const stopAt = performance.now() + SEND_BUDGET_MS;
    const inBudget = () => performance.now() < stopAt;
    while (inBudget()) {
      const due = await dueNotices(db, clock.now(), 50);
      if (due.length === 0) break;
      for (const notice of due) {
        if (!inBudget()) break;
        const outcome = await client.send(notice.body);
        const now = clock.now();
        if (outcome.kind === 'ok') {
          await markSent(db, notice, now);
          totals.sent++;
        } else if (outcome.kind === 'refused') {
          await markFailed(db, notice, {
            status: 'FAILED',
            error: `ACA refused it (${outcome.status}): ${outcome.detail}`,
            next: new Date(now.getTime() + REFUSED_RETRY_MS),
            now,
          });
          totals.refused++;
        } else {
          await markFailed(db, notice, {
            status: 'PENDING',
            error: outcome.detail,
            next: new Date(now.getTime() + retryDelayMs(notice.attempts + 1)),
            now,
          });
          totals.retry++;
        }
      }
    }
    return totals;
  }

  return {
    enabled: client !== undefined,
    /** One run of the sync job: scan the changes, then send what is due. */
    async sync(): Promise<{ scanned: number; sent: number; refused: number; retry: number }> {
      if (!client) return { scanned: 0, sent: 0, refused: 0, retry: 0 };
      const scanned = await scan();
      return { scanned, ...(await send()) };
    },
    counts: () => syncCounts(db),
  };
}
