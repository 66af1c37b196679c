// `src/main.ts` as a real process, for the tests that need one (shutdown, two processes, the embedded
// server shared with the CLI, the first start's admin credential): started on a free port with the
// environment given (DATABASE_URL only when given), its output kept, ready once it says it runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './server.ts';

const root = join(import.meta.dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface MainProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (or the signal given), then its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL unless it has exited: for the tests' clean-up. */
  kill(): void;
}

export interface StartMain {
  /** Variables on top of the test's environment (without its DATABASE_URL); undefined removes one. */
  env: Record<string, string | undefined>;
  /** The command; `src/main.ts` under the running Node by default. */
  command?: readonly string[];
  /** How long to wait for the start-up banner (default 60 s). */
  timeoutMs?: number;
}

/** Starts Cassa and resolves once it printed "Cassa is running" (throws with its output if it exits first). */
export async function startMain(o: StartMain): Promise<MainProcess> {
  const port = await freePort();
  const { DATABASE_URL: _, CASSA_TEST_DATABASE_URL: __, ...inherited } = process.env;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...inherited, PORT: String(port), HOST: '127.0.0.1', ...o.env })) {
    if (value !== undefined) env[name] = value;
  }
  const [command, ...args] = o.command ?? [process.execPath, join(root, 'src/main.ts')];
  const child = spawn(command!, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  while (!output.includes('Cassa is running')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      kill();
      throw new Error(`Cassa did not start:\n${output}`);
    }
    await sleep(50);
  }
  // The banner is one write; give it a moment to arrive whole.
  await sleep(100);
  return {
    child,
    port,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return exited;
    },
    kill,
  };
}
