// Test support: libxml2 (`xmllint --schema`) as the reference validator our XSD validator is checked
// against. Every document of a batch is validated in one xmllint run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** libxml2's verdict for each document (true = valid), in order. */
export function xmllintVerdicts(schemaPath: string, documents: readonly string[]): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'cassa-xsd-'));
  try {
    const files = documents.map((text, i) => {
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, text);
      return file;
    });
    const run = spawnSync('xmllint', ['--noout', '--schema', schemaPath, ...files], { encoding: 'utf8' });
    if (run.error) throw run.error;
    return files.map((file) => {
      if (run.stderr.includes(`${file} validates\n`)) return true;
      if (run.stderr.includes(`${file} fails to validate\n`)) return false;
      throw new Error(`xmllint gave no verdict for document ${file}:\n${run.stderr.slice(0, 2000)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
