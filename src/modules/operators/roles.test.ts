import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { AREAS, allows, authorize } from '../../shared/principal.ts';
import { checkRoleInput, principalOf, type Role, SHIPPED_ROLES } from './roles.ts';

const shipped = (key: keyof typeof SHIPPED_ROLES): Role => ({
  id: key,
  entityId: null,
  builtin: key,
  name: key,
  grants: SHIPPED_ROLES[key],
  services: '*',
});
const A = '0190e7a0-0000-7000-8000-00000000000a';
const B = '0190e7a0-0000-7000-8000-00000000000b';

describe('roles → principal', () => {
  it('scopes an entity operator’s grants to their entity', () => {
    const p = principalOf({ id: 'op1', entityId: A }, [shipped('operator')]);
    assert.equal(p.kind, 'operator');
    assert.equal(p.id, 'operator:op1');
    assert.equal(allows(p, { entityId: A, area: 'positions', access: 'write' }), true);
    assert.equal(allows(p, { entityId: A, area: 'payments', access: 'read' }), true);
    assert.equal(allows(p, { entityId: A, area: 'payments', access: 'write' }), false);
    assert.equal(allows(p, { entityId: A, area: 'settings', access: 'read' }), false);
    assert.equal(allows(p, { entityId: B, area: 'positions', access: 'read' }), false);
    assert.throws(() => authorize(p, { entityId: B, area: 'positions', access: 'read' }), { code: 'NOT_FOUND' });
    assert.throws(() => authorize(p, { entityId: A, area: 'settings', access: 'read' }), { code: 'FORBIDDEN' });
  });

  it('gives an installation administrator every entity', () => {
    const p = principalOf({ id: 'root', entityId: null }, [shipped('administrator')]);
    for (const area of AREAS) assert.equal(allows(p, { entityId: B, area, access: 'write' }), true);
  });

  it('ships an auditor that reads everything and writes nothing, and a help desk that can resend messages', () => {
    const auditor = principalOf({ id: 'a', entityId: A }, [shipped('auditor')]);
    const desk = principalOf({ id: 'h', entityId: A }, [shipped('help-desk')]);
    for (const area of AREAS) {
      assert.equal(allows(auditor, { entityId: A, area, access: 'read' }), true);
      assert.equal(allows(auditor, { entityId: A, area, access: 'write' }), false);
    }
    assert.equal(allows(desk, { entityId: A, area: 'messages', access: 'write' }), true);
    assert.equal(allows(desk, { entityId: A, area: 'positions', access: 'write' }), false);
    const finance = principalOf({ id: 'f', entityId: A }, [shipped('finance-office')]);
    assert.equal(allows(finance, { entityId: A, area: 'reconciliation', access: 'write' }), true);
    assert.equal(allows(finance, { entityId: A, area: 'positions', access: 'write' }), false);
  });

  it('limits a defined role to its services and unites several roles', () => {
    const tari: Role = {
      id: 'r',
      entityId: A,
      builtin: null,
      name: 'TARI desk',
      grants: [{ area: 'positions', access: 'write' }],
      services: ['TARI'],
    };
    const p = principalOf({ id: 'x', entityId: A }, [tari, shipped('help-desk')]);
    assert.equal(allows(p, { entityId: A, area: 'positions', access: 'write', service: 'TARI' }), true);
    assert.equal(allows(p, { entityId: A, area: 'positions', access: 'write', service: 'IMU' }), false);
    assert.equal(allows(p, { entityId: A, area: 'positions', access: 'write' }), false);
    assert.equal(allows(p, { entityId: A, area: 'positions', access: 'read', service: 'IMU' }), true);
  });

  it('checks a role definition and lists every problem', () => {
    assert.deepEqual(
      checkRoleInput({ name: ' Cassa ', grants: [{ area: 'payments', access: 'read' }], services: ['TARI', 'TARI'] }),
      { name: 'Cassa', grants: [{ area: 'payments', access: 'read' }], services: ['TARI'] },
    );
    try {
      checkRoleInput({
        name: '',
        grants: [
          { area: 'nowhere' as 'audit', access: 'read' },
          { area: 'audit', access: 'all' as 'read' },
          { area: 'payments', access: 'read' },
          { area: 'payments', access: 'write' },
        ],
        services: ['*'],
      });
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.deepEqual(
        error.problems.map((p) => p.path),
        ['name', 'grants[0].area', 'grants[1].access', 'grants[3].area', 'services[0]'],
      );
    }
  });
});
