// Two Cassa processes on one PostgreSQL database, both running the background jobs (CASSA_JOBS on, as
// docs/operations.md describes): work enqueued or written once is done once. Webhook deliveries of
// payments spread over both processes reach a local receiver once each (event inbox and delivery
// claims, SKIP LOCKED); print jobs are printed once (pg-boss's fetch, then the job's own claim); an
// upload is imported once (the import lease); a recurring job makes one pg-boss job per minute
// however many processes schedule it (pg-boss's cron claim and singleton key).
// PostgreSQL only: the embedded database belongs to one process.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { EVENTS_JOB, RECONCILE_JOB, SWEEP_JOB, WEBHOOKS_JOB } from '../src/jobs/definitions.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { startMain } from './support/main-process.ts';
import { singlePayment } from './support/positions.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);
const skip = !onPostgres && 'PostgreSQL only: the embedded database belongs to one process (set DATABASE_URL)';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
let services: Services;
let entity: Entity;
let key: string;
let receiver: FastifyInstance;
let receiverUrl: string;
/** Every delivery the receiver got: the event id of each. */
const deliveries: string[] = [];
const processes: { child: ChildProcess; port: number; output: () => string }[] = [];

async function startCassa(url: string): Promise<void> {
  const { child, port, output } = await startMain({
    env: {
      DATABASE_URL: url,
      CASSA_DEMO: 'false',
      CASSA_JOBS: 'true',
      WEBHOOKS_ALLOW_HTTP: 'true',
      LOG_LEVEL: 'warn',
    },
  });
  processes.push({ child, port, output });
}

/** A request to process `i` (0 or 1) with the entity's API key. */
function call(i: number, method: string, path: string, body?: object | FormData) {
  const json = body !== undefined && !(body instanceof FormData);
  return fetch(`http://127.0.0.1:${processes[i]!.port}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(json && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: json ? JSON.stringify(body) : (body as FormData) }),
  });
}

/** Polls `check` until it returns a value (at most `seconds`). */
async function eventually<T>(what: string, seconds: number, check: () => Promise<T | undefined>): Promise<T> {
  for (const started = Date.now(); Date.now() - started < seconds * 1000; await sleep(250)) {
    const value = await check();
    if (value !== undefined) return value;
  }
  throw new Error(`${what} did not happen within ${seconds} s`);
}

const countAudit = async (action: string, subjectId: string) =>
  Number(
    (
      await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM audit_log WHERE action = ${action} AND subject_id = ${subjectId}`.execute(
        db.database.db,
      )
    ).rows[0]!.n,
  );

before(async () => {
  if (!onPostgres) return;
  receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  receiver.post('/hook', async (request) => {
    deliveries.push((JSON.parse(request.body as string) as { id: string }).id);
    return {};
  });
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  db = await freshDatabase();
  services = createServices(db.database);
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
  // Started together, as after a deployment: pg-boss's own set-up is guarded by an advisory lock.
  await Promise.all([startCassa(db.url!), startCassa(db.url!)]);
});
after(async () => {
  for (const { child } of processes) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  await receiver?.close();
  if (db) await db.drop();
});

describe('two Cassa processes with jobs on one PostgreSQL', { skip }, () => {
  it('delivers the webhook of every payment once, the payments and deliveries spread over both', async () => {
    const hook = await call(0, 'POST', `/api/v1/organizations/${entity.fiscalCode}/webhooks`, {
      url: receiverUrl,
      events: ['installment.paid', 'position.paid'],
    });
    assert.equal(hook.status, 201, await hook.text());
    const count = 20;
    const navs: string[] = [];
    for (let i = 0; i < count; i++) {
      const position = await services.positions.create(
        entity,
        singlePayment(`HOOK-${i}`, 2_000 + i),
        { toPublish: true },
        testActor,
      );
      navs.push(position.options[0]!.installments[0]!.nav);
    }
    // Every payment is a request that kicks the events' consumers and the deliveries of the process
    // that took it: both processes drain the same inbox and deliveries at the same time.
    const paid = await Promise.all(
      navs.map((nav, i) =>
        call(i % 2, 'POST', `/api/gpd/v3/organizations/${entity.fiscalCode}/paymentoptions/paids/${nav}`, {
          paymentDate: new Date().toISOString(),
          paymentMethod: 'contanti',
          pspCompany: 'Tesoreria',
          idReceipt: `R-${i}`,
        }),
      ),
    );
    assert.deepEqual(
      paid.map((r) => r.status),
      navs.map(() => 200),
    );
    // One installment.paid and one position.paid per payment.
    await eventually('every delivery', 90, async () => (new Set(deliveries).size >= 2 * count ? true : undefined));
    // Late duplicates would come from another process's claim or the minute job: give them a moment.
    await sleep(3_000);
    const byEvent = new Map<string, number>();
    for (const id of deliveries) byEvent.set(id, (byEvent.get(id) ?? 0) + 1);
    assert.equal(byEvent.size, 2 * count);
    assert.deepEqual(
      [...byEvent].filter(([, n]) => n !== 1),
      [],
      'no event delivered twice',
    );
    const rows = await db.database.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).execute();
    assert.equal(rows.length, 2 * count);
    assert.ok(rows.every((r) => r.status === 'DELIVERED' && r.attempts === 1));
    const inbox = await db.database.db.selectFrom('event_inbox').select(['done_at', 'attempts']).execute();
    assert.ok(inbox.length >= 2 * count && inbox.every((r) => r.done_at !== null));
  });

  it('prints each print job once, whichever process took the request', async () => {
    for (let i = 0; i < 4; i++) {
      await services.positions.create(entity, singlePayment(`PRINT-${i}`, 1_000 + i), { toPublish: true }, testActor);
    }
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(i % 2, 'POST', `/api/v1/organizations/${entity.fiscalCode}/notices/print-jobs`, {
        format: i % 3 === 0 ? 'zip' : 'pdf',
        iupds: ['PRINT-0', 'PRINT-1', 'PRINT-2', 'PRINT-3'].slice(0, 1 + (i % 4)),
      });
      const text = await res.text();
      assert.equal(res.status, 202, text);
      ids.push((JSON.parse(text) as { id: string }).id);
    }
    for (const [i, id] of ids.entries()) {
      const job = await eventually(`print job ${id}`, 60, async () => {
        const res = await call(
          1 - (i % 2),
          'GET',
          `/api/v1/organizations/${entity.fiscalCode}/notices/print-jobs/${id}`,
        );
        const body = (await res.json()) as { status: string; printed: number };
        return body.status === 'COMPLETED' || body.status === 'FAILED' ? body : undefined;
      });
      assert.equal(job.status, 'COMPLETED');
      assert.equal(job.printed, 1 + (i % 4));
    }
    await sleep(2_000);
    for (const id of ids) {
      assert.equal(await countAudit('print_job.start', id), 1, `print job ${id} started once`);
      assert.equal(await countAudit('print_job.complete', id), 1, `print job ${id} completed once`);
    }
  });

  it('imports an upload once, and its positions once', async () => {
    const rows = 500;
    const lines = ['iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category'];
    for (let i = 0; i < rows; i++) {
      lines.push(`IMP-${i};RSSMRA80A01H501U;Mario Rossi;TARI 2027;${10 + (i % 90)},50;31/12/2027;9/0101101IM/`);
    }
    const form = new FormData();
    form.append('file', new Blob([`${lines.join('\r\n')}\r\n`]), 'tari.csv');
    const res = await call(1, 'POST', `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/file`, form);
    const text = await res.text();
    assert.equal(res.status, 202, text);
    const { fileId } = JSON.parse(text) as { fileId: string };
    const status = await eventually('the import', 90, async () => {
      const s = await call(
        0,
        'GET',
        `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/file/${fileId}/status`,
      );
      const body = (await s.json()) as { operationStatus: string; processedItem: number };
      return body.operationStatus === 'IN_PROGRESS' ? undefined : body;
    });
    assert.equal(status.operationStatus, 'COMPLETED');
    assert.equal(status.processedItem, rows);
    await sleep(2_000);
    assert.equal(await countAudit('import.start', fileId), 1, 'claimed by one worker');
    assert.equal(await countAudit('import.complete', fileId), 1);
    const { n } = await db.database.db
      .selectFrom('positions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('iupd', 'like', 'IMP-%')
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), rows);
  });

  it('runs each recurring job once a minute, not once per process', async () => {
    const cron = [SWEEP_JOB, EVENTS_JOB, WEBHOOKS_JOB, RECONCILE_JOB].map((job) => job.name);
    const perMinute = () =>
      sql<{ name: string; minute: Date; n: string }>`
        SELECT name, date_trunc('minute', created_on) AS minute, count(*) AS n FROM pgboss.job
        WHERE name = ANY(${cron}) GROUP BY 1, 2`.execute(db.database.db);
    // Both processes have been scheduling since they started; wait until each job has at least two
    // minutes behind it, so that the check below is not about an empty table.
    await eventually('two minutes of recurring jobs', 150, async () => {
      const { rows } = await perMinute();
      return cron.every((name) => rows.filter((r) => r.name === name).length >= 2) ? true : undefined;
    });
    // pg-boss files each occurrence once (its cron claim and a singleton per occurrence), then a
    // forwarding job creates the job itself: under load that can come late, so two occurrences may
    // be created in one clock minute. What "once" means: per name, no more jobs than minutes spanned
    // (plus the one at each end); every process scheduling its own would make about twice as many.
    const { rows: jobs } = await sql<{ name: string; created_on: Date }>`
      SELECT name, created_on FROM pgboss.job WHERE name = ANY(${cron}) ORDER BY created_on`.execute(db.database.db);
    for (const name of cron) {
      const times = jobs.filter((j) => j.name === name).map((j) => j.created_on.getTime());
      const minutes = (times.at(-1)! - times[0]!) / 60_000;
      assert.ok(
        times.length <= Math.floor(minutes) + 2,
        `${name}: ${times.length} jobs over ${minutes.toFixed(2)} minutes: ${times.map((t) => new Date(t).toISOString()).join(', ')}`,
      );
    }
    for (const { child, output } of processes) assert.equal(child.exitCode, null, `a process stopped:\n${output()}`);
  });
});
