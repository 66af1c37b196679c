#!/usr/bin/env node
// Runs a TypeScript entry point with Node.js 24 or newer (see handover.mjs): the npm scripts'
// launcher. Leading --flags are Node's own (e.g. --max-semi-space-size=8), then the entry point
// and its arguments.
import { handOver } from './handover.mjs';

const argv = process.argv.slice(2);
const flags = [];
while (argv[0]?.startsWith('--')) flags.push(argv.shift());
const [entry, ...args] = argv;
handOver(flags, entry, args);
