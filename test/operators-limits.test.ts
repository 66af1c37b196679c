// Limits on operators' failed sign-ins (ADR 0033) on a real database with a moving clock: five
// failures lock an account for 15 minutes, the next lock lasts 30; tries while locked do not make it
// longer; an address is refused after 20 failures whatever the accounts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { operatorFixture } from './support/operators.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
let db: TestDatabase;
let ops: Services['operators'];
let entity: Entity;
const PASSWORD = 'tramonto sul Po 1987';
const minutes = (n: number) => n * 60_000;

before(async () => {
  db = await freshDatabase();
  const services = createServices(db.database, { clock });
  ops = services.operators;
  entity = await services.entities.create(ENTITY_A, testActor);
});
after(async () => {
  await db.drop();
});

const { auditActions, codeNow, enrolled, signInFailed } = operatorFixture(() => ({ db, ops, entity, clock }), PASSWORD);

describe('limits on failures', () => {
  it('locks the account after five failures, for 15 minutes, then 30', async () => {
    const { operator, secret } = await enrolled('locked@comune.example.it');
    const attempt = (password: string) =>
      ops.signIn.password({ entityId: entity.id, email: 'locked@comune.example.it', password }, {});
    for (let i = 0; i < 5; i++) await assert.rejects(attempt('wrong password!'), signInFailed);
    await assert.rejects(attempt(PASSWORD), signInFailed);
    // Tries while locked are refused but do not make the lock longer.
    for (let i = 0; i < 5; i++) await assert.rejects(attempt('wrong password!'), signInFailed);
    clock.advance(minutes(15));
    const ok = await attempt(PASSWORD);
    // The password alone does not clear the failures: a wrong code and four more wrong passwords lock again.
    await assert.rejects(ops.signIn.totp(ok.token, '000000', {}), signInFailed);
    for (let i = 0; i < 4; i++) await assert.rejects(attempt('wrong password!'), signInFailed);
    clock.advance(minutes(16));
    await assert.rejects(attempt(PASSWORD), signInFailed);
    clock.advance(minutes(15));
    const again = await attempt(PASSWORD);
    await ops.signIn.totp(again.token, await codeNow(secret), {});
    const actions = await auditActions(operator.id);
    assert.equal(actions.filter((a) => a.startsWith('operator.locked')).length, 2);
    assert.equal(actions.filter((a) => a.startsWith('operator.sign_in_failed')).length, 17);
  });

  it('refuses an address after 20 failures, whatever the accounts', async () => {
    await enrolled('busy@comune.example.it');
    const fromHere = { address: '203.0.113.9' };
    for (let i = 0; i < 20; i++) {
      await assert.rejects(
        ops.signIn.password({ entityId: entity.id, email: `nobody${i}@example.it`, password: PASSWORD }, fromHere),
        signInFailed,
      );
    }
    await assert.rejects(
      ops.signIn.password({ entityId: entity.id, email: 'busy@comune.example.it', password: PASSWORD }, fromHere),
      { code: 'TOO_MANY_REQUESTS' },
    );
    const elsewhere = await ops.signIn.password(
      { entityId: entity.id, email: 'busy@comune.example.it', password: PASSWORD },
      { address: '198.51.100.7' },
    );
    assert.equal(elsewhere.session.stage, 'second-factor');
    clock.advance(minutes(16));
    await ops.signIn.password({ entityId: entity.id, email: 'busy@comune.example.it', password: PASSWORD }, fromHere);
  });
});
