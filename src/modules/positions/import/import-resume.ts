// The resume job (every minute): an uploaded import whose worker died (its lease ran out) or whose
// job was lost is enqueued again, and the next worker claims it; the lease makes a second claim of a
// live import fail, so enqueuing too often costs nothing. A CLI import cannot be resumed (its file
// was on the operator's disk): it is closed as failed, so it does not stay IN_PROGRESS for ever.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Jobs } from '../../../jobs/boss.ts';
import { IMPORT_JOB } from '../../../jobs/definitions.ts';
import type { Clock } from '../../../shared/clock.ts';
import { jobActor, recordAudit } from '../../audit/audit.ts';
import { abandonImport, staleImports } from './import.db.ts';

/** A RECEIVED import whose job has not started it by then is enqueued again. */
const RECEIVED_GRACE_MS = 10 * 60 * 1000;

export async function resumeStaleImports(deps: { db: Kysely<Schema>; clock: Clock; jobs: Jobs | undefined }) {
  const { db, clock, jobs } = deps;
  const now = clock.now();
  const stale = await staleImports(db, now, new Date(now.getTime() - RECEIVED_GRACE_MS));
  let resumed = 0;
  for (const row of stale) {
    if (row.source === 'cli') {
      const problem = {
        row: 0,
        field: 'file',
        message: 'the import was interrupted (its process ended); nothing was imported, run it again',
      };
      await db.transaction().execute(async (trx) => {
        if (!(await abandonImport(trx, row.id, now, [problem]))) return;
        await recordAudit(trx, jobActor('positions.import.resume'), {
          entityId: row.entity_id,
          action: 'import.abandon',
          subjectType: 'import',
          subjectId: row.id,
          after: { status: 'COMPLETED_UNSUCCESSFULLY' },
        });
      });
    } else if (jobs) {
      await jobs.enqueue(IMPORT_JOB, { importId: row.id, toPublish: row.to_publish ?? false });
      resumed++;
    }
  }
  return { resumed };
}
