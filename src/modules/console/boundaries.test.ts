// The console is an area beside the portal: it shares the web kit, not the portal's files, and uses
// other modules through their services (never their .db.ts files' functions; their row types may be
// named). Its own read-only reporting queries (dashboard, positions search, timeline) are its db files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = import.meta.dirname;

/** Every import of the console's source files (test files excepted): file, specifier, type-only. */
function consoleImports() {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
  );
  return files.flatMap((name) =>
    [...readFileSync(join(root, name), 'utf8').matchAll(/^import (type )?[^;]*? from '(\.[^']+)'/gms)].map((m) => ({
      file: name,
      spec: m[2]!,
      typeOnly: m[1] !== undefined,
      target: resolve(join(root, name, '..'), m[2]!),
    })),
  );
}

describe('the console’s dependencies', () => {
  it('imports nothing of the portal and no other module’s database functions', () => {
    const imports = consoleImports();
    assert.ok(imports.length > 50, 'the files were read, subfolders too');
    const outside = (target: string) => !target.startsWith(`${root}/`);
    assert.deepEqual(
      imports
        .filter((i) => i.spec.includes('/portal/') || (i.spec.endsWith('.db.ts') && outside(i.target) && !i.typeOnly))
        .map((i) => `${i.file}: ${i.spec}`),
      [],
    );
  });
});
