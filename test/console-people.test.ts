// The console's operators, roles and audit log pages over app.inject: an invitation whose link works,
// a role change that holds from the operator's next request, disabling that ends their sessions, a
// role limited to one catalogue service, an administrator who may not take away their own
// administration, a stale session sent to confirm who they are, and the audit log's filters and CSV
// export read back against SQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { servicesOf } from '../src/shared/principal.ts';
import { canteenService, certificateService } from './support/catalogue.ts';
import { postForm, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
let other: Entity;
let admin: SignedInOperator;
let root: string;
const FRESH_MINUTES = 6;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  other = await ctx.services.entities.create(ENTITY_B, testActor);
  admin = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'capo@comune.example.it',
    roles: ['administrator'],
  });
  root = `/console/e/${entity.fiscalCode}`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;
const get = (who: Pick<SignedInOperator, 'cookie'>, url: string) =>
  ctx.app.inject({ url, headers: { cookie: who.cookie } });
/** The operator's proof of identity is recent again (as after /console/conferma). */
const freshen = (who: SignedInOperator) =>
  db()
    .updateTable('operator_sessions')
    .set({ reauthenticated_at: ctx.clock.now() })
    .where('operator_id', '=', who.operatorId)
    .where('ended_at', 'is', null)
    .execute();
const roleIdOf = async (key: string) =>
  (await ctx.services.operators.roles.list(entity.id)).find((r) => r.builtin === key)!.id;

describe('operators', () => {
  it('invites an operator: the link is shown once and opens the invitation page; the act is audited', async () => {
    await freshen(admin);
    const res = await postForm(ctx.app, admin, `${root}/operatori/invita`, {
      email: 'Nuova@Comune.example.it',
      displayName: 'Nora Nuova',
      [`ruolo_${await roleIdOf('help-desk')}`]: '1',
    });
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    const link = /id="link" value="([^"]+)"/.exec(res.body)?.[1];
    assert.ok(link?.includes('/console/invito/'), 'the link is on the page');
    const page = await ctx.app.inject({ url: new URL(link!).pathname });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('nuova@comune.example.it'));
    const created = await ctx.services.operators.accounts.byEmail(entity.id, 'nuova@comune.example.it');
    assert.deepEqual(
      created.roles.map((r) => r.builtin),
      ['help-desk'],
    );
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'in', ['operator.create', 'operator_invitation.create'])
      .where('actor', '=', `operator:${admin.operatorId}`)
      .execute();
    assert.equal(audit.length, 2);
    const list = await get(admin, `${root}/operatori`);
    assert.ok(list.body.includes('Nora Nuova') && list.body.includes('invitato'), 'listed as invited');
  });

  it('gives an invited operator a new link, and none to one who chose a password', async () => {
    const invited = await ctx.services.operators.accounts.byEmail(entity.id, 'nuova@comune.example.it');
    await freshen(admin);
    const res = await postForm(ctx.app, admin, `${root}/operatori/${invited.id}/invito`);
    assert.equal(res.statusCode, 200);
    const link = /id="link" value="([^"]+)"/.exec(res.body)?.[1];
    assert.equal((await ctx.app.inject({ url: new URL(link!).pathname })).statusCode, 200);
    const active = await postForm(ctx.app, admin, `${root}/operatori/${admin.operatorId}/invito`);
    assert.equal(active.statusCode, 409);
    const links = await db()
      .selectFrom('operator_invitations')
      .select('id')
      .where('operator_id', '=', admin.operatorId)
      .execute();
    assert.equal(links.length, 1, 'only the one of the fixture');
  });

  it('refuses an e-mail in use and a bad form, creating nothing', async () => {
    await freshen(admin);
    const count = async () => (await ctx.services.operators.accounts.list(entity.id)).length;
    const before = await count();
    const bad = await postForm(ctx.app, admin, `${root}/operatori/invita`, { email: 'nope', displayName: '' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('id="error-summary"'));
    const taken = await postForm(ctx.app, admin, `${root}/operatori/invita`, {
      email: 'capo@comune.example.it',
      displayName: 'X',
    });
    assert.equal(taken.statusCode, 409);
    assert.equal(await count(), before);
  });

  it('a role change holds from the operator’s next request', async () => {
    const clerk = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'sportello@comune.example.it',
      roles: ['help-desk'],
    });
    assert.equal((await get(clerk, `${root}/registro`)).statusCode, 403);
    await freshen(admin);
    const res = await postForm(ctx.app, admin, `${root}/operatori/${clerk.operatorId}/ruoli`, {
      [`ruolo_${await roleIdOf('auditor')}`]: '1',
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await get(clerk, `${root}/registro`)).statusCode, 200);
    const record = await db()
      .selectFrom('audit_log')
      .select(['before', 'after', 'actor'])
      .where('action', '=', 'operator.set_roles')
      .where('subject_id', '=', clerk.operatorId)
      .executeTakeFirstOrThrow();
    assert.equal(record.actor, `operator:${admin.operatorId}`);
    assert.deepEqual(JSON.parse(record.after!), { roles: ['auditor'] });
  });

  it('disabling ends the operator’s sessions at once; enabling lets them sign in again', async () => {
    const clerk = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'fine@comune.example.it',
      roles: ['operator'],
    });
    assert.equal((await get(clerk, '/console')).statusCode, 200);
    const res = await postForm(ctx.app, admin, `${root}/operatori/${clerk.operatorId}/stato`, { stato: 'disabled' });
    assert.equal(res.statusCode, 303);
    const after = await get(clerk, '/console');
    assert.equal(after.headers.location, '/console/accedi');
    const open = await db()
      .selectFrom('operator_sessions')
      .select('id')
      .where('operator_id', '=', clerk.operatorId)
      .where('ended_at', 'is', null)
      .execute();
    assert.equal(open.length, 0);
    const list = await get(admin, `${root}/operatori`);
    assert.ok(list.body.includes('disattivato'));
    const back = await postForm(ctx.app, admin, `${root}/operatori/${clerk.operatorId}/stato`, { stato: 'active' });
    assert.equal(back.statusCode, 303);
    assert.equal((await ctx.services.operators.accounts.get(clerk.operatorId)).status, 'active');
  });

  it('an administrator may not disable themselves nor drop their own last role managing operators', async () => {
    await freshen(admin);
    const own = await postForm(ctx.app, admin, `${root}/operatori/${admin.operatorId}/ruoli`, {
      [`ruolo_${await roleIdOf('auditor')}`]: '1',
    });
    assert.equal(own.statusCode, 409);
    assert.ok(own.body.includes('ultimo ruolo che gestisce gli operatori'));
    const self = await postForm(ctx.app, admin, `${root}/operatori/${admin.operatorId}/stato`, { stato: 'disabled' });
    assert.equal(self.statusCode, 409);
    const me = await ctx.services.operators.accounts.get(admin.operatorId);
    assert.equal(me.status, 'active');
    assert.deepEqual(
      me.roles.map((r) => r.builtin),
      ['administrator'],
    );
    // Adding a role to oneself is fine.
    const more = await postForm(ctx.app, admin, `${root}/operatori/${admin.operatorId}/ruoli`, {
      [`ruolo_${await roleIdOf('administrator')}`]: '1',
      [`ruolo_${await roleIdOf('auditor')}`]: '1',
    });
    assert.equal(more.statusCode, 303, more.body.match(/error-summary[\s\S]{0,600}/)?.[0]);
  });

  it('another entity’s operator is the same 404 as a missing one', async () => {
    const stranger = await ctx.services.operators.accounts.create(
      { entityId: other.id, email: 'altro@altrove.example.it', displayName: 'Altro', roles: ['administrator'] },
      testActor,
    );
    await freshen(admin);
    const theirs = await get(admin, `${root}/operatori/${stranger.id}/ruoli`);
    const missing = await get(admin, `${root}/operatori/01900000-0000-7000-8000-000000000000/ruoli`);
    assert.equal(theirs.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    const refused = await postForm(ctx.app, admin, `${root}/operatori/${stranger.id}/stato`, { stato: 'disabled' });
    assert.equal(refused.statusCode, 404);
    assert.equal((await ctx.services.operators.accounts.get(stranger.id)).status, 'active');
  });

  it('a stale session is sent to confirm who it is, and the act is not done', async () => {
    ctx.clock.advance(FRESH_MINUTES * 60_000);
    const form = await get(admin, `${root}/operatori/invita`);
    assert.equal(form.statusCode, 303);
    assert.equal(form.headers.location, `/console/conferma?dopo=${encodeURIComponent(`${root}/operatori/invita`)}`);
    const res = await postForm(ctx.app, admin, `${root}/operatori/invita`, {
      email: 'tardi@comune.example.it',
      displayName: 'Tardi',
    });
    assert.equal(res.statusCode, 303);
    assert.ok(String(res.headers.location).startsWith('/console/conferma?dopo='));
    await assert.rejects(ctx.services.operators.accounts.byEmail(entity.id, 'tardi@comune.example.it'));
  });
});

describe('roles', () => {
  it('lists the shipped roles in Italian with their grants in words', async () => {
    const res = await get(admin, `${root}/operatori/ruoli`);
    assert.equal(res.statusCode, 200);
    for (const name of [
      'Amministratore',
      'Ufficio ragioneria',
      'Sportello assistenza',
      'Revisore (sola consultazione)',
    ]) {
      assert.ok(res.body.includes(name), name);
    }
    assert.ok(res.body.includes('Posizioni debitorie: modifica'));
    const en = await get(admin, `${root}/operatori/ruoli?lang=en`);
    assert.ok(en.body.includes('Finance office'));
  });

  it('a role limited to one catalogue service gives its operator only that service', async () => {
    const canteen = await ctx.services.catalogue.create(entity, canteenService(), testActor);
    await ctx.services.catalogue.create(entity, certificateService(), testActor);
    await freshen(admin);
    const made = await postForm(ctx.app, admin, `${root}/operatori/ruoli/nuovo`, {
      name: 'Mensa',
      area_positions: 'write',
      area_payments: 'read',
      [`servizio_${canteen.id}`]: '1',
    });
    assert.equal(made.statusCode, 303, made.body.slice(0, 400));
    const role = (await ctx.services.operators.roles.list(entity.id)).find((r) => r.name === 'Mensa')!;
    assert.deepEqual(role.services, [canteen.id]);
    const cook = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'mensa@comune.example.it',
      roles: ['Mensa'],
    });
    const token = /__Host-cassa-console=([^;]+)/.exec(cook.cookie)![1];
    const { principal } = (await ctx.services.operators.sessions.resolve(token))!;
    assert.deepEqual(servicesOf(principal, entity.id, 'positions', 'write'), [canteen.id]);
    assert.deepEqual(servicesOf(principal, entity.id, 'catalogue', 'read'), []);
    const list = await get(admin, `${root}/operatori/ruoli`);
    assert.ok(list.body.includes(canteen.title));
  });

  it('refuses a role without areas, a name in use and a service not in the catalogue', async () => {
    await freshen(admin);
    const empty = await postForm(ctx.app, admin, `${root}/operatori/ruoli/nuovo`, { name: 'Vuoto' });
    assert.equal(empty.statusCode, 400);
    assert.ok(empty.body.includes('Scegli almeno un’area.'));
    const twice = await postForm(ctx.app, admin, `${root}/operatori/ruoli/nuovo`, {
      name: 'mensa',
      area_audit: 'read',
    });
    assert.equal(twice.statusCode, 409);
    const foreign = await postForm(ctx.app, admin, `${root}/operatori/ruoli/nuovo`, {
      name: 'Estraneo',
      area_audit: 'read',
      'servizio_01900000-0000-7000-8000-000000000000': '1',
    });
    assert.equal(foreign.statusCode, 400);
    const names = (await ctx.services.operators.roles.list(entity.id)).map((r) => r.name);
    assert.ok(!names.includes('Vuoto') && !names.includes('Estraneo'));
  });

  it('edits and deletes a role the entity defined (holders lose it); a shipped role is not editable', async () => {
    const role = (await ctx.services.operators.roles.list(entity.id)).find((r) => r.name === 'Mensa')!;
    await freshen(admin);
    const edited = await postForm(ctx.app, admin, `${root}/operatori/ruoli/${role.id}`, {
      name: 'Mensa scolastica',
      area_positions: 'read',
    });
    assert.equal(edited.statusCode, 303);
    const after = (await ctx.services.operators.roles.list(entity.id)).find((r) => r.id === role.id)!;
    assert.equal(after.name, 'Mensa scolastica');
    assert.deepEqual(after.services, '*');
    assert.equal((await get(admin, `${root}/operatori/ruoli/${await roleIdOf('administrator')}`)).statusCode, 404);
    const gone = await postForm(ctx.app, admin, `${root}/operatori/ruoli/${role.id}/elimina`, {});
    assert.equal(gone.statusCode, 303);
    assert.ok(!(await ctx.services.operators.roles.list(entity.id)).some((r) => r.id === role.id));
    const cook = await ctx.services.operators.accounts.byEmail(entity.id, 'mensa@comune.example.it');
    assert.deepEqual(cook.roles, []);
  });
});

describe('the audit log', () => {
  const sqlIds = async (action?: string) => {
    let q = db().selectFrom('audit_log').select('id').where('entity_id', '=', entity.id);
    if (action) q = q.where('action', '=', action);
    return (await q.orderBy('id', 'desc').execute()).map((r) => String(r.id));
  };

  it('filters by action, newest first, names the operator, and keeps out other entities', async () => {
    const res = await get(admin, `${root}/registro?azione=operator.set_roles`);
    assert.equal(res.statusCode, 200);
    const rows = res.body.match(/<td>Ruoli cambiati<br><small><code>operator\.set_roles<\/code>/g) ?? [];
    assert.equal(rows.length, (await sqlIds('operator.set_roles')).length);
    assert.ok(rows.length >= 2);
    assert.ok(res.body.includes('Anna Bianchi (capo@comune.example.it)'), 'the actor by name');
    assert.ok(!res.body.includes('altro@altrove.example.it'), 'no record of the other entity');
    const bad = await get(admin, `${root}/registro?dal=ieri`);
    assert.equal(bad.statusCode, 400);
    const future = await get(admin, `${root}/registro?dal=2030-01-01`);
    assert.ok(future.body.includes('Nessun record con questi filtri.'));
  });

  it('pages newest first through every record of the entity', async () => {
    let rows = 0;
    let pages = 0;
    let url: string | undefined = `${root}/registro`;
    while (url) {
      const res = await get(admin, url);
      assert.equal(res.statusCode, 200);
      const body = res.body.slice(res.body.indexOf('<tbody>'), res.body.indexOf('</tbody>'));
      rows += (body.match(/<tr>/g) ?? []).length;
      pages++;
      url = /<a href="([^"]+)"[^>]*>Pagina successiva<\/a>/.exec(res.body)?.[1]?.replaceAll('&amp;', '&');
    }
    const ids = await sqlIds();
    assert.ok(ids.length > 50, 'more than one page');
    assert.equal(rows, ids.length);
    assert.equal(pages, Math.ceil(ids.length / 50));
  });

  it('verifies the chain on request', async () => {
    const res = await get(admin, `${root}/registro?verifica=1`);
    assert.ok(res.body.includes('Catena verificata'), res.body.slice(0, 200));
  });

  it('exports the current filter as CSV, which equals SQL, and records the export', async () => {
    const res = await get(admin, `${root}/registro/export.csv?azione=operator.create`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    assert.equal(lines[0], 'id,at,actor,action,subject_type,subject_id,request_id,address,before,after');
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      await sqlIds('operator.create'),
    );
    const all = await get(admin, `${root}/registro/export.csv`);
    const ids = all.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    assert.deepEqual(ids, await sqlIds());
    const exports = await db()
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('action', '=', 'audit.export')
      .execute();
    assert.equal(exports.length, 2);
    assert.equal(exports[0]!.actor, `operator:${admin.operatorId}`);
  });
});

describe('own administration through a role the entity defined', () => {
  it('an operator whose only managing role is a defined one may neither delete it nor edit it away', async () => {
    const role = await ctx.services.operators.roles.define(
      entity.id,
      { name: 'Gestione personale', grants: [{ area: 'operators', access: 'write' }] },
      testActor,
    );
    const boss = await signedInOperator(ctx, {
      entityId: entity.id,
      email: 'personale@comune.example.it',
      roles: ['Gestione personale'],
    });
    await freshen(boss);
    const edited = await postForm(ctx.app, boss, `${root}/operatori/ruoli/${role.id}`, {
      name: 'Gestione personale',
      area_operators: 'read',
    });
    assert.equal(edited.statusCode, 409);
    assert.ok(edited.body.includes('ultimo ruolo che gestisce gli operatori'));
    const gone = await postForm(ctx.app, boss, `${root}/operatori/ruoli/${role.id}/elimina`, {});
    assert.equal(gone.statusCode, 409);
    assert.ok(
      gone.body.includes(`action="${root}/operatori/ruoli/${role.id}"`),
      'the form posts to the edit, not the delete',
    );
    const still = (await ctx.services.operators.roles.list(entity.id)).find((r) => r.id === role.id)!;
    assert.deepEqual(still.grants, [{ area: 'operators', access: 'write' }]);
    // Another administrator may.
    await freshen(admin);
    const byAdmin = await postForm(ctx.app, admin, `${root}/operatori/ruoli/${role.id}/elimina`, {});
    assert.equal(byAdmin.statusCode, 303);
  });
});

describe('the installation’s records', () => {
  it('only an installation administrator may add them to an entity’s audit log', async () => {
    const rootAdmin = await signedInOperator(ctx, {
      entityId: null,
      email: 'root@cassa.example.it',
      roles: ['administrator'],
    });
    // The installation administrator's own creation is a record without an entity.
    const mine = 'operator Anna Bianchi (root@cassa.example.it)';
    const url = `${root}/registro?azione=operator.create&installazione=1`;
    const seen = await get(rootAdmin, url);
    assert.equal(seen.statusCode, 200);
    assert.ok(seen.body.includes('id="installazione"'));
    const installationRows = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'operator.create')
      .where('entity_id', 'is', null)
      .execute();
    assert.ok(installationRows.length > 0);
    const count = (body: string) => (body.match(/<code>operator\.create<\/code>/g) ?? []).length;
    assert.equal(
      count(seen.body),
      installationRows.length +
        (
          await db()
            .selectFrom('audit_log')
            .select('id')
            .where('action', '=', 'operator.create')
            .where('entity_id', '=', entity.id)
            .execute()
        ).length,
    );
    assert.ok(seen.body.includes(mine));
    assert.ok(!(await get(admin, url)).body.includes(mine), 'not shown to the entity’s administrator');
    const entityView = await get(admin, url);
    assert.ok(!entityView.body.includes('id="installazione"'));
    assert.equal(count(entityView.body), count(seen.body) - installationRows.length);
  });
});
