// Graceful shutdown (battery B5), on a real Cassa process: SIGTERM while uploads are in flight. Every
// request either gets its full answer (and what it answered is in the database) or is never accepted
// (connection refused, or closed before any response); the process exits 0. Past the grace period
// what is still running is cut off, with no answer at all, and the process exits 1.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stopCluster } from '../src/db/embedded.ts';
import { DEMO_API_KEY, DEMO_FISCAL_CODE } from '../src/modules/demo/demo.ts';
import { openDataDir } from './support/cli.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { startMain } from './support/main-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Cassa {
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Import ids in the database, read after the process has exited. */
  importsAfterExit(): Promise<{ id: string; status: string }[]>;
}

/** Starts `src/main.ts` on a fresh database (the embedded one in a temporary DATA_DIR, or PostgreSQL) with the demo. */
async function startCassa(graceSeconds: number): Promise<Cassa> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cassa-shutdown-'));
  let pgDb: TestDatabase | undefined;
  if (process.env.DATABASE_URL) pgDb = await freshDatabase();
  cleanups.push(async () => {
    await pgDb?.drop();
    await stopCluster(join(dataDir, 'postgres')); // still running only if the process was killed
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { port, child, exited, kill } = await startMain({
    env: {
      DATABASE_URL: pgDb?.url,
      DATA_DIR: dataDir,
      CASSA_DEMO: 'true',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    },
  });
  cleanups.unshift(async () => kill());
  return {
    port,
    child,
    exited,
    importsAfterExit: async () => {
      const database = pgDb ? pgDb.database : await openDataDir(dataDir);
      try {
        return await database.db.selectFrom('imports').select(['id', 'status']).execute();
      } finally {
        if (!pgDb) await database.close();
      }
    },
  };
}

type Outcome = { status: number; body: string } | { error: string };

/** An HTTP request whose answer (or failure before any answer) is awaited; a GET is sent at once. */
function send(port: number, options: { method?: string; path: string; agent?: Agent; headers?: object }) {
  const req = request({
    host: '127.0.0.1',
    port,
    method: options.method ?? 'GET',
    path: options.path,
    agent: options.agent ?? false,
    headers: { authorization: `Bearer ${DEMO_API_KEY}`, ...options.headers },
  });
  const outcome = new Promise<Outcome>((resolve) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      // A response that started but did not end would be a half-done answer: the test fails on it.
      res.on('error', (error) => resolve({ error: `response cut: ${error.message}` }));
      res.on('aborted', () => resolve({ error: 'response cut: aborted' }));
    });
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
  });
  if (!options.method) req.end();
  return { req, outcome };
}

/** A CSV import upload sent slowly: its body in `pieces`, the first one at once. */
function slowUpload(port: number, name: string, rows: number) {
  const lines = ['iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category'];
  for (let i = 0; i < rows; i++)
    lines.push(`${name}-${i};RSSMRA80A01H501U;Mario Rossi;Tassa;10,00;30/09/2027;9/0101101IM/`);
  const boundary = `----cassa${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(lines.join('\n')),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const { req, outcome } = send(port, {
    method: 'POST',
    path: `/api/gpd/v3/organizations/${DEMO_FISCAL_CODE}/debtpositions/file?toPublish=true`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
  });
  const third = Math.floor(body.length / 3);
  req.write(body.subarray(0, third));
  return {
    outcome,
    /** Sends the rest, in two pieces `gapMs` apart. */
    finish: async (gapMs: number) => {
      await sleep(gapMs);
      req.write(body.subarray(third, 2 * third));
      await sleep(gapMs);
      req.end(body.subarray(2 * third));
    },
  };
}

/** A full answer: the status line, headers and the whole body (JSON that parses). */
function assertFullAnswer(outcome: Outcome, status: number): { fileId?: string } {
  assert.ok('status' in outcome, `expected a full answer, got ${JSON.stringify(outcome)}`);
  assert.equal(outcome.status, status, outcome.body);
  return JSON.parse(outcome.body);
}

/** Never accepted: refused, or closed before any response (or Fastify's 503 when it is closing). */
function assertNotAccepted(outcome: Outcome) {
  if ('status' in outcome) assert.equal(outcome.status, 503, outcome.body);
  else assert.match(outcome.error, /^(ECONNREFUSED|ECONNRESET|socket hang up|EPIPE)$/);
}

describe('SIGTERM', () => {
  it('lets requests in flight finish with full answers, refuses new ones, and exits 0', async () => {
    const cassa = await startCassa(20);
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    assertFullAnswer(await send(cassa.port, { path: '/ready', agent: keepAlive }).outcome, 200);

    const uploads = [slowUpload(cassa.port, 'SLOW-A', 3000), slowUpload(cassa.port, 'SLOW-B', 3000)];
    await sleep(300); // the server has both requests and is reading their bodies
    cassa.child.kill('SIGTERM');
    await sleep(300);

    assertNotAccepted(await send(cassa.port, { path: '/ready' }).outcome);
    assertNotAccepted(await send(cassa.port, { path: '/ready', agent: keepAlive }).outcome);
    await Promise.all(uploads.map((u) => u.finish(300)));
    const answers = await Promise.all(uploads.map((u) => u.outcome));
    const ids = answers.map((a) => assertFullAnswer(a, 202).fileId);

    assert.equal(await cassa.exited, 0);
    const stored = new Map((await cassa.importsAfterExit()).map((row) => [row.id, row.status]));
    for (const id of ids) assert.ok(stored.has(id!), `the import ${id} that was answered 202 is stored`);
    keepAlive.destroy();
  });

  it('cuts off what is still running when the grace period is over, with no answer, and exits 1', async () => {
    const cassa = await startCassa(1);
    const upload = slowUpload(cassa.port, 'STUCK', 3000);
    await sleep(300);
    cassa.child.kill('SIGTERM');
    const outcome = await upload.outcome; // the rest of the body never comes
    assert.ok('error' in outcome, `no answer, got ${JSON.stringify(outcome)}`);
    assert.equal(await cassa.exited, 1);
  });
});
