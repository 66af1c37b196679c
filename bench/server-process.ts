// Cassa as a user runs it, for the load benchmark: `node src/main.ts` in a child process of its own
// (so the load generator does not share its event loop), configured only through the environment,
// its output kept in a log file; and the peak RSS of that process and of any process it starts,
// sampled from /proc/<pid>/status (VmRSS).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  pid: number;
  base: string;
  logFile: string;
  /** The highest summed VmRSS seen since the last reset, in MiB. */
  peakRssMb(): number;
  resetPeak(): void;
  /** CPU time (user + system) used so far by the process and its children, in seconds. */
  cpuSeconds(): number;
  /** SIGTERM (graceful shutdown), SIGKILL after 20 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const ROOT = join(import.meta.dirname, '..');

/** The pid and every descendant of it (children of children too), read from /proc. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after it are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // The process ended while being read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kb / 1024;
}

/** User + system CPU of the processes, in seconds (/proc/<pid>/stat fields 14 and 15, in clock ticks of 1/100 s). */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone.
    }
  }
  return ticks / 100;
}

/** Starts `src/main.ts` with `env` added to this environment; resolves once it listens. */
export async function startServer(options: {
  port: number;
  env: Record<string, string>;
  logFile: string;
}): Promise<ServerProcess> {
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, [join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.pipe(log, { end: false });
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (line.includes('Cassa is running')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`Cassa exited with ${code} before listening; see ${options.logFile}`)),
    );
  });
  await ready;
  const pid = child.pid!;
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, rssMb(processTree(pid)));
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    pid,
    base: `http://127.0.0.1:${options.port}`,
    logFile: options.logFile,
    peakRssMb: () => {
      sample();
      return peak;
    },
    cpuSeconds: () => cpuSeconds(processTree(pid)),
    resetPeak: () => {
      peak = 0;
      sample();
    },
    stop: async () => {
      clearInterval(timer);
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code] = (await exited) as [number | null];
      clearTimeout(kill);
      log.end();
      return code;
    },
  };
}
