// The console is an area beside the portal: it shares the web kit, not the portal's files, and uses
// other modules through their services only (never their .db.ts files).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('the console’s dependencies', () => {
  it('imports nothing of the portal and no other module’s database file', () => {
    const imports = readdirSync(import.meta.dirname)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        [...readFileSync(join(import.meta.dirname, name), 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => m[1]!),
      );
    assert.ok(imports.length > 10, 'the files were read');
    assert.deepEqual(
      imports.filter((spec) => spec.includes('/portal/') || spec.endsWith('.db.ts')),
      [],
    );
  });
});
