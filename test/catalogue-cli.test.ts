// `cassa services`, run as a real process against a fresh database (support/cli.ts):
// a service added from a JSON file, listed, shown, updated and retired; a bad definition refused
// on stderr with every problem, and nothing written.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { canteenService, certificateService } from './support/catalogue.ts';
import { type CliData, cliData, runCassa } from './support/cli.ts';
import { ENTITY_A, testActor } from './support/context.ts';

let data: CliData;

before(async () => {
  data = await cliData('cassa-services-cli-', async (services) => {
    await services.entities.create(ENTITY_A, testActor);
  });
});
after(async () => {
  await data?.close();
});

const cassa = (...args: string[]) => runCassa(data, args);
const json = (...args: string[]) => {
  const r = cassa(...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const file = (name: string, content: unknown) => {
  const path = join(data.dataDir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const entity = ['--entity', ENTITY_A.fiscalCode];

describe('cassa services', () => {
  it('adds from a JSON file, lists, shows, updates and retires', () => {
    const added = json('services', 'add', ...entity, '--file', file('canteen.json', canteenService()));
    assert.match(added.id, /^[0-9a-f-]{36}$/);
    assert.equal(added.title, 'Mensa scolastica - ricarica');
    assert.equal(added.portalUrl, `/e/${ENTITY_A.fiscalCode}/servizi/${added.id}`);
    const human = cassa('services', 'add', ...entity, '--file', file('certificate.json', certificateService()));
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Added Certificato anagrafico \(/);
    assert.match(human.stdout, /amount: {5}16\.00 EUR/);

    const list = json('services', 'list', ...entity);
    assert.deepEqual(
      list.map((s: { title: string }) => s.title),
      ['Mensa scolastica - ricarica', 'Certificato anagrafico'],
    );
    const table = cassa('services', 'list', ...entity);
    assert.match(table.stdout, /ID\s+TITLE\s+AMOUNT\s+POSITIONS\s+STATE/);
    assert.match(table.stdout, /5\.00 EUR - 200\.00 EUR\s+0\s+offered/);

    const shown = cassa('services', 'show', ...entity, added.id);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /fields: {5}alunno \(text, required\), tessera \(text\), pasti \(number, required\)/);
    assert.match(shown.stdout, /remittance: Mensa \{alunno\} - \{scuola\}/);

    const updated = json(
      'services',
      'update',
      ...entity,
      added.id,
      '--file',
      file('canteen-2.json', { ...canteenService(), dueInDays: 60 }),
    );
    assert.equal(updated.version, 2);
    assert.equal(updated.dueInDays, 60);

    const retired = json('services', 'retire', ...entity, added.id);
    assert.ok(retired.retiredAt);
    assert.equal(json('services', 'list', ...entity).length, 1);
    assert.equal(json('services', 'list', ...entity, '--all').length, 2);
  });

  it('refuses a bad definition with each problem on stderr, and writes nothing', () => {
    const before = json('services', 'list', ...entity, '--all').length;
    const bad = {
      ...canteenService(),
      amount: { type: 'range', minCents: 900, maxCents: 100 },
      accounting: { ...canteenService().accounting, iban: 'IT13L0306909606100000012345' },
    };
    const refused = cassa('services', 'add', ...entity, '--file', file('bad.json', bad));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /amount\.maxCents: must be greater than minCents/);
    assert.match(refused.stderr, /accounting\.iban: is not one of the entity's registered IBANs/);
    const shape = cassa('services', 'add', ...entity, '--file', file('shape.json', { title: 'x', extra: 1 }), '--json');
    assert.equal(shape.code, 1);
    const problem = JSON.parse(shape.stderr);
    assert.equal(problem.error, 'VALIDATION_FAILED');
    assert.ok(problem.errors.some((e: { path: string }) => e.path === 'extra'));
    assert.ok(problem.errors.some((e: { path: string }) => e.path === 'accounting'));
    const notJson = cassa('services', 'add', ...entity, '--file', file('broken.json', '{'));
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /cannot read .* as JSON/);
    assert.equal(cassa('services', 'add', '--file', file('ok.json', certificateService())).code, 2, '--entity needed');
    const unknown = cassa('services', 'show', ...entity, '01234567-89ab-7def-8123-456789abcdef');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /does not exist/);
    assert.equal(json('services', 'list', ...entity, '--all').length, before);
  });
});
