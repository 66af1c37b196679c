// An uploaded import is processed once: two deliveries of its job at the same time import it once,
// a running import is left alone, and one whose worker died long ago is taken over.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let jobs: Jobs;
let services: Services;
let entity: Entity;

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

  it('leaves a running import alone and takes over one whose worker died', async () => {
    const job = await upload('STALE');
    const now = ctx.clock.now();
    await db()
      .updateTable('imports')
      .set({ status: 'IN_PROGRESS', started_at: now })
      .where('id', '=', job.importId)
      .execute();
    await services.imports.processUpload(job);
    assert.equal(await count('STALE'), 0, 'an import started a moment ago is still someone else’s');
    const longAgo = new Date(now.getTime() - 3 * 60 * 60 * 1000);
    await db().updateTable('imports').set({ started_at: longAgo }).where('id', '=', job.importId).execute();
    await services.imports.processUpload(job);
    assert.equal(await count('STALE'), 2);
    assert.equal(await statusOf(job.importId), 'COMPLETED');
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
