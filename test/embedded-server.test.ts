// The embedded PostgreSQL in DATA_DIR (src/db/embedded.ts), with real processes: while `npm start`
// runs, CLI commands use its database server (a backup too); its shutdown stops the server. A server
// killed with kill -9 leaves the database running, and the next start takes it over; a postmaster
// killed with kill -9 leaves a stale postmaster.pid, which does not stop the next start. A backup
// restores into a new DATA_DIR; a PGlite folder of an earlier version is refused with the way out.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isPostmaster, postmasterPid, stopCluster } from '../src/db/embedded.ts';
import { DEMO_FISCAL_CODE } from '../src/modules/demo/demo.ts';
import { runCassa } from './support/cli.ts';
import { startMain } from './support/main-process.ts';

const root = join(import.meta.dirname, '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) {
    await stopCluster(join(dir, 'postgres'));
    rmSync(dir, { recursive: true, force: true });
  }
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** `src/main.ts` on the embedded database of dataDir (the demo seeded), once it says it is running. */
async function startServer(
  dataDir: string,
  command: string[] = [process.execPath, join(root, 'src/main.ts')],
): Promise<ChildProcess> {
  const { child } = await startMain({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, command });
  children.push(child);
  return child;
}

const cassa = (dataDir: string, ...args: string[]) => runCassa({ dataDir, databaseUrl: undefined }, args);
const entities = (dataDir: string) => {
  const listed = cassa(dataDir, 'entity', 'list', '--json');
  assert.equal(listed.code, 0, listed.stderr);
  return JSON.parse(listed.stdout).map((e: { fiscalCode: string }) => e.fiscalCode);
};
/** A postgres process that has exited may stay a zombie until the system reaps it: that is not alive. */
const alive = isPostmaster;

describe('the embedded PostgreSQL shared by the server and the CLI', () => {
  const dataDir = tempDir('cassa-embedded-');
  const backup = join(dataDir, 'cassa.backup.gz');

  it('answers CLI commands while the server runs, and stops with the server', async () => {
    const server = await startServer(dataDir);
    const postmaster = postmasterPid(join(dataDir, 'postgres'))!;
    assert.ok(alive(postmaster));
    assert.deepEqual(entities(dataDir), [DEMO_FISCAL_CODE]);
    const made = cassa(dataDir, 'backup', '--out', backup, '--json');
    assert.equal(made.code, 0, made.stderr);
    assert.equal(postmasterPid(join(dataDir, 'postgres')), postmaster, 'the CLI used the running server');
    assert.ok(alive(postmaster), 'and left it running');

    server.kill('SIGTERM');
    const [code] = await once(server, 'exit');
    assert.equal(code, 0);
    assert.equal(alive(postmaster), false, 'the server stopped the database at its shutdown');
  });

  it('a CLI command on its own starts the database and stops it again', () => {
    assert.deepEqual(entities(dataDir), [DEMO_FISCAL_CODE]);
    const pid = postmasterPid(join(dataDir, 'postgres'));
    assert.ok(pid === undefined || !alive(pid));
  });

  it('after kill -9 of the server the next start takes over the running database', async () => {
    const first = await startServer(dataDir);
    const postmaster = postmasterPid(join(dataDir, 'postgres'))!;
    first.kill('SIGKILL');
    await once(first, 'exit');
    assert.ok(alive(postmaster), 'the database outlives a killed server');
    const second = await startServer(dataDir);
    assert.equal(postmasterPid(join(dataDir, 'postgres')), postmaster);
    second.kill('SIGTERM');
    const [code] = await once(second, 'exit');
    assert.equal(code, 0);
    assert.equal(alive(postmaster), false);
  });

  it('after kill -9 of the database a stale postmaster.pid does not stop the next start', async () => {
    const server = await startServer(dataDir);
    const postmaster = postmasterPid(join(dataDir, 'postgres'))!;
    server.kill('SIGKILL');
    await once(server, 'exit');
    process.kill(postmaster, 'SIGKILL');
    while (alive(postmaster)) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), 'left behind');
    assert.deepEqual(entities(dataDir), [DEMO_FISCAL_CODE]);
  });

  it('restores the backup into a new DATA_DIR', () => {
    const other = tempDir('cassa-embedded-restore-');
    const restored = cassa(other, 'restore', backup, '--json');
    assert.equal(restored.code, 0, restored.stderr);
    assert.deepEqual(entities(other), [DEMO_FISCAL_CODE]);
  });
});

describe('npm start', () => {
  it('becomes the server (its script execs Node 24): no launcher stays beside it, and SIGTERM stops it and the database', async () => {
    const dataDir = tempDir('cassa-start-');
    const server = await startServer(dataDir, ['sh', join(root, 'scripts/start.sh'), '--max-semi-space-size=16']);
    // The process npm would wait for is Node itself, running main.ts with the flags given.
    assert.match(readlinkSync(`/proc/${server.pid}/exe`), /node$/);
    const argv = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
    assert.ok(argv.includes('--max-semi-space-size=16'), argv.join(' '));
    assert.ok(
      argv.some((arg) => arg.endsWith('src/main.ts')),
      argv.join(' '),
    );
    const postmaster = postmasterPid(join(dataDir, 'postgres'))!;
    assert.ok(isPostmaster(postmaster));
    server.kill('SIGTERM');
    const [code] = await once(server, 'exit');
    assert.equal(code, 0);
    assert.equal(isPostmaster(postmaster), false);
  });
});

describe('a PGlite folder of an earlier version', () => {
  it('is refused with the way to move its data, and nothing is created', () => {
    const dataDir = tempDir('cassa-pglite-');
    mkdirSync(join(dataDir, 'pglite'));
    writeFileSync(join(dataDir, 'pglite', 'PG_VERSION'), '17\n');
    const refused = cassa(dataDir, 'entity', 'list');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /PGlite database of an earlier Cassa version/);
    assert.match(refused.stderr, /cassa backup --out FILE.*cassa restore FILE/);
    assert.equal(existsSync(join(dataDir, 'postgres')), false);
  });
});
