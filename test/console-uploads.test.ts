// The console's uploads and print runs over app.inject, with the background jobs queued (pg-boss)
// and their handlers run by the test: a CSV with a bad row uploaded from the form, its page while it
// waits (reloading itself) and its row-by-row report (nothing imported); a good file, then a print
// run of that import's notices to its end and its download; a print run by catalogue service; the
// refusals (no token, another kind of file, a file over the limit) keep nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { IMPORT_JOB, PRINT_JOB } from '../src/jobs/definitions.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { canteenService } from './support/catalogue.ts';
import { postForm, rowCount, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

const MAX_BYTES = 4096;
let ctx: TestContext;
let jobs: Jobs;
let services: Services;
let app: FastifyInstance;
let entity: Entity;
let admin: SignedInOperator;
let root: string;

before(async () => {
  ctx = await testContext();
  jobs = await startJobs(ctx.db.database, { work: false }); // queues only: the test runs the handlers
  services = createServices(ctx.db.database, {
    clock: ctx.clock,
    jobs,
    config: { importMaxBytes: MAX_BYTES, importMaxRows: 1000 },
  });
  await jobs.register(jobHandlers(services));
  app = await buildApp({ services, logLevel: 'silent' });
  entity = await services.entities.create(ENTITY_A, testActor);
  admin = await signedInOperator(
    { services, app, clock: ctx.clock },
    { entityId: entity.id, email: 'admin@comune.example.it', roles: ['administrator'] },
  );
  root = `/console/e/${entity.fiscalCode}/caricamenti`;
});
after(async () => {
  await app.close();
  await jobs.stop();
  await ctx.close();
});

const handler = (name: string) => jobHandlers(services).find((h) => h.name === name)!;
const get = (url: string) => app.inject({ url, headers: { cookie: admin.cookie } });
const count = (table: 'imports' | 'positions' | 'print_jobs') => rowCount(ctx.db.database.db, table);

/** The upload form as a browser sends it: the token and options first, then the file. */
function upload(fileName: string, content: string, fields: Record<string, string> = {}, csrf = admin.csrf) {
  const boundary = '----cassa-test-boundary';
  const parts = Object.entries({ _csrf: csrf, mode: 'create', ...fields }).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const file = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return app.inject({
    method: 'POST',
    url: root,
    headers: { cookie: admin.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: parts.join('') + file,
  });
}

const HEADER = 'iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category';
const row = (iupd: string, amount = '12,50', due = '31/12/2026') =>
  `${iupd};RSSMRA80A01H501U;Mario Rossi;TARI 2026;${amount};${due};9/0101101IM/`;

describe('uploads', () => {
  it('shows the history and the two forms', async () => {
    const res = await get(root);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('enctype="multipart/form-data"'));
    assert.ok(res.body.includes('Nessuna importazione finora.'));
  });

  it('a CSV with a bad row: the page waits for the import, then reports the row and column; nothing imported', async () => {
    const before = await count('positions');
    const res = await upload('tari.csv', [HEADER, row('UP-1'), row('UP-2', 'dodici'), row('UP-3')].join('\n'));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const page = res.headers.location as string;
    assert.match(page, new RegExp(`^${root}/importazioni/[0-9a-f-]{36}$`));
    const waiting = await get(page);
    assert.equal(waiting.statusCode, 200);
    assert.match(waiting.body, /<meta http-equiv="refresh" content="3">/);
    assert.ok(waiting.body.includes('Aggiorna ora'));
    await handler(IMPORT_JOB.name).handle({ importId: page.split('/').at(-1)!, toPublish: false });
    const report = await get(page);
    assert.equal(report.statusCode, 200);
    assert.ok(!report.body.includes('http-equiv="refresh"'), 'done: no more reloads');
    assert.ok(report.body.includes('Il file non è stato importato (errori trovati: 1).'));
    assert.match(
      report.body,
      /<tr><th scope="row">3<\/th><td>UP-2<\/td><td>amount<\/td><td>&quot;dodici&quot; non è un importo in euro/,
    );
    assert.equal(await count('positions'), before);
    const list = await get(root);
    assert.ok(list.body.includes('tari.csv') && list.body.includes('rifiutata'));
  });

  it('a good file, then a print run of its notices to the end and its download', async () => {
    const res = await upload('ruolo.csv', [HEADER, row('OK-1'), row('OK-2', '1.234,56')].join('\n'), { publish: '1' });
    assert.equal(res.statusCode, 303);
    const importId = (res.headers.location as string).split('/').at(-1)!;
    await handler(IMPORT_JOB.name).handle({ importId, toPublish: true });
    const done = await get(res.headers.location as string);
    assert.ok(done.body.includes('Importazione completata: 2 create, 0 aggiornate, 0 invariate.'));
    const print = await postForm(app, admin, `${root}/stampe`, { what: 'import', importId, format: 'pdf' });
    assert.equal(print.statusCode, 303, print.body.slice(0, 300));
    const jobPage = print.headers.location as string;
    const jobId = jobPage.split('/').at(-1)!;
    const queued = await get(jobPage);
    assert.match(queued.body, /<meta http-equiv="refresh" content="3">/);
    const early = await get(`${jobPage}/file`);
    assert.equal(early.statusCode, 200);
    assert.ok(early.body.includes('Il file non è ancora pronto'));
    await handler(PRINT_JOB.name).handle({ printJobId: jobId });
    const ready = await get(jobPage);
    assert.ok(ready.body.includes('2 di 2 posizioni lavorate (2 avvisi stampati, 0 saltate).'));
    assert.ok(ready.body.includes(`href="${jobPage}/file"`));
    const file = await get(`${jobPage}/file`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const audit = await ctx.db.database.db
      .selectFrom('audit_log')
      .select('actor')
      .where('subject_id', '=', jobId)
      .where('action', '=', 'print_job.create')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, `operator:${admin.operatorId}`);
  });

  it('a print run of a catalogue service’s positions; one with nothing to print is refused at its field', async () => {
    const service = await services.catalogue.create(entity, canteenService(), testActor);
    const none = await postForm(app, admin, `${root}/stampe`, { what: 'service', serviceId: service.id });
    assert.equal(none.statusCode, 400);
    assert.ok(none.body.includes('Servizio: non ci sono posizioni da stampare.'));
    const body = singlePayment('SRV-1');
    body.paymentOption[0]!.installments[0]!.transfer![0]!.transferMetadata = [
      { key: 'cassaService', value: service.id },
    ];
    await services.positions.create(entity, body, { toPublish: true }, testActor);
    const res = await postForm(app, admin, `${root}/stampe`, { what: 'service', serviceId: service.id, format: 'zip' });
    assert.equal(res.statusCode, 303);
    const job = await services.printJobs.get(entity, (res.headers.location as string).split('/').at(-1)!);
    assert.deepEqual([JSON.parse(job.selection), job.format], [{ iupds: ['SRV-1'] }, 'zip']);
  });

  it('refuses an upload without the token, of another kind of file, or over the limit, keeping nothing', async () => {
    const before = await count('imports');
    const forged = await upload('a.csv', [HEADER, row('X-1')].join('\n'), {}, 'not-the-token');
    assert.equal(forged.statusCode, 400);
    assert.ok(forged.body.includes('Il modulo è scaduto'));
    const pdf = await upload('scansione.pdf', '%PDF-1.4');
    assert.equal(pdf.statusCode, 400);
    assert.ok(pdf.body.includes('File da importare: il nome del file deve finire con .csv, .json, .jsonl o .zip.'));
    const big = await upload(
      'grande.csv',
      [HEADER, ...Array.from({ length: 80 }, (_, i) => row(`BIG-${i}`))].join('\n'),
    );
    assert.equal(big.statusCode, 413);
    assert.ok(big.body.includes('File da importare: è più grande del limite di 4 kB.'));
    assert.equal(await count('imports'), before);
  });
});
