// Operators for the tests (ADR 0033): one who accepted an invitation and set up TOTP, the codes of
// their authenticator at the test's clock, and the audit trail of a subject.
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import type { Entity } from '../../src/modules/entities/entity.ts';
import type { Services } from '../../src/services.ts';
import type { fixedClock } from '../../src/shared/clock.ts';
import { testActor } from './context.ts';
import type { TestDatabase } from './db.ts';

interface Fixture {
  db: TestDatabase;
  ops: Services['operators'];
  entity: Entity;
  clock: ReturnType<typeof fixedClock>;
}

export function operatorFixture(get: () => Fixture, PASSWORD: string) {
  const from = { requestId: 'req-1' };
  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(get().clock.now().getTime() / 1000) });
  return {
    signInFailed: { code: 'SIGN_IN_FAILED' },
    codeNow,
    /** The subject's audit records as `action by actor`, in order. */
    auditActions: async (subjectId: string) =>
      (
        await get()
          .db.database.db.selectFrom('audit_log')
          .select(['action', 'actor'])
          .where('subject_id', '=', subjectId)
          .orderBy('seq')
          .execute()
      ).map((r) => `${r.action} by ${r.actor}`),
    /** A new operator of the entity who accepted an invitation and set up TOTP, signed out again. */
    async enrolled(email: string, roles = ['operator']) {
      const { ops, entity, clock } = get();
      const operator = await ops.accounts.create(
        { entityId: entity.id, email, displayName: 'Anna Bianchi', roles },
        testActor,
      );
      const invitation = await ops.invitations.invite(operator.id, testActor);
      const { token, session } = await ops.invitations.accept(invitation.token, { password: PASSWORD }, from);
      assert.equal(session.stage, 'enrol');
      const { secret, uri } = await ops.secondFactor.enrolTotp(token, from);
      assert.match(uri, /^otpauth:\/\/totp\/.*secret=/);
      const confirmed = await ops.secondFactor.confirmTotp(token, await codeNow(secret), from);
      await ops.sessions.end(token, from);
      clock.advance(30_000); // the confirmation code's step is spent
      return { operator, secret, recoveryCodes: confirmed.recoveryCodes, invitation };
    },
  };
}
