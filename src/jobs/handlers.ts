// The background jobs of Cassa: each definition (definitions.ts) bound to the service call that does
// its work. Jobs of a request carry its id (audit records, log lines); scheduled ones their job id.
import { jobActor } from '../modules/audit/audit.ts';
import { PRINT_STALE_MS } from '../modules/notices/bulk/print-jobs.service.ts';
import { IMPORT_STALE_MS } from '../modules/positions/import/import.service.ts';
import type { Services } from '../services.ts';
import { type JobHandler, type JobRun, jobHandler } from './boss.ts';
import {
  ACA_JOB,
  EVENTS_JOB,
  IMPORT_JOB,
  IMPORT_RESUME_JOB,
  POSITIONS_EXPORT_JOB,
  PRINT_JOB,
  RECONCILE_JOB,
  SWEEP_JOB,
  WEBHOOKS_JOB,
} from './definitions.ts';

/** The actor of a scheduled job: `job:<queue>`, with the run's id as its request id. */
const actorOf = (queue: string, run: JobRun) => jobActor(queue, run.requestId);

export function jobHandlers(services: Services): JobHandler[] {
  return [
    ...(services.aca.enabled
      ? [
          jobHandler(
            ACA_JOB,
            async () => {
              await services.aca.sync();
            },
            { expireInSeconds: 30 * 60 },
          ),
        ]
      : []),
    // A million-row import takes minutes; it must not be retried while still running.
    jobHandler(IMPORT_JOB, (payload, run) => services.imports.processUpload(payload, run), {
      expireInSeconds: IMPORT_STALE_MS / 1000,
    }),
    jobHandler(IMPORT_RESUME_JOB, async () => {
      await services.imports.resumeStale();
    }),
    // Tens of thousands of notices take minutes: a running job must not be handed to another worker.
    jobHandler(PRINT_JOB, (payload, run) => services.printJobs.process(payload, run), {
      expireInSeconds: PRINT_STALE_MS / 1000,
    }),
    // An export of a large search takes minutes: a running one must not be handed to another worker.
    jobHandler(POSITIONS_EXPORT_JOB, (payload) => services.positionExports.process(payload), {
      expireInSeconds: 60 * 60,
    }),
    jobHandler(SWEEP_JOB, async (_, run) => {
      await services.lifecycle.advanceByTime(actorOf(SWEEP_JOB.name, run));
      services.events.kick();
    }),
    jobHandler(EVENTS_JOB, async () => {
      await services.events.drain();
    }),
    jobHandler(WEBHOOKS_JOB, async () => {
      await services.webhooks.deliverDue();
    }),
    jobHandler(RECONCILE_JOB, async (_, run) => {
      const { unresolved } = await services.attempts.reconcile(actorOf(RECONCILE_JOB.name, run));
      if (unresolved.length > 0) {
        run.log.warn({ attempts: unresolved }, 'payment attempts paid only in part: for an operator');
      }
    }),
  ];
}
