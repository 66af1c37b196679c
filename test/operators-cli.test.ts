// `cassa operator …` as a real process on a fresh database (ADR 0033): create prints a one-time link
// that works, list shows operators and roles, disable ends an operator's sign-in; the start-up link
// for the first administrator is printed only while no operator exists.
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { firstAdministratorAtStart } from '../src/modules/operators/operators-start.ts';
import { createServices } from '../src/services.ts';
import { type CliData, cliData, runCassa } from './support/cli.ts';
import { ENTITY_A, testActor } from './support/context.ts';

let data: CliData;
before(async () => {
  data = await cliData('cassa-operators-', async (services) => {
    await services.entities.create(ENTITY_A, testActor);
  });
});
after(async () => {
  await data.close();
});

const env = { PUBLIC_URL: 'https://cassa.comune.example.it' };
const cassa = (...args: string[]) => runCassa(data, args, env);
const json = (...args: string[]) => {
  const r = cassa(...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};

async function withServices<T>(fn: (services: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: data.databaseUrl, poolSize: 2 });
  try {
    return await fn(
      createServices(database, { config: { importMaxBytes: 1, importMaxRows: 1, publicUrl: env.PUBLIC_URL } }),
    );
  } finally {
    await database.close();
  }
}

describe('cassa operator', () => {
  it('prints the first administrator’s link at start-up while no operator exists', async () => {
    const logged: string[] = [];
    const lines = await withServices((s) =>
      firstAdministratorAtStart(s.operators.invitations, { log: (m) => logged.push(m) }),
    );
    assert.match(lines.join('\n'), /https:\/\/cassa\.comune\.example\.it\/console\/invito\/[A-Za-z0-9_-]{43}/);
    assert.equal(logged.length, 1);
    assert.doesNotMatch(logged[0]!, /invito/, 'the link is not in the structured log');
  });

  it('creates an operator of an entity and prints a link that sets their password', async () => {
    const created = json(
      'operator',
      'create',
      '--entity',
      ENTITY_A.fiscalCode,
      '--email',
      'Mario.Rossi@Comune.example.it',
      '--name',
      'Mario Rossi',
      '--role',
      'operator',
      '--role',
      'help-desk',
    );
    assert.equal(created.operator.email, 'mario.rossi@comune.example.it');
    assert.deepEqual(created.operator.roles.map((r: { builtin: string }) => r.builtin).sort(), [
      'help-desk',
      'operator',
    ]);
    const token = new URL(created.invitation.url).pathname.replace('/console/invito/', '');
    const started = await withServices((s) =>
      s.operators.invitations.accept(token, { password: 'tramonto sul Po 1987' }, {}),
    );
    assert.equal(started.session.stage, 'enrol');
    const records = await withServices((s) =>
      s.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('subject_id', '=', created.operator.id)
        .orderBy('seq')
        .execute(),
    );
    assert.deepEqual(records[0], { action: 'operator.create', actor: `cli:${userInfo().username}` });
  });

  it('creates an installation administrator, by default with the administrator role', () => {
    const r = cassa('operator', 'create', '--installation', '--email', 'root@example.it', '--name', 'Root');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created operator root@example\.it \(administrator\)/);
    assert.match(r.stdout, /https:\/\/cassa\.comune\.example\.it\/console\/invito\//);
  });

  it('refuses a missing scope, a duplicate and an unknown role with a message', () => {
    const noScope = cassa('operator', 'create', '--email', 'x@example.it', '--name', 'X');
    assert.equal(noScope.code, 2);
    assert.match(noScope.stderr, /--entity CF .* or --installation/);
    const duplicate = cassa(
      'operator',
      'create',
      '--entity',
      ENTITY_A.fiscalCode,
      '--email',
      'MARIO.ROSSI@comune.example.it',
      '--name',
      'Again',
    );
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /exists here already/);
    const role = cassa(
      'operator',
      'create',
      '--installation',
      '--email',
      'y@example.it',
      '--name',
      'Y',
      '--role',
      'boss',
    );
    assert.equal(role.code, 1);
    assert.match(role.stderr, /no role "boss"/);
  });

  it('lists operators, all or by scope', () => {
    assert.equal(json('operator', 'list').length, 2);
    assert.deepEqual(
      json('operator', 'list', '--entity', ENTITY_A.fiscalCode).map((o: { email: string }) => o.email),
      ['mario.rossi@comune.example.it'],
    );
    const human = cassa('operator', 'list');
    assert.match(human.stdout, /root@example\.it\s+Root\s+\(installation\)\s+administrator\s+active\s+no/);
    assert.match(
      human.stdout,
      new RegExp(`mario\\.rossi@comune\\.example\\.it\\s+Mario Rossi\\s+${ENTITY_A.fiscalCode}`),
    );
  });

  it('disables and enables an operator', async () => {
    const disabled = json('operator', 'disable', 'mario.rossi@comune.example.it', '--entity', ENTITY_A.fiscalCode);
    assert.equal(disabled.status, 'disabled');
    await assert.rejects(
      withServices((s) =>
        s.operators.signIn.password(
          { entityId: disabled.entityId, email: 'mario.rossi@comune.example.it', password: 'tramonto sul Po 1987' },
          {},
        ),
      ),
      { code: 'SIGN_IN_FAILED' },
    );
    assert.equal(
      json('operator', 'enable', 'mario.rossi@comune.example.it', '--entity', ENTITY_A.fiscalCode).status,
      'active',
    );
    const unknown = cassa('operator', 'disable', 'nobody@example.it', '--installation');
    assert.equal(unknown.code, 1);
  });
});
