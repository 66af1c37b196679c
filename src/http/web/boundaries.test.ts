// The web kit is shared by every area, so it depends on none (design review §6.1): nothing under
// src/http/web imports a module, and identity (sign-in, sessions) imports nothing of the portal's.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(import.meta.dirname, '../..');

/** Every relative import of the .ts files under `folder`, as paths from src/. */
function importsUnder(folder: string): { file: string; target: string }[] {
  const found: { file: string; target: string }[] = [];
  for (const entry of readdirSync(join(SRC, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    for (const [, spec] of readFileSync(path, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      found.push({ file: relative(SRC, path), target: relative(SRC, resolve(dirname(path), spec!)) });
    }
  }
  return found;
}

describe('the web kit depends on no area', () => {
  it('src/http/web imports no module', () => {
    const imports = importsUnder('http/web');
    assert.ok(imports.length > 5, 'the files were read');
    assert.deepEqual(
      imports.filter((i) => i.target.startsWith('modules/')),
      [],
    );
  });

  it("identity imports nothing of the portal's", () => {
    const imports = importsUnder('modules/identity');
    assert.ok(
      imports.some((i) => i.target.startsWith('http/web/')),
      'the files were read',
    );
    assert.deepEqual(
      imports.filter((i) => i.target.startsWith('modules/portal/')),
      [],
    );
  });
});
