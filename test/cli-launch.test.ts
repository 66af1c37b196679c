// Starting `cassa`: --help lists every command of every module without loading the database, the
// services or any package (what keeps a command's start under a second); an unknown command fails
// with exit code 2; and bin/cassa.mjs on the machine's older Node hands over to Node 24 without
// npm's EBADENGINE warning (package.json "engines" names the launchers' Node, see scripts/handover.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { globSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Command } from '../src/cli/runtime.ts';

const root = join(import.meta.dirname, '..');
const temp = mkdtempSync(join(tmpdir(), 'cassa-launch-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const cli = (args: string[], nodeArgs: string[] = []) =>
  spawnSync(process.execPath, [...nodeArgs, join(root, 'src/cli.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: temp },
  });

/** The name of every command exported by a module's *.cli.ts file. */
async function moduleCommands(): Promise<string[]> {
  const names: string[] = [];
  for (const file of globSync('src/modules/**/*.cli.ts', { cwd: root })) {
    const exports = (await import(pathToFileURL(join(root, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (!Array.isArray(value)) continue;
      for (const command of value as Command[]) if (typeof command.run === 'function') names.push(command.name);
    }
  }
  return names;
}

describe('cassa --help and unknown commands', () => {
  it('--help lists every command of every module, and the db commands', async () => {
    const names = await moduleCommands();
    assert.ok(names.length >= 25, `found only ${names.length} commands`);
    const help = cli(['--help']);
    assert.equal(help.status, 0, help.stderr);
    const listed = new Set(help.stdout.split('\n').map((line) => line.trim().split(/\s{2,}/)[0]));
    for (const name of [...names, 'db migrate', 'db grant']) assert.ok(listed.has(name), `--help lacks "${name}"`);
  });

  it('--help loads no package and no service: only the command files', () => {
    // A hook that lists every module Node loads, written to a file when the process exits.
    const log = join(temp, 'loaded.txt');
    const hook = join(temp, 'hook.mjs');
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module'; import { writeFileSync } from 'node:fs';
       const urls = []; registerHooks({ load(url, context, next) { urls.push(url); return next(url, context); } });
       process.on('exit', () => writeFileSync(${JSON.stringify(log)}, urls.join('\\n')));`,
    );
    const help = cli(['--help'], ['--import', pathToFileURL(hook).href]);
    assert.equal(help.status, 0, help.stderr);
    const loaded = spawnSync('cat', [log], { encoding: 'utf8' }).stdout.split('\n');
    assert.ok(
      loaded.some((url) => url.endsWith('/src/cli.ts')),
      'the hook saw the entry point',
    );
    assert.deepEqual(
      loaded.filter((url) => url.includes('/node_modules/') || /\/src\/(services|db\/database)\.ts$/.test(url)),
      [],
    );
  });

  it('refuses an unknown command with exit code 2, naming it, and the list of commands on stderr', () => {
    const unknown = cli(['nonsense', 'here']);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /unknown command "nonsense here"/);
    assert.match(unknown.stderr, /entity list/);
    // Without any argument: the list of commands, and exit code 2 as for a usage error.
    assert.equal(cli([]).status, 2);
  });
});

/** The first Node on PATH older than 24 (not the one in .tools/), or undefined. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('.tools') || dir.includes('node_modules')) continue;
    const node = join(dir, 'node');
    const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (version.status === 0 && Number(version.stdout.split('.')[0]) < 24) return node;
  }
  return undefined;
}

describe('cassa on the machine’s older Node', () => {
  const node = olderNode();
  // A user's shell: the older Node first on PATH, no npm_* variables of the `npm test` that runs this.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  const shell = { ...env, PATH: [dirname(node ?? ''), env.PATH].join(delimiter), DATABASE_URL: '', DATA_DIR: temp };

  it('bin/cassa.mjs hands over to Node 24: the commands, nothing on stderr', {
    skip: !node && 'no Node < 24 on PATH',
  }, () => {
    const run = spawnSync(node!, [join(root, 'bin/cassa.mjs'), '--help'], { encoding: 'utf8', env: shell });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /entity list/);
    assert.equal(spawnSync(node!, [join(root, 'bin/cassa.mjs'), 'nonsense'], { env: shell }).status, 2);
  });

  it('npx cassa, installing the package afresh into an empty npm cache, prints no EBADENGINE', {
    skip: !node && 'no Node < 24 on PATH',
  }, () => {
    // A fresh cache makes npx link the package again: that install is where npm checks "engines".
    const cache = join(temp, 'npm-cache');
    const run = spawnSync('npx', ['--yes', 'cassa', '--help'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...shell, npm_config_cache: cache, npm_config_update_notifier: 'false' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /EBADENGINE/);
    assert.match(run.stdout, /entity list/);
  });
});
