// `npm test`: every unit test (src/**/*.test.ts) and scenario (test/**/*.test.ts) with node:test.
// Runs on PGlite, or on PostgreSQL when DATABASE_URL is set (each test file gets a fresh database).
// Extra arguments select files: npm test -- test/positions-api.test.ts
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const args = process.argv.slice(2);
const files = args.length > 0 ? args : ['src/**/*.test.ts', 'test/**/*.test.ts'];
const concurrency = Math.max(2, availableParallelism());
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
  env: { ...process.env, TZ: process.env.TZ ?? 'UTC' },
});
process.exit(result.status ?? 1);
