// The console's exports of large position searches, made in the background: above the threshold the
// export link answers a page with a form instead of a file; the form records the export (audited) and
// its `positions.export` job; the job writes the file into the database; the list shows it ready and
// its download is the same file as the streamed export of that search (audited too). A role limited
// to some services neither lists nor downloads an export made for every service.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import { insertExport, insertExportChunk } from '../src/modules/console/positions/exports.db.ts';
import { parseSearch } from '../src/modules/console/positions/search.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { uuidv7 } from '../src/shared/ids.ts';
import { postForm, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { positionsWorld, SERVICE_CATEGORY } from './support/console-positions.ts';
import { ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let jobs: Jobs;
let services: Services;
let app: FastifyInstance;
let a: Entity;
let admin: SignedInOperator;
let limited: SignedInOperator;
const base = () => `/console/e/${a.fiscalCode}/posizioni`;

before(async () => {
  ctx = await testContext();
  jobs = await startJobs(ctx.db.database, { work: false }); // queues only: the test runs the handler
  services = createServices(ctx.db.database, { clock: ctx.clock, jobs, exportBackgroundRows: 3 });
  await jobs.register(jobHandlers(services));
  app = await buildApp({ services, logLevel: 'silent' });
  a = (await entityWithKey(ctx, ENTITY_A)).entity;
  const b = (await entityWithKey(ctx, ENTITY_B)).entity;
  await positionsWorld(services, a, b);
  const w = { services, app, clock: ctx.clock };
  admin = await signedInOperator(w, { entityId: a.id, email: 'anna@comune.example.it', roles: ['administrator'] });
  await services.operators.roles.define(
    a.id,
    { name: 'Sportello servizi', grants: [{ area: 'positions', access: 'read' }], services: [SERVICE_CATEGORY] },
    testActor,
  );
  limited = await signedInOperator(w, {
    entityId: a.id,
    email: 'luca@comune.example.it',
    roles: ['Sportello servizi'],
  });
});
after(async () => {
  await app.close();
  await jobs.stop();
  await ctx.close();
});

const get = (who: SignedInOperator, url: string, target = app) =>
  target.inject({ url, headers: { cookie: who.cookie } });

describe('exports of large searches', () => {
  it('offers, records, writes and serves a background export equal to the streamed one', async () => {
    // Mario Rossi has 5 instalments at A (over the threshold of 3): a page with the form, no file.
    const offer = await get(admin, `${base()}/export.csv?q=rossi`);
    assert.equal(offer.statusCode, 200);
    assert.match(String(offer.headers['content-type']), /^text\/html/);
    assert.match(offer.body, /Questa ricerca ha più di 3 righe/);
    assert.match(offer.body, /<input type="hidden" name="format" value="csv">/);
    assert.match(offer.body, /<input type="hidden" name="q" value="rossi">/);

    const sent = await postForm(app, admin, `${base()}/esportazioni`, { format: 'csv', q: 'rossi' });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    assert.equal(sent.headers.location, `${base()}/esportazioni`);
    const row = await services.database.db.selectFrom('position_exports').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, 'QUEUED');
    assert.equal(row.actor, `operator:${admin.operatorId}`);
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'positions.export'
      AND data ->> 'exportId' = ${row.id}`.execute(services.database.db);
    assert.equal(queued.rows[0]!.n, 1, 'the job is queued with the export');
    const listed = await get(admin, `${base()}/esportazioni`);
    assert.match(listed.body, /In coda/);

    await services.positionExports.process({ exportId: row.id });
    await services.positionExports.process({ exportId: row.id }); // twice: nothing more
    const done = await services.database.db.selectFrom('position_exports').selectAll().executeTakeFirstOrThrow();
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.row_count, 5);

    const list = await get(admin, `${base()}/esportazioni`);
    const href = /href="([^"]+\/esportazioni\/[0-9a-f-]{36})" download/.exec(list.body)?.[1];
    assert.ok(href, list.body.slice(-2000));
    const file = await get(admin, href);
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-disposition']), /\.csv"$/);
    // The streamed export of the same search (through the test context's app: no threshold there).
    const streamed = await get(admin, `${base()}/export.csv?q=rossi`, ctx.app);
    assert.equal(file.body, streamed.body);
    assert.equal(file.body.trim().split('\r\n').length, 6);

    const actions = await services.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'like', 'positions.export%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((r) => r.action),
      ['positions.export', 'positions.export_download', 'positions.export'],
    );
    assert.ok(actions.every((r) => r.actor === `operator:${admin.operatorId}`));

    // A role limited to a service does not see an export made for every service.
    assert.doesNotMatch((await get(limited, `${base()}/esportazioni`)).body, /esportazioni\/[0-9a-f-]{36}/);
    assert.equal((await get(limited, href)).statusCode, 404);
  });

  it('takes over an export whose worker is gone (dropping its partial file), never one still held', async () => {
    const db = services.database.db;
    const made = async (startedMinutesAgo: number) => {
      const id = uuidv7();
      await insertExport(db, {
        id,
        entity_id: a.id,
        format: 'csv',
        search: JSON.stringify(parseSearch({ q: 'DITTA-7' })),
        scope: JSON.stringify('*'),
        status: 'RUNNING',
        actor: `operator:${admin.operatorId}`,
        created_at: ctx.clock.now(),
        started_at: new Date(ctx.clock.now().getTime() - startedMinutesAgo * 60_000),
      });
      await insertExportChunk(db, id, 0, new TextEncoder().encode('half a file from a worker that died'));
      return id;
    };
    const gone = await made(61);
    const held = await made(5);
    await services.positionExports.process({ exportId: gone });
    await services.positionExports.process({ exportId: held });
    const rows = await db
      .selectFrom('position_exports')
      .select(['id', 'status', 'row_count'])
      .where('id', 'in', [gone, held])
      .execute();
    assert.deepEqual(rows.map((r) => [r.id === gone ? 'gone' : 'held', r.status, r.row_count]).sort(), [
      ['gone', 'COMPLETED', 1],
      ['held', 'RUNNING', null],
    ]);
    const file = await get(admin, `${base()}/esportazioni/${gone}`);
    assert.match(file.body, /^\uFEFFiupd,.*\r\nDITTA-7,/s);
    assert.doesNotMatch(file.body, /half a file/);
  });

  it('refuses a request without a format, and exports small searches at once', async () => {
    const refused = await postForm(app, admin, `${base()}/esportazioni`, { q: 'rossi' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Scegli il formato dell’esportazione/);
    const small = await get(admin, `${base()}/export.xlsx?q=DITTA-7`);
    assert.equal(small.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
