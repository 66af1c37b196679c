// `cassa audit verify` as a real process: exit code 0 and a summary on an intact log; exit code 1 and
// the first broken record (as JSON with --json) once a record has been changed behind Cassa's back.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { type CliData, cliData, runCassa } from './support/cli.ts';
import { ENTITY_A, ENTITY_B, testActor } from './support/context.ts';

let data: CliData;
before(async () => {
  data = await cliData('cassa-audit-cli-', async (services) => {
    const a = await services.entities.create(ENTITY_A, testActor);
    await services.entities.create(ENTITY_B, testActor);
    for (let i = 0; i < 3; i++) await services.apiKeys.create(a.fiscalCode, `k${i}`, testActor);
  });
});
after(async () => {
  await data?.close();
});

describe('cassa audit verify', () => {
  it('reports intact chains with exit code 0', () => {
    const all = runCassa(data, ['audit', 'verify']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /Audit chains intact: 5 records in 2 chain\(s\)/);
    const one = runCassa(data, ['audit', 'verify', '--entity', ENTITY_A.fiscalCode, '--json']);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(JSON.parse(one.stdout), { ok: true, chains: 1, records: 4, breaks: [] });
  });

  it('prints the chain heads, which verify --anchor then checks', () => {
    const heads = runCassa(data, ['audit', 'heads', '--json']);
    assert.equal(heads.code, 0, heads.stderr);
    const anchor = join(data.dataDir, 'anchor.json');
    writeFileSync(anchor, heads.stdout);
    assert.equal(JSON.parse(heads.stdout).chains.length, 2);
    const checked = runCassa(data, ['audit', 'verify', '--anchor', anchor]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    writeFileSync(anchor, '{"chains": [{"chain": "x"}]}');
    const bad = runCassa(data, ['audit', 'verify', '--anchor', anchor]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not the output of "cassa audit heads --json"/);
  });

  it('names the first changed record and exits with 1', async () => {
    const database = await openDatabase({ databaseUrl: data.ownerUrl });
    await database.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(trx);
      await sql`UPDATE audit_log SET actor = 'cli:someone-else' WHERE seq = 2 AND action = 'api_key.create'`.execute(
        trx,
      );
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(trx);
    });
    await database.close();

    const json = runCassa(data, ['audit', 'verify', '--json']);
    assert.equal(json.code, 1, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.ok, false);
    assert.equal(report.breaks.length, 1);
    assert.equal(report.breaks[0].kind, 'changed');
    assert.equal(report.breaks[0].seq, 2);
    const human = runCassa(data, ['audit', 'verify', '--entity', ENTITY_B.fiscalCode]);
    assert.equal(human.code, 0, "the other entity's chain is intact");
    const text = runCassa(data, ['audit', 'verify', '--entity', ENTITY_A.fiscalCode]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /BROKEN.*\n {2}chain [0-9a-f-]+: changed at record 2 \(audit id \d+\)/);
  });
});
