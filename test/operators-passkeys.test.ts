// Passkeys as the operators' second factor (ADR 0033), verified by @simplewebauthn/server against a
// software authenticator (test/support/authenticator.ts): registration during enrolment signs the
// operator in; an assertion completes a sign-in or re-authenticates; a challenge serves once; a
// forged signature or another origin is refused and counted as a failure.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { requireFresh } from '../src/modules/operators/operator-sessions.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { impostor, type SoftAuthenticator, softAuthenticator } from './support/authenticator.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
const PUBLIC_URL = 'https://cassa.comune.example.it';
const ORIGIN = 'https://cassa.comune.example.it';
const PASSWORD = 'tramonto sul Po 1987';
const from = { requestId: 'req-passkey' };
let db: TestDatabase;
let ops: Services['operators'];
let entity: Entity;
let key: SoftAuthenticator;
let operatorId: string;

before(async () => {
  db = await freshDatabase();
  const services = createServices(db.database, {
    clock,
    config: { importMaxBytes: 1_000_000, importMaxRows: 1000, publicUrl: PUBLIC_URL },
  });
  ops = services.operators;
  entity = await services.entities.create(ENTITY_A, testActor);
  key = softAuthenticator();
});
after(async () => {
  await db.drop();
});

const signInWithPassword = () =>
  ops.signIn.password({ entityId: entity.id, email: 'chiara@comune.example.it', password: PASSWORD }, from);

describe('passkeys', () => {
  it('registered during enrolment, signs the operator in', async () => {
    const operator = await ops.accounts.create(
      { entityId: entity.id, email: 'chiara@comune.example.it', displayName: 'Chiara Neri', roles: ['finance-office'] },
      testActor,
    );
    operatorId = operator.id;
    const invitation = await ops.invitations.invite(operator.id, testActor);
    const { token } = await ops.invitations.accept(invitation.token, { password: PASSWORD }, from);
    const options = await ops.passkeys.registrationOptions(token);
    assert.equal(options.rp.id, 'cassa.comune.example.it');
    assert.equal(options.attestation, 'none');
    const session = await ops.passkeys.register(token, key.register(options, ORIGIN), 'Laptop', from);
    assert.equal(session.stage, 'active');
    const stored = await db.database.db
      .selectFrom('operator_passkeys')
      .select(['credential_id', 'operator_id', 'name', 'transports'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, {
      credential_id: key.credentialId,
      operator_id: operator.id,
      name: 'Laptop',
      transports: ['internal'],
    });
  });

  it('completes a password sign-in, and its challenge serves once', async () => {
    const pending = await signInWithPassword();
    assert.equal(pending.session.stage, 'second-factor');
    const options = await ops.passkeys.authenticationOptions(pending.token);
    assert.deepEqual(
      options.allowCredentials?.map((c) => c.id),
      [key.credentialId],
    );
    const response = key.assert(options, ORIGIN);
    assert.equal((await ops.passkeys.authenticate(pending.token, response, from)).stage, 'active');
    const { counter } = await db.database.db
      .selectFrom('operator_passkeys')
      .select('counter')
      .executeTakeFirstOrThrow();
    assert.equal(counter, 1);
    const again = await signInWithPassword();
    await assert.rejects(ops.passkeys.authenticate(again.token, response, from), { code: 'SIGN_IN_FAILED' });
  });

  it('refuses a forged signature and another origin, counting them against the account', async () => {
    const failures = async () =>
      (
        await db.database.db
          .selectFrom('operators')
          .select('failed_attempts')
          .where('id', '=', operatorId)
          .executeTakeFirstOrThrow()
      ).failed_attempts;
    const before = await failures(); // the replay above counted one
    const pending = await signInWithPassword();
    const forged = impostor(key).assert(await ops.passkeys.authenticationOptions(pending.token), ORIGIN);
    await assert.rejects(ops.passkeys.authenticate(pending.token, forged, from), { code: 'SIGN_IN_FAILED' });
    const phished = key.assert(await ops.passkeys.authenticationOptions(pending.token), 'https://cassa.example.com');
    await assert.rejects(ops.passkeys.authenticate(pending.token, phished, from), { code: 'SIGN_IN_FAILED' });
    assert.equal(await failures(), before + 2);
    const ok = key.assert(await ops.passkeys.authenticationOptions(pending.token), ORIGIN);
    assert.equal((await ops.passkeys.authenticate(pending.token, ok, from)).stage, 'active');
  });

  it('re-authenticates a session for a sensitive act', async () => {
    const pending = await signInWithPassword();
    await ops.passkeys.authenticate(
      pending.token,
      key.assert(await ops.passkeys.authenticationOptions(pending.token), ORIGIN),
      from,
    );
    clock.advance(10 * 60_000);
    const stale = (await ops.sessions.resolve(pending.token))!.session;
    assert.throws(() => requireFresh(stale, clock.now()), { code: 'REAUTHENTICATION_REQUIRED' });
    const options = await ops.passkeys.authenticationOptions(pending.token);
    await ops.passkeys.reauthenticate(pending.token, key.assert(options, ORIGIN), from);
    requireFresh((await ops.sessions.resolve(pending.token))!.session, clock.now());
    // Fresh now: a second passkey may be added.
    const second = softAuthenticator();
    await ops.passkeys.register(
      pending.token,
      second.register(await ops.passkeys.registrationOptions(pending.token), ORIGIN),
      'Phone',
      from,
    );
    assert.equal((await ops.passkeys.authenticationOptions(pending.token)).allowCredentials?.length, 2);
    const actions = await db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', `operator:${operatorId}`)
      .execute();
    assert.ok(actions.some((a) => a.action === 'operator_session.reauthenticate'));
    assert.ok(actions.some((a) => a.action === 'operator.passkey_registered'));
  });
});
