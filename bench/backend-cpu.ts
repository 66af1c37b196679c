// CPU time the database's server processes spend for one database: every 200 ms the backends serving
// it are listed (pg_stat_activity) and their CPU time read from /proc, keeping each one's largest
// reading. CPU seconds, unlike wall-clock rates, change little when other work shares the machine, so
// they say where an import's cost goes even on a busy machine. Linux, and a server on this machine
// only; elsewhere the account is empty. Work of backends that live less than 200 ms is missed.
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) … utime(11) stime(12).
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface BackendCpu {
  /** CPU seconds of the backends of `database` seen so far. */
  seconds(): number;
  stop(): Promise<void>;
}

/** Starts sampling the backends of `database` through a superuser connection at `adminUrl`. */
export async function backendCpu(adminUrl: string, database: string): Promise<BackendCpu> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const own = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const peak = new Map<number, number>();
  // What backends alive at the start had spent already; backends seen later count from zero.
  const baseline = new Map<number, number>();
  let first = true;
  let stopped = false;
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
    for (const { pid } of rows) {
      if (pid === own) continue;
      const seconds = cpuSeconds(pid);
      if (seconds === undefined) continue;
      if (first) baseline.set(pid, seconds);
      peak.set(pid, Math.max(peak.get(pid) ?? 0, seconds));
    }
    first = false;
  };
  await sample();
  const loop = (async () => {
    while (!stopped) {
      await sample().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    seconds: () => [...peak].reduce((sum, [pid, seconds]) => sum + seconds - (baseline.get(pid) ?? 0), 0),
    stop: async () => {
      stopped = true;
      await loop;
      await sample().catch(() => {});
      await client.end();
    },
  };
}
