// An uploaded import is processed once: two deliveries of its job at the same time import it once,
// a running import (its lease renewed) is left alone, and one whose worker died is taken over within
// two minutes (lease run out, resume job); a CLI import whose process died is closed as failed.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { IMPORT_LEASE } from '../src/modules/positions/import/import-lease.ts';
import { createServices, type Services } from '../src/services.ts';
import { uuidv7 } from '../src/shared/ids.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let jobs: Jobs;
let services: Services;
let entity: Entity;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  ctx = await testContext();
  jobs = await startJobs(ctx.db.database, { work: false }); // queues only: the test runs the handler itself
  services = createServices(ctx.db.database, { clock: ctx.clock, jobs });
  await jobs.register(jobHandlers(services));
  entity = await services.entities.create(ENTITY_A, testActor);
});
after(async () => {
  await jobs.stop();
  await ctx.close();
});

async function upload(prefix: string) {
  const csv = [
    'iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category',
    `${prefix}-1;RSSMRA80A01H501U;Mario Rossi;Tassa;10,00;30/09/2027;9/0101101IM/`,
    `${prefix}-2;RSSMRA80A01H501U;Mario Rossi;Tassa;12,00;30/09/2027;9/0101101IM/`,
  ].join('\n');
  const row = await services.imports.receiveUpload(
    entity,
    Readable.from([Buffer.from(csv)]),
    { format: 'csv', mode: 'create', toPublish: true, fileName: `${prefix}.csv` },
    testActor,
  );
  return { importId: row.id, toPublish: true };
}

const db = () => ctx.services.database.db;
const count = async (prefix: string) =>
  Number(
    (
      await db()
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('iupd', 'like', `${prefix}-%`)
        .executeTakeFirstOrThrow()
    ).n,
  );
const statusOf = async (id: string) =>
  (await db().selectFrom('imports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('claiming an uploaded import', () => {
  it('two deliveries of the same job import the file once', async () => {
    const job = await upload('TWICE');
    await Promise.all([services.imports.processUpload(job), services.imports.processUpload(job)]);
    assert.equal(await count('TWICE'), 2);
    assert.equal(await statusOf(job.importId), 'COMPLETED');
    const starts = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', job.importId)
      .where('action', '=', 'import.start')
      .execute();
    assert.equal(starts.length, 1);
    await services.imports.processUpload(job); // a late redelivery changes nothing
    assert.equal(await statusOf(job.importId), 'COMPLETED');
  });

  it('leaves an import with a live lease alone; takes over, once, one whose worker stopped renewing', async () => {
    const job = await upload('STALE');
    const now = ctx.clock.now();
    // A worker claimed it a moment ago, then was killed with -9: its lease is no longer renewed.
    await db()
      .updateTable('imports')
      .set({
        status: 'IN_PROGRESS',
        started_at: now,
        lease_owner: 'killed-worker',
        lease_expires_at: new Date(now.getTime() + IMPORT_LEASE.leaseMs),
      })
      .where('id', '=', job.importId)
      .execute();
    await services.imports.processUpload(job);
    assert.equal(await count('STALE'), 0, 'a live lease is someone else’s');
    assert.deepEqual(await services.imports.resumeStale(), { resumed: 0 });

    ctx.clock.advance(IMPORT_LEASE.leaseMs + 1000);
    // The resume job (every minute) finds it, so it is taken over within two minutes of the death.
    assert.deepEqual(await services.imports.resumeStale(), { resumed: 1 });
    await Promise.all([services.imports.processUpload(job), services.imports.processUpload(job)]);
    assert.equal(await count('STALE'), 2);
    assert.equal(await statusOf(job.importId), 'COMPLETED');
    assert.deepEqual(await services.imports.resumeStale(), { resumed: 0 });
    await services.imports.processUpload(job);
    assert.equal(await count('STALE'), 2, 'exactly once');
  });

  it('a live worker renews its lease, so a second worker does not steal it', async () => {
    const renewing = createServices(ctx.db.database, {
      clock: ctx.clock,
      jobs,
      importLease: { leaseMs: IMPORT_LEASE.leaseMs, renewEveryMs: 20 },
    });
    const rows = 8000;
    const lines = ['iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category'];
    for (let i = 0; i < rows; i++)
      lines.push(`LIVE-${i};RSSMRA80A01H501U;Mario Rossi;Tassa;10,00;30/09/2027;9/0101101IM/`);
    const row = await renewing.imports.receiveUpload(
      entity,
      Readable.from([Buffer.from(lines.join('\n'))]),
      { format: 'csv', mode: 'create', toPublish: true, fileName: 'live.csv' },
      testActor,
    );
    const job = { importId: row.id, toPublish: true };
    const first = renewing.imports.processUpload(job);
    while ((await renewing.imports.get(entity, row.id)).progress < 1000) await sleep(10);
    // Long after the lease it took: only renewals keep it.
    ctx.clock.advance(IMPORT_LEASE.leaseMs * 2);
    await sleep(200);
    await services.imports.processUpload(job);
    assert.equal(await statusOf(row.id), 'IN_PROGRESS', 'the second worker left it to the first');
    await first;
    assert.equal(await count('LIVE'), rows);
    assert.equal(await statusOf(row.id), 'COMPLETED');
    const starts = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', row.id)
      .where('action', '=', 'import.start')
      .execute();
    assert.equal(starts.length, 1);
  });

  it('a CLI import whose process died is closed as failed, not left IN_PROGRESS', async () => {
    const now = ctx.clock.now();
    const id = uuidv7();
    await db()
      .insertInto('imports')
      .values({
        id,
        entity_id: entity.id,
        source: 'cli',
        file_name: 'gone.csv',
        format: 'csv',
        mode: 'create',
        status: 'IN_PROGRESS',
        byte_size: 0,
        actor: testActor.id,
        created_at: now,
        started_at: now,
        lease_owner: 'killed-cli',
        lease_expires_at: new Date(now.getTime() - 1),
      })
      .execute();
    await services.imports.resumeStale();
    assert.equal(await statusOf(id), 'COMPLETED_UNSUCCESSFULLY');
    const audits = await db().selectFrom('audit_log').select('action').where('subject_id', '=', id).execute();
    assert.deepEqual(
      audits.map((a) => a.action),
      ['import.abandon'],
    );
  });
});

describe('a process without the import queue', () => {
  it('refuses the upload at once and keeps nothing of it', async () => {
    const bare = await startJobs(ctx.db.database, { work: false });
    try {
      const withoutQueue = createServices(ctx.db.database, { clock: ctx.clock, jobs: bare });
      const before = await db().selectFrom('imports').select('id').execute();
      await assert.rejects(
        withoutQueue.imports.receiveUpload(
          entity,
          Readable.from([Buffer.from('iupd\n')]),
          { format: 'csv', mode: 'create', toPublish: false, fileName: 'x.csv' },
          testActor,
        ),
        /not registered/,
      );
      assert.deepEqual(await db().selectFrom('imports').select('id').execute(), before);
    } finally {
      await bare.stop();
    }
  });
});
