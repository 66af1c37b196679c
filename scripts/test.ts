// `npm test`: every unit test (src/**/*.test.ts) and scenario (test/**/*.test.ts) with node:test.
// Runs on PostgreSQL: the server DATABASE_URL names, or else one embedded server (src/db/embedded.ts)
// started in a temporary folder for the run and stopped at its end, also after a failure or Ctrl-C.
// Each test file gets a fresh database there (test/support/db.ts).
// Extra arguments select files: npm test -- test/positions-api.test.ts
// CASSA_TEST_CONCURRENCY=n runs n files at once. CASSA_TEST_SKIP_BROWSER=1 leaves out the browser tests (test/*-browser.test.ts): they check pages,
// the same on any database, so CI runs them on its embedded pass and not again on PostgreSQL.
//
// The document tests read PDFs back with Debian tools (poppler-utils, zbar-tools, dmtx-utils,
// libxml2-utils); the portal's browser tests drive Debian's chromium; the reverse-proxy test runs
// Debian's nginx in front of Cassa. A missing one is installed with apt-get when this runs as root;
// otherwise the run stops and names the packages to install.
import { spawn, spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ensureTestServer } from '../test/support/test-server.ts';

const TOOLS: [command: string, debianPackage: string][] = [
  ['pdftotext', 'poppler-utils'],
  ['pdftoppm', 'poppler-utils'],
  ['pdfinfo', 'poppler-utils'],
  ['zbarimg', 'zbar-tools'],
  ['dmtxread', 'dmtx-utils'],
  ['xmllint', 'libxml2-utils'],
  ['chromium', 'chromium'],
  ['nginx', 'nginx'],
];

function ensureTools(): void {
  // /usr/sbin (nginx) is not on every user's PATH.
  const has = (command: string) =>
    spawnSync('sh', ['-c', `command -v ${command} || test -x /usr/sbin/${command}`], { stdio: 'ignore' }).status === 0;
  const missing = [...new Set(TOOLS.filter(([command]) => !has(command)).map(([, pkg]) => pkg))];
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && has('apt-get')) {
    process.stderr.write(`npm test: installing ${missing.join(', ')} with apt-get\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env }).status;
    if (install() === 0) return;
    if (spawnSync('apt-get', ['update'], { stdio: 'inherit', env }).status === 0 && install() === 0) return;
  }
  process.stderr.write(`npm test: missing tools; install them first: sudo apt-get install -y ${missing.join(' ')}\n`);
  process.exit(1);
}

ensureTools();
const args = process.argv.slice(2);
const ALL = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const skipBrowser = process.env.CASSA_TEST_SKIP_BROWSER === '1';
const files =
  args.length > 0 ? args : skipBrowser ? globSync(ALL).filter((file) => !file.endsWith('-browser.test.ts')) : ALL;
if (skipBrowser && args.length === 0) {
  process.stderr.write('npm test: CASSA_TEST_SKIP_BROWSER=1, the browser tests (*-browser.test.ts) are left out\n');
}
// One file more than the machine has CPUs: many tests wait on a child process, a browser or a timer
// (CI on 2 CPUs: 3 files at once took a fifth less time than 2). CASSA_TEST_CONCURRENCY overrides.
const concurrency = Number(process.env.CASSA_TEST_CONCURRENCY) || Math.max(3, availableParallelism() + 1);
const stopServer = await ensureTestServer({ maxConnections: 40 * concurrency });
const env: NodeJS.ProcessEnv = { ...process.env, TZ: process.env.TZ ?? 'UTC' };
const tests = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], {
  stdio: 'inherit',
  env,
});
// Ctrl-C reaches the test runner too (same terminal): wait for it to end, then clean up.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => tests.kill(signal));
const code = await new Promise<number>((resolve) => tests.on('exit', (status) => resolve(status ?? 1)));
await stopServer();
process.exit(code);
