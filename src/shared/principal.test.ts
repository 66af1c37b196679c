import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from './errors.ts';
import {
  allows,
  authorize,
  EVERY_ENTITY,
  grantsFor,
  type Principal,
  reachesArea,
  seesEntity,
  servicesOf,
  systemPrincipal,
} from './principal.ts';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';

const finance: Principal = {
  kind: 'operator',
  id: 'operator:1',
  grants: [
    { entityId: A, services: '*', area: 'payments', access: 'write' },
    { entityId: A, services: ['TARI', 'IMU'], area: 'positions', access: 'write' },
    { entityId: A, services: '*', area: 'audit', access: 'read' },
  ],
};

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error.code;
  }
};

describe('principal', () => {
  it('write includes read, read does not include write', () => {
    assert.equal(allows(finance, { entityId: A, area: 'payments', access: 'read' }), true);
    assert.equal(allows(finance, { entityId: A, area: 'audit', access: 'read' }), true);
    assert.equal(allows(finance, { entityId: A, area: 'audit', access: 'write' }), false);
  });

  it('a grant for some services covers only those', () => {
    assert.equal(allows(finance, { entityId: A, area: 'positions', access: 'write', service: 'TARI' }), true);
    assert.equal(allows(finance, { entityId: A, area: 'positions', access: 'write', service: 'NIDO' }), false);
    assert.equal(allows(finance, { entityId: A, area: 'positions', access: 'read' }), false, 'unnamed service');
  });

  it('another entity answers NOT_FOUND, a missing area at the own entity FORBIDDEN', () => {
    assert.equal(
      codeOf(() => authorize(finance, { entityId: B, area: 'payments', access: 'read' })),
      'NOT_FOUND',
    );
    assert.equal(
      codeOf(() => authorize(finance, { entityId: A, area: 'operators', access: 'read' })),
      'FORBIDDEN',
    );
    assert.equal(
      codeOf(() => authorize(finance, { entityId: A, area: 'payments', access: 'write' })),
      'allowed',
    );
    assert.equal(seesEntity(finance, B), false);
  });

  it('a principal without grants sees nothing', () => {
    const citizen: Principal = { kind: 'citizen', id: 'citizen:RSSMRA80A01H501U', grants: [] };
    assert.equal(
      codeOf(() => authorize(citizen, { entityId: A, area: 'positions', access: 'read' })),
      'NOT_FOUND',
    );
  });

  it('the command line and jobs may do everything everywhere', () => {
    const cli = systemPrincipal('cli', 'cli:root');
    assert.equal(allows(cli, { entityId: B, area: 'operators', access: 'write', service: 'X' }), true);
    assert.deepEqual(grantsFor(EVERY_ENTITY, 'read', ['audit']), [
      { entityId: '*', services: '*', area: 'audit', access: 'read' },
    ]);
  });

  it('a role limited to some services reaches its area, and lists only those services', () => {
    assert.equal(reachesArea(finance, A, 'positions', 'write'), true);
    assert.equal(allows(finance, { entityId: A, area: 'positions', access: 'write' }), false, 'not every service');
    assert.deepEqual(servicesOf(finance, A, 'positions', 'read'), ['TARI', 'IMU']);
    assert.equal(servicesOf(finance, A, 'payments', 'read'), '*');
    assert.deepEqual(servicesOf(finance, A, 'operators', 'read'), []);
    assert.equal(reachesArea(finance, A, 'audit', 'write'), false, 'read is not write');
    assert.equal(reachesArea(finance, B, 'payments', 'read'), false, 'another entity');
  });
});
