// npm run bench:startup
// Start-up and memory on the embedded PostgreSQL (issue 11), on the demo data in a temporary
// DATA_DIR, with the goals beside the figures:
//   - the bare embedded server's own start (warm; initdb done before): the ceiling;
//   - `npm start`'s command (package.json: scripts/start.sh, which execs Node 24) until GET /ready
//     answers 200, warm (npm's own process, ≈ 60 MB, is left out: a service manager runs the command);
//   - the server's idle RSS: every Node process of `npm start` plus every postgres process, from /proc
//     (RSS counts shared pages — PostgreSQL's shared buffers, the binaries — once per process that
//     maps them, so its sum overstates; PSS shares each page out among its processes and adds up);
//   - a CLI command's wall time and peak RSS while the server runs, and the same for --help.
// Each start is measured RUNS times (median shown). The machine's load is printed: figures taken on
// a busy machine are slower than the goals are meant for.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { postmasterPid, startCluster, stopCluster } from '../src/db/embedded.ts';
import { freePort } from '../test/support/server.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? '5');
/** `npm start`'s own command line, from package.json (npm itself is not counted: see below). */
const START: string = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).scripts.start;
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'cassa-bench-startup-'));
chmodSync(work, 0o755); // as root the database runs as "postgres", which must reach DATA_DIR inside
const dataDir = join(work, 'data');
const clusterDir = join(dataDir, 'postgres');
const { DATABASE_URL: _, ...env } = process.env;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (n: number) => `${Math.round(n)} ms`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const line = (label: string, figure: string, goal = '') =>
  console.log(`${label.padEnd(34)}${figure.padEnd(26)}${goal && `goal ${goal}`}`);

/** `npm start`'s command on the demo; resolves once /ready answers 200, with the time that took. */
async function startServer(port: number) {
  const t0 = performance.now();
  const [command, ...args] = START.split(' ');
  const child = spawn(command!, args, {
    cwd: root,
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited during start-up');
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return { child, ms: performance.now() - t0 };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function stopServer(child: ReturnType<typeof spawn>) {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
}

/**
 * Memory of the processes `pids` and all their descendants but those in `apart` (the postmaster is a
 * child of the Node process that launched it), from /proc: RSS and PSS in kB, and how many processes.
 */
function treeMemory(pids: number[], apart: ReadonlySet<number> = new Set()) {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const tree = new Set(pids);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid) && !apart.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let rss = 0;
  let pss = 0;
  for (const pid of tree) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {}
  }
  return { rss, pss, processes: tree.size, pids: tree };
}

/** Wall time and peak RSS (GNU time, when installed) of one CLI run. */
function cli(args: string[]) {
  const command = [process.execPath, '--max-semi-space-size=8', join(root, 'src/cli.ts'), ...args];
  const hasTime = spawnSync('/usr/bin/time', ['--version'], { stdio: 'ignore' }).status === 0;
  const t0 = performance.now();
  const run = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'RSS %M', ...command], { env: { ...env, DATA_DIR: dataDir }, encoding: 'utf8' })
    : spawnSync(command[0]!, command.slice(1), { env: { ...env, DATA_DIR: dataDir }, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (run.status !== 0) throw new Error(`cassa ${args.join(' ')} failed:\n${run.stderr}`);
  const rssKb = Number(/RSS (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  return { wall, rssKb };
}

try {
  const load = loadavg().map((n) => n.toFixed(1));
  console.log(`load average ${load.join(' ')} on this machine; ${RUNS} runs each`);
  const port = await freePort();
  // Cold: initdb, migrations, the demo. Then warm starts on the same folder.
  const cold = await startServer(port);
  await stopServer(cold.child);
  line('first start (initdb, demo)', ms(cold.ms));

  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const cluster = await startCluster(clusterDir);
    bare.push(performance.now() - t0);
    await cluster.stop();
  }
  line('embedded PostgreSQL alone, warm', `${ms(median(bare))} (the ceiling)`);

  const warm: number[] = [];
  let running: Awaited<ReturnType<typeof startServer>> | undefined;
  for (let i = 0; i < RUNS; i++) {
    running = await startServer(port);
    warm.push(running.ms);
    if (i < RUNS - 1) await stopServer(running.child);
  }
  line('npm start to /ready, warm', ms(median(warm)), '< 5000 ms');

  // Twice: 3 s after /ready (start-up's connections still open), and at rest, once the pools' idle
  // time-out (10 s, db/database.ts) has closed the connections start-up opened.
  for (const [label, waitMs] of [
    ['3 s after start', 3000],
    ['at rest (35 s)', 32_000],
  ] as const) {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const postgres = treeMemory([postmasterPid(clusterDir)!]);
    const node = treeMemory([running!.child.pid!], postgres.pids);
    line(
      `server RSS ${label}`,
      `${mb(node.rss + postgres.rss)} (PSS ${mb(node.pss + postgres.pss)})`,
      '< 300 MB (Node + postgres)',
    );
    line(`  Node (${node.processes} processes)`, `${mb(node.rss)} (PSS ${mb(node.pss)})`);
    line(`  postgres (${postgres.processes} processes)`, `${mb(postgres.rss)} (PSS ${mb(postgres.pss)})`);
  }

  const list = Array.from({ length: RUNS }, () => cli(['entity', 'list', '--json']));
  line(
    'cassa entity list while running',
    `${ms(median(list.map((r) => r.wall)))}, RSS ${mb(median(list.map((r) => r.rssKb)))}`,
    '< 2000 ms',
  );
  const help = Array.from({ length: RUNS }, () => cli(['--help']));
  line(
    'cassa --help',
    `${ms(median(help.map((r) => r.wall)))}, RSS ${mb(median(help.map((r) => r.rssKb)))}`,
    '< 2000 ms',
  );
  await stopServer(running!.child);
} finally {
  await stopCluster(clusterDir);
  rmSync(work, { recursive: true, force: true });
}
