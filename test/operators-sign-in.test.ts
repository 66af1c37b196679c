// Operators' sign-in (ADR 0033) on a real database with a moving clock: invitation → password →
// TOTP enrolment → signed in; TOTP codes used once; recovery codes used once; idle and absolute
// timeouts; freshness for sensitive acts; OIDC. The limits on failures: operators-limits.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../src/modules/audit/audit.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { requireFresh } from '../src/modules/operators/operator-sessions.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { allows } from '../src/shared/principal.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { operatorFixture } from './support/operators.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
let db: TestDatabase;
let services: Services;
let ops: Services['operators'];
let entity: Entity;
const PASSWORD = 'tramonto sul Po 1987';
const from = { requestId: 'req-1' };
const minutes = (n: number) => n * 60_000;

before(async () => {
  db = await freshDatabase();
  services = createServices(db.database, { clock });
  ops = services.operators;
  entity = await services.entities.create(ENTITY_A, testActor);
});
after(async () => {
  await db.drop();
});

const { auditActions, codeNow, enrolled, signInFailed } = operatorFixture(() => ({ db, ops, entity, clock }), PASSWORD);

describe('the first administrator', () => {
  it('is created through the one-time link while no operator exists, and only then', async () => {
    const link = await ops.invitations.inviteFirstAdministrator(systemActor('cli:start'));
    assert.ok(link);
    assert.match(link.url, /^http:\/\/localhost:3000\/console\/invito\/[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await ops.invitations.describe(link.token), { firstAdministrator: true, email: null });
    await assert.rejects(
      ops.invitations.accept(link.token, { password: 'short', email: 'root@example.it', displayName: 'Root' }, from),
      { code: 'VALIDATION_FAILED' },
    );
    // The refused attempt used nothing: the link still works.
    const started = await ops.invitations.accept(
      link.token,
      { password: PASSWORD, email: 'Root@Example.it', displayName: 'Maria Root' },
      from,
    );
    const admin = await ops.accounts.byEmail(null, 'root@example.it');
    assert.equal(admin.entityId, null);
    assert.deepEqual(
      admin.roles.map((r) => r.builtin),
      ['administrator'],
    );
    assert.equal(started.session.stage, 'enrol');
    await assert.rejects(ops.invitations.accept(link.token, { password: PASSWORD }, from), {
      code: 'INVITATION_INVALID',
    });
    assert.equal(await ops.invitations.inviteFirstAdministrator(systemActor('cli:start')), undefined);
  });
});

describe('signing in with a password and TOTP', () => {
  it('walks invitation → enrolment → signed in, with the grants of the operator’s roles', async () => {
    const operator = await ops.accounts.create(
      { entityId: entity.id, email: 'mario@comune.example.it', displayName: 'Mario Verdi', roles: ['operator'] },
      testActor,
    );
    const invitation = await ops.invitations.invite(operator.id, testActor);
    assert.deepEqual(await ops.invitations.describe(invitation.token), {
      firstAdministrator: false,
      email: 'mario@comune.example.it',
    });
    const { token } = await ops.invitations.accept(invitation.token, { password: PASSWORD }, from);
    await assert.rejects(ops.invitations.accept(invitation.token, { password: PASSWORD }, from), {
      code: 'INVITATION_INVALID',
    });
    const pending = await ops.sessions.resolve(token);
    assert.equal(pending?.session.stage, 'enrol');
    assert.deepEqual(pending?.principal.grants, []);
    // Nothing but the enrolment is open: a second factor cannot be "used" before it exists.
    await assert.rejects(ops.signIn.totp(token, '123456', from), signInFailed);
    const { secret } = await ops.secondFactor.enrolTotp(token, from);
    await assert.rejects(ops.secondFactor.confirmTotp(token, '000000', from), signInFailed);
    const { session, recoveryCodes } = await ops.secondFactor.confirmTotp(token, await codeNow(secret), from);
    assert.equal(session.stage, 'active');
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    const signedIn = await ops.sessions.resolve(token);
    assert.equal(signedIn?.principal.id, `operator:${operator.id}`);
    assert.equal(allows(signedIn!.principal, { entityId: entity.id, area: 'positions', access: 'write' }), true);
    assert.equal(allows(signedIn!.principal, { entityId: entity.id, area: 'settings', access: 'read' }), false);
    await ops.sessions.end(token, from);
    assert.equal(await ops.sessions.resolve(token), undefined);
    const actions = await auditActions(operator.id);
    assert.ok(actions.includes('operator.create by test:runner'));
    assert.ok(actions.includes(`operator.set_password by operator:${operator.id}`));
    assert.ok(actions.includes(`operator.totp_confirmed by operator:${operator.id}`));
  });

  it('accepts each TOTP code once, and the next step’s code after it', async () => {
    const { secret } = await enrolled('replay@comune.example.it');
    const first = await ops.signIn.password(
      { entityId: entity.id, email: 'REPLAY@comune.example.it', password: PASSWORD },
      from,
    );
    assert.equal(first.session.stage, 'second-factor');
    const code = await codeNow(secret);
    assert.equal((await ops.signIn.totp(first.token, code, from)).stage, 'active');
    const second = await ops.signIn.password(
      { entityId: entity.id, email: 'replay@comune.example.it', password: PASSWORD },
      from,
    );
    await assert.rejects(ops.signIn.totp(second.token, code, from), signInFailed);
    clock.advance(30_000);
    assert.equal((await ops.signIn.totp(second.token, await codeNow(secret), from)).stage, 'active');
  });

  it('accepts each recovery code once', async () => {
    const { recoveryCodes } = await enrolled('lost-phone@comune.example.it');
    const signIn = () =>
      ops.signIn.password({ entityId: entity.id, email: 'lost-phone@comune.example.it', password: PASSWORD }, from);
    const a = await signIn();
    assert.equal((await ops.signIn.recoveryCode(a.token, recoveryCodes[0]!.toLowerCase(), from)).stage, 'active');
    const b = await signIn();
    await assert.rejects(ops.signIn.recoveryCode(b.token, recoveryCodes[0]!, from), signInFailed);
    assert.equal((await ops.signIn.recoveryCode(b.token, recoveryCodes[1]!, from)).stage, 'active');
  });
});

describe('sessions', () => {
  it('end after 30 idle minutes, after 12 hours whatever happens, and pending ones after 10 minutes', async () => {
    const { secret } = await enrolled('timeouts@comune.example.it');
    const signIn = async () => {
      const s = await ops.signIn.password(
        { entityId: entity.id, email: 'timeouts@comune.example.it', password: PASSWORD },
        from,
      );
      clock.advance(30_000);
      await ops.signIn.totp(s.token, await codeNow(secret), from);
      return s.token;
    };
    const idle = await signIn();
    clock.advance(minutes(29));
    assert.ok(await ops.sessions.resolve(idle));
    clock.advance(minutes(29));
    assert.ok(await ops.sessions.resolve(idle), 'each use restarts the idle time');
    clock.advance(minutes(31));
    assert.equal(await ops.sessions.resolve(idle), undefined);

    const busy = await signIn();
    for (let i = 0; i < 12 * 3; i++) {
      clock.advance(minutes(20));
      if (i < 35) assert.ok(await ops.sessions.resolve(busy), `alive at ${(i + 1) * 20} minutes`);
    }
    assert.equal(await ops.sessions.resolve(busy), undefined);

    const pending = await ops.signIn.password(
      { entityId: entity.id, email: 'timeouts@comune.example.it', password: PASSWORD },
      from,
    );
    clock.advance(minutes(11));
    assert.equal(await ops.sessions.resolve(pending.token), undefined);
    await assert.rejects(ops.signIn.totp(pending.token, await codeNow(secret), from), signInFailed);
  });

  it('needs a proof of identity from the last 5 minutes for a sensitive act', async () => {
    const { secret } = await enrolled('fresh@comune.example.it');
    const s = await ops.signIn.password(
      { entityId: entity.id, email: 'fresh@comune.example.it', password: PASSWORD },
      from,
    );
    await ops.signIn.totp(s.token, await codeNow(secret), from);
    requireFresh((await ops.sessions.resolve(s.token))!.session, clock.now());
    clock.advance(minutes(6));
    const stale = (await ops.sessions.resolve(s.token))!.session;
    assert.throws(() => requireFresh(stale, clock.now()), { code: 'REAUTHENTICATION_REQUIRED' });
    await assert.rejects(ops.secondFactor.newRecoveryCodes(s.token, from), { code: 'REAUTHENTICATION_REQUIRED' });
    await assert.rejects(ops.secondFactor.enrolTotp(s.token, from), { code: 'REAUTHENTICATION_REQUIRED' });
    await assert.rejects(ops.passkeys.registrationOptions(s.token), { code: 'REAUTHENTICATION_REQUIRED' });
    await assert.rejects(ops.signIn.reauthenticate(s.token, '000000', from), signInFailed);
    await ops.signIn.reauthenticate(s.token, await codeNow(secret), from);
    requireFresh((await ops.sessions.resolve(s.token))!.session, clock.now());
    assert.equal((await ops.secondFactor.newRecoveryCodes(s.token, from)).length, 10);
  });

  it('ends when the operator is disabled, who then cannot sign in', async () => {
    const { operator, secret } = await enrolled('leaving@comune.example.it');
    const s = await ops.signIn.password(
      { entityId: entity.id, email: 'leaving@comune.example.it', password: PASSWORD },
      from,
    );
    await ops.signIn.totp(s.token, await codeNow(secret), from);
    await ops.accounts.setStatus(operator.id, 'disabled', testActor);
    assert.equal(await ops.sessions.resolve(s.token), undefined);
    await assert.rejects(
      ops.signIn.password({ entityId: entity.id, email: 'leaving@comune.example.it', password: PASSWORD }, from),
      signInFailed,
    );
  });

  it('signs in through OpenID Connect by fiscal code, straight to active', async () => {
    const operator = await ops.accounts.create(
      {
        entityId: entity.id,
        email: 'spid@comune.example.it',
        displayName: 'Rossi',
        fiscalCode: 'RSSMRA80A01H501U',
        roles: ['auditor'],
      },
      testActor,
    );
    const started = await ops.signIn.oidc({ entityId: entity.id, fiscalCode: 'rssmra80a01h501u' }, from);
    const resolved = await ops.sessions.resolve(started.token);
    assert.equal(resolved?.operator.id, operator.id);
    assert.equal(allows(resolved!.principal, { entityId: entity.id, area: 'audit', access: 'read' }), true);
    await assert.rejects(ops.signIn.oidc({ entityId: entity.id, fiscalCode: 'VRDGPP80A01H501Z' }, from), signInFailed);
  });

  it('keeps invitations 24 hours', async () => {
    const operator = await ops.accounts.create(
      { entityId: entity.id, email: 'late@comune.example.it', displayName: 'Late' },
      testActor,
    );
    const invitation = await ops.invitations.invite(operator.id, testActor);
    clock.advance(24 * 60 * 60_000 + 1000);
    await assert.rejects(ops.invitations.describe(invitation.token), { code: 'INVITATION_INVALID' });
    await assert.rejects(ops.invitations.accept(invitation.token, { password: PASSWORD }, from), {
      code: 'INVITATION_INVALID',
    });
  });
});
