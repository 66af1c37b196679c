// `cassa backup` while the server runs on the embedded database: the server holds PGlite's folder,
// so the CLI asks it (a Unix socket in DATA_DIR/run, mode 0700) and checks what it receives. The copy
// restores into another data folder with the demo's data; anything but a backup request on the socket
// is dropped. On PostgreSQL the CLI opens the database itself (test/backup.test.ts).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { backupSocketPath } from '../src/modules/backup/backup-socket.ts';
import { DEMO_FISCAL_CODE } from '../src/modules/demo/demo.ts';
import { runCassa } from './support/cli.ts';
import { freePort } from './support/server.ts';

const root = join(import.meta.dirname, '..');
const skip = process.env.DATABASE_URL ? 'on PostgreSQL the CLI opens the database itself' : false;
const dirs: string[] = [];
let child: ChildProcess | undefined;
after(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** `src/main.ts` on a fresh embedded database with the demo, until it says it is running. */
async function startServer(dataDir: string): Promise<ChildProcess> {
  const { DATABASE_URL: _, ...env } = process.env;
  const started = spawn(process.execPath, [join(root, 'src/main.ts')], {
    cwd: root,
    env: { ...env, PORT: String(await freePort()), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  started.stdout!.on('data', (chunk) => (output += chunk));
  started.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Cassa is running')) {
    if (started.exitCode !== null || Date.now() > deadline) throw new Error(`Cassa did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return started;
}

describe('cassa backup while the server runs on the embedded database', { skip }, () => {
  it('gets a checked copy from the server, which restores into another data folder', async () => {
    const dataDir = tempDir('cassa-running-');
    child = await startServer(dataDir);
    assert.equal(statSync(join(dataDir, 'run')).mode & 0o777, 0o700);

    // Anything but a backup request is dropped without an answer.
    const stranger = connect(backupSocketPath(dataDir));
    await once(stranger, 'connect');
    stranger.write('DROP TABLE receipts;\n');
    let answered = '';
    stranger.on('data', (chunk) => (answered += chunk));
    await once(stranger, 'close');
    assert.equal(answered, '');

    const out = join(tempDir('cassa-running-out-'), 'live.backup.gz');
    const made = runCassa({ dataDir, databaseUrl: undefined }, ['backup', '--out', out, '--json']);
    assert.equal(made.code, 0, made.stderr);
    const summary = JSON.parse(made.stdout);
    assert.match(summary.sha256, /^[0-9a-f]{64}$/);
    const positions = summary.tables.find((t: { name: string }) => t.name === 'positions');
    assert.ok(positions.rows > 10, 'the demo positions are in the copy');
    assert.equal(statSync(out).mode & 0o777, 0o600);

    const target = { dataDir: tempDir('cassa-running-restore-'), databaseUrl: undefined };
    const restored = runCassa(target, ['restore', out]);
    assert.equal(restored.code, 0, restored.stderr);
    const listed = runCassa(target, ['entity', 'list', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((e: { fiscalCode: string }) => e.fiscalCode),
      [DEMO_FISCAL_CODE],
    );

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.throws(() => statSync(backupSocketPath(dataDir)), /ENOENT/, 'the socket is removed on shutdown');
  });
});
