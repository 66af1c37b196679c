// The lease an import's worker holds while it runs (ADR 0021): claimed with the import, renewed on a
// timer while the worker lives, checked when the outcome is recorded. A worker killed with -9 stops
// renewing, so its lease runs out within a minute and the resume job hands the import to another
// worker; the dead worker's transaction was rolled back by the database, so nothing is imported twice.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import { renewLease } from './import.db.ts';

export interface LeaseTiming {
  /** How long a lease lasts without renewal. */
  leaseMs: number;
  /** How often a live worker renews it (well under leaseMs, so one late renewal costs nothing). */
  renewEveryMs: number;
}

export const IMPORT_LEASE: LeaseTiming = { leaseMs: 60_000, renewEveryMs: 20_000 };

/** The outcome of an import could not be recorded: its lease had passed to another worker. */
export class LeaseLost extends Error {
  constructor(importId: string) {
    super(`import ${importId} was taken over by another worker`);
  }
}

/**
 * Renews `owner`'s lease every `renewEveryMs` until stopped. Renewals never overlap; a failed one
 * (the database briefly away) is tried again at the next tick.
 */
export function keepLease(db: Kysely<Schema>, clock: Clock, importId: string, owner: string, timing: LeaseTiming) {
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    renewLease(db, importId, owner, new Date(clock.now().getTime() + timing.leaseMs))
      .catch(() => {})
      .finally(() => {
        renewing = false;
      });
  }, timing.renewEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
