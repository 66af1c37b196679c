#!/usr/bin/env node
// The `cassa` command: runs src/cli.ts on Node 24 (see scripts/node24.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// A small young generation keeps a long import's memory flat (measured with npm run bench:import).
const NODE_FLAGS = ['--max-semi-space-size=8'];
const result = spawnSync(
  process.execPath,
  [join(root, 'scripts/node24.mjs'), ...NODE_FLAGS, 'src/cli.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
