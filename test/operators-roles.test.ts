// Roles an entity defines and who holds them (ADR 0033): a role change is effective on the next
// request of a signed-in operator; roles of another entity cannot be granted; names are unique per
// entity; shipped roles cannot be changed; every change is audited with its actor.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { systemActor } from '../src/modules/audit/audit.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { allows } from '../src/shared/principal.ts';
import { ENTITY_A, ENTITY_B, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
const admin = systemActor('operator:0190e7a0-0000-7000-8000-0000000000ad');
let db: TestDatabase;
let ops: Services['operators'];
let a: Entity;
let b: Entity;

before(async () => {
  db = await freshDatabase();
  const services = createServices(db.database, { clock });
  ops = services.operators;
  a = await services.entities.create(ENTITY_A, testActor);
  b = await services.entities.create(ENTITY_B, testActor);
});
after(async () => {
  await db.drop();
});

/** A signed-in operator of entity A holding no role; returns their id and session token. */
async function signedIn(email: string) {
  const operator = await ops.accounts.create({ entityId: a.id, email, displayName: 'Luca Neri' }, testActor);
  const invitation = await ops.invitations.invite(operator.id, testActor);
  const { token } = await ops.invitations.accept(invitation.token, { password: 'tramonto sul Po 1987' }, {});
  const { secret } = await ops.secondFactor.enrolTotp(token, {});
  await ops.secondFactor.confirmTotp(token, await generate({ secret, epoch: clock.now().getTime() / 1000 }), {});
  return { operatorId: operator.id, token };
}

describe('roles', () => {
  it('lists the five shipped roles to every entity, with their grants', async () => {
    const roles = await ops.roles.list(a.id);
    assert.deepEqual(
      roles.map((r) => r.builtin),
      ['administrator', 'auditor', 'finance-office', 'help-desk', 'operator'],
    );
    assert.equal(roles.find((r) => r.builtin === 'administrator')?.grants.length, 8);
  });

  it('grants an entity’s own role, limited to its services, effective at once, and revokes it', async () => {
    const { operatorId, token } = await signedIn('luca@comune.example.it');
    const principal = async () => (await ops.sessions.resolve(token))!.principal;
    assert.deepEqual((await principal()).grants, []);
    const role = await ops.roles.define(
      a.id,
      { name: 'Sportello TARI', grants: [{ area: 'positions', access: 'write' }], services: ['TARI'] },
      admin,
    );
    await ops.roles.grant(operatorId, role.id, admin);
    await ops.roles.grant(operatorId, role.id, admin); // held already: nothing more
    const need = { entityId: a.id, area: 'positions', access: 'write', service: 'TARI' } as const;
    assert.equal(allows(await principal(), need), true);
    assert.equal(allows(await principal(), { ...need, service: 'IMU' }), false);
    await ops.roles.update(
      a.id,
      role.id,
      { name: 'Sportello TARI', grants: [{ area: 'positions', access: 'read' }] },
      admin,
    );
    assert.equal(allows(await principal(), need), false);
    assert.equal(allows(await principal(), { ...need, access: 'read', service: 'IMU' }), true);
    await ops.roles.revoke(operatorId, role.id, admin);
    assert.deepEqual((await principal()).grants, []);
    const records = await db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', 'in', [operatorId, role.id])
      .where('action', 'like', '%role%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      records.map((r) => `${r.action} by ${r.actor}`),
      [
        `role.create by ${admin.id}`,
        `operator.grant_role by ${admin.id}`,
        `role.update by ${admin.id}`,
        `operator.revoke_role by ${admin.id}`,
      ],
    );
  });

  it('refuses a name in use, another entity’s role, and changes to a shipped role', async () => {
    await ops.roles.define(a.id, { name: 'Ragioneria', grants: [{ area: 'payments', access: 'read' }] }, admin);
    await assert.rejects(
      ops.roles.define(a.id, { name: 'ragioneria', grants: [{ area: 'audit', access: 'read' }] }, admin),
      { code: 'ROLE_EXISTS' },
    );
    // The same name at another entity is another role.
    const foreign = await ops.roles.define(
      b.id,
      { name: 'Ragioneria', grants: [{ area: 'audit', access: 'read' }] },
      admin,
    );
    const { operatorId } = await signedIn('giulia@comune.example.it');
    await assert.rejects(ops.roles.grant(operatorId, foreign.id, admin), { code: 'NOT_FOUND' });
    await assert.rejects(
      ops.roles.update(a.id, foreign.id, { name: 'X', grants: [{ area: 'audit', access: 'read' }] }, admin),
      {
        code: 'NOT_FOUND',
      },
    );
    const shipped = (await ops.roles.list(a.id)).find((r) => r.builtin === 'administrator')!;
    await assert.rejects(ops.roles.remove(a.id, shipped.id, admin), { code: 'NOT_FOUND' });
    await assert.rejects(
      ops.accounts.create(
        { entityId: a.id, email: 'x@comune.example.it', displayName: 'X', roles: ['Ragioneria', 'capo'] },
        admin,
      ),
      {
        code: 'VALIDATION_FAILED',
      },
    );
  });

  it('removes a role from everyone who held it', async () => {
    const { operatorId, token } = await signedIn('paolo@comune.example.it');
    const role = await ops.roles.define(
      a.id,
      { name: 'Temporaneo', grants: [{ area: 'messages', access: 'write' }] },
      admin,
    );
    await ops.roles.grant(operatorId, role.id, admin);
    assert.equal((await ops.sessions.resolve(token))!.principal.grants.length, 1);
    await ops.roles.remove(a.id, role.id, admin);
    assert.deepEqual((await ops.sessions.resolve(token))!.principal.grants, []);
    assert.deepEqual((await ops.accounts.get(operatorId)).roles, []);
  });

  it('keeps one operator per e-mail at an entity, whatever its case, but not across entities', async () => {
    await ops.accounts.create({ entityId: a.id, email: 'same@example.it', displayName: 'One' }, admin);
    await assert.rejects(ops.accounts.create({ entityId: a.id, email: 'SAME@example.it', displayName: 'Two' }, admin), {
      code: 'OPERATOR_EXISTS',
    });
    const other = await ops.accounts.create({ entityId: b.id, email: 'same@example.it', displayName: 'Three' }, admin);
    assert.equal(other.entityId, b.id);
  });
});
