// The background jobs of Cassa: each a name, an optional schedule and a handler calling a service.

import { jobActor } from '../modules/audit/audit.ts';
import { PRINT_JOB, PRINT_STALE_MS } from '../modules/notices/bulk/print-jobs.service.ts';
import { IMPORT_JOB, IMPORT_STALE_MS } from '../modules/positions/import/import.service.ts';
import type { Services } from '../services.ts';
import type { JobHandler } from './boss.ts';

export const SWEEP_JOB = 'positions.sweep';
export const RECONCILE_JOB = 'payments.reconcile';
export const WEBHOOKS_JOB = 'webhooks.deliver';
export const EVENTS_JOB = 'events.drain';
export const ACA_JOB = 'aca.sync';
export const IMPORT_RESUME_JOB = 'positions.import.resume';

export function jobHandlers(services: Services): JobHandler[] {
  return [
    ...(services.aca.enabled
      ? [
          {
            // pagoPA's central notice archive kept in step with the positions (changes, retries).
            name: ACA_JOB,
            cron: '* * * * *',
            expireInSeconds: 30 * 60,
            handle: async () => {
              await services.aca.sync();
            },
          },
        ]
      : []),
    {
      name: IMPORT_JOB,
      // A million-row import takes minutes; it must not be retried while still running.
      expireInSeconds: IMPORT_STALE_MS / 1000,
      handle: (data) => services.imports.processUpload(data as { importId: string; toPublish: boolean }),
    },
    {
      // Uploaded imports whose worker died (lease run out) or whose job was lost, taken up again.
      name: IMPORT_RESUME_JOB,
      cron: '* * * * *',
      handle: async () => {
        await services.imports.resumeStale();
      },
    },
    {
      name: PRINT_JOB,
      // Tens of thousands of notices take minutes: a running job must not be handed to another worker.
      expireInSeconds: PRINT_STALE_MS / 1000,
      handle: (data) => services.printJobs.process(data as { printJobId: string }),
    },
    {
      // Validity dates reached and expiries, every minute.
      name: SWEEP_JOB,
      cron: '* * * * *',
      handle: async () => {
        await services.lifecycle.advanceByTime(jobActor(SWEEP_JOB));
        services.events.kick();
      },
    },
    {
      // Every consumer of domain events: events written where nothing kicked them (jobs, the CLI,
      // another process that stopped) and retries of the ones that failed.
      name: EVENTS_JOB,
      cron: '* * * * *',
      handle: async () => {
        await services.events.drain();
      },
    },
    {
      // Webhook deliveries that are due (retries, and events written where nothing kicked a delivery).
      name: WEBHOOKS_JOB,
      cron: '* * * * *',
      handle: async () => {
        await services.webhooks.deliverDue();
      },
    },
    {
      // Payment attempts whose time ran out: settled by their receipts, or expired; every minute.
      name: RECONCILE_JOB,
      cron: '* * * * *',
      handle: async () => {
        const { unresolved } = await services.attempts.reconcile(jobActor(RECONCILE_JOB));
        if (unresolved.length > 0) {
          process.stderr.write(
            `payments.reconcile: attempts paid only in part, for an operator: ${unresolved.join(', ')}\n`,
          );
        }
      },
    },
  ];
}
