#!/usr/bin/env node
// The `cassa` command: runs src/cli.ts on Node 24. It hands over directly (scripts/handover.mjs),
// not through scripts/node24.mjs: one Node process fewer to start between the shell and the command.
import { handOver } from '../scripts/handover.mjs';

// A small young generation keeps a long import's memory flat (measured with npm run bench:import).
handOver(['--max-semi-space-size=8'], 'src/cli.ts', process.argv.slice(2));
