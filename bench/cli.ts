// npm run bench:cli -- [--runs 5]
// How long `cassa` takes to start and how much memory it holds, layer by layer: Node 24 doing nothing
// (the ceiling), src/cli.ts on Node 24 without and with the compile cache, bin/cassa.mjs started by
// the Node first on PATH (as `cassa` is: on an older Node it hands over to Node 24), `npm run cassa`
// and `npx cassa` (npm's own start on top). For `--help` and for `entity list --json` against
// DATABASE_URL (or, without it, a fresh embedded database in a temporary DATA_DIR). Wall time: median of --runs; peak RSS: the
// high-water marks of every process of the run added up (the launcher waits for Node 24), median.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { processTree } from './server-process.ts';

const GOAL_MS = 2000;
const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

const dataDir = mkdtempSync(join(tmpdir(), 'cassa-bench-cli-'));
const databaseUrl = process.env.DATABASE_URL;
// npm's variables from `npm run` would tell npx it runs inside a script: a user's shell has none.
const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
const base: NodeJS.ProcessEnv = { ...shell, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' };
// scripts/node24.mjs, which starts this benchmark, sets NODE_COMPILE_CACHE unless told otherwise.
// Node disables the cache when NODE_DISABLE_COMPILE_CACHE is set at all, even to an empty string.
const { NODE_DISABLE_COMPILE_CACHE: _disable, ...withCache } = base;
const { NODE_COMPILE_CACHE: _cache, ...rest } = base;
const withoutCache = { ...rest, NODE_DISABLE_COMPILE_CACHE: '1' };

interface Layer {
  label: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Compared with the goal: what a user types. */
  goal?: boolean;
}

function layers(cassaArgs: string[]): Layer[] {
  const cli = join(ROOT, 'src/cli.ts');
  return [
    {
      label: 'node24 src/cli.ts, no compile cache',
      command: process.execPath,
      args: [cli, ...cassaArgs],
      env: withoutCache,
    },
    { label: 'node24 src/cli.ts, compile cache', command: process.execPath, args: [cli, ...cassaArgs], env: withCache },
    {
      label: `${nodeOnPath()} bin/cassa.mjs (= cassa)`,
      command: 'node',
      args: [join(ROOT, 'bin/cassa.mjs'), ...cassaArgs],
      env: withCache,
      goal: true,
    },
    {
      label: 'npm run -s cassa --',
      command: 'npm',
      args: ['run', '-s', 'cassa', '--', ...cassaArgs],
      env: withCache,
      goal: true,
    },
    { label: 'npx cassa', command: 'npx', args: ['cassa', ...cassaArgs], env: withCache, goal: true },
  ];
}

function nodeOnPath(): string {
  const version = spawnSync('node', ['--version'], { encoding: 'utf8', env: shell }).stdout.trim();
  return `node ${version || '(none)'}`;
}

/** CPU seconds (user + system) of this process's ended children and theirs: /proc/self/stat cutime, cstime. */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Wall time and CPU time of one run, in ms: CPU time hardly changes with the load of a shared machine. */
function once(layer: Layer): { ms: number; cpuMs: number } {
  const cpu = childrenCpu();
  const started = performance.now();
  const result = spawnSync(layer.command, layer.args, {
    cwd: ROOT,
    env: layer.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${layer.label} failed (${result.status}): ${result.stderr}`);
  return { ms, cpuMs: (childrenCpu() - cpu) * 1000 };
}

/** The summed VmHWM of the run's processes, sampled until it ends (a separate run from the timed ones). */
async function peakRss(layer: Layer): Promise<number> {
  const child = spawn(layer.command, layer.args, { cwd: ROOT, env: layer.env, stdio: 'ignore' });
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of processTree(child.pid!)) {
      try {
        const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kb));
      } catch {
        // Ended between listing and reading.
      }
    }
  };
  const timer = setInterval(sample, 3);
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return [...peaks.values()].reduce((sum, kb) => sum + kb, 0) / 1024;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(layer: Layer) {
  once(layer); // warm-up: fills the compile cache and the file system cache
  const results = Array.from({ length: runs }, () => once(layer));
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) rss.push(await peakRss(layer));
  const ms = median(results.map((r) => r.ms));
  const min = Math.min(...results.map((r) => r.ms));
  const cpu = median(results.map((r) => r.cpuMs));
  const verdict = layer.goal ? (ms < GOAL_MS ? `  < ${GOAL_MS} ms ✓` : `  ≥ ${GOAL_MS} ms ✗`) : '';
  const figures = `${ms.toFixed(0).padStart(6)} ms (min ${min.toFixed(0).padStart(5)}, CPU ${cpu.toFixed(0).padStart(5)})`;
  console.log(`  ${layer.label.padEnd(40)} ${figures}  ${median(rss).toFixed(0).padStart(4)} MB${verdict}`);
}

try {
  console.log(
    `cassa start-up, ${runs} runs each: median wall time (min, median CPU user+system), peak RSS; goal < ${GOAL_MS} ms`,
  );
  console.log(
    `load average: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  console.log(`database: ${databaseUrl ? databaseUrl.replace(/\/\/[^@]*@/, '//…@') : `embedded, in ${dataDir}`}`);
  console.log('ceiling');
  await measure({ label: 'node24 -e 0', command: process.execPath, args: ['-e', '0'], env: base });
  console.log('cassa --help');
  for (const layer of layers(['--help'])) await measure(layer);
  // The first run migrates an empty database; the warm-up of the first layer takes it.
  console.log('cassa entity list --json');
  for (const layer of layers(['entity', 'list', '--json'])) await measure(layer);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
