// Passkeys (WebAuthn) as the second factor (ADR 0033), with @simplewebauthn/server: the relying
// party is PUBLIC_URL's host, the expected origin PUBLIC_URL's origin. Attestation is not asked for
// ('none'): Cassa trusts the operator's choice of authenticator, not its maker. Each options call puts
// a challenge on the session; the verification takes it (it serves once).
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { findTotp, passkeysOf, removePasskey, renamePasskey } from './credentials.db.ts';
import { actorOf, type From, type Operator } from './operator.ts';
import { type OperatorSession, type OperatorSessions, requireFresh } from './operator-sessions.ts';
import { takeChallenge, updateSession } from './sessions.db.ts';
import type { SignIn } from './sign-in.service.ts';

export type Passkeys = ReturnType<typeof passkeysService>;

/** The relying party of a public URL: its host name and its origin. */
export function relyingParty(publicUrl: string): { rpID: string; origin: string } {
  const url = new URL(publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

export function passkeysService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  sessions: OperatorSessions;
  signIn: SignIn;
  publicUrl: string;
}) {
  const { db, clock, sessions, signIn } = deps;
  const { rpID, origin } = relyingParty(deps.publicUrl);

  const remember = (session: OperatorSession, challenge: string) => updateSession(db, session.id, { challenge });

  /** Verifies an assertion against the operator's passkey and moves its counter on; false when it fails. */
  async function assertion(
    trx: Kysely<Schema>,
    session: OperatorSession,
    operator: Operator,
    response: AuthenticationResponseJSON,
  ) {
    const challenge = await takeChallenge(trx, session.id);
    const passkey = (await passkeysOf(trx, operator.id)).find((p) => p.credential_id === response.id);
    if (!challenge || !passkey) return false;
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(passkey.public_key),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: false,
    }).catch(() => undefined);
    if (!result?.verified) return false;
    await trx
      .updateTable('operator_passkeys')
      .set({ counter: result.authenticationInfo.newCounter, last_used_at: clock.now() })
      .where('credential_id', '=', passkey.credential_id)
      .execute();
    return true;
  }

  return {
    /** Options for navigator.credentials.create(): a new passkey for the operator (enrol stage or signed in). */
    async registrationOptions(token: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const { session, operator } = await signIn.pending(token, ['enrol', 'active']);
      // Adding a factor to a signed-in account is a sensitive act.
      if (session.stage === 'active') requireFresh(session, clock.now());
      const existing = await passkeysOf(db, operator.id);
      const options = await generateRegistrationOptions({
        rpName: 'Cassa',
        rpID,
        userName: operator.email,
        userDisplayName: operator.displayName,
        userID: new TextEncoder().encode(operator.id),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: p.transports })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      await remember(session, options.challenge);
      return options;
    },

    /** Verifies and keeps a new passkey; a session waiting for its enrolment becomes active. */
    async register(token: string, response: RegistrationResponseJSON, name: string, from: From) {
      let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>> | undefined;
      return signIn.secondFactor(
        token,
        ['enrol', 'active'],
        from,
        'passkey registration',
        async (trx, _operator, session) => {
          const challenge = await takeChallenge(trx, session.id);
          if (!challenge) return false;
          verified = await verifyRegistrationResponse({
            response,
            expectedChallenge: challenge,
            expectedOrigin: origin,
            expectedRPID: rpID,
            requireUserVerification: false,
          }).catch(() => undefined);
          return verified?.verified === true;
        },
        async (trx, session, operator, actor) => {
          const credential = verified!.registrationInfo!.credential;
          await trx
            .insertInto('operator_passkeys')
            .values({
              credential_id: credential.id,
              operator_id: operator.id,
              public_key: credential.publicKey,
              counter: credential.counter,
              transports: credential.transports ?? [],
              name: name.trim().slice(0, 100) || 'Passkey',
              created_at: clock.now(),
            })
            .execute();
          await recordAudit(trx, actor, {
            entityId: operator.entityId,
            action: 'operator.passkey_registered',
            subjectType: 'operator',
            subjectId: operator.id,
            after: { credentialId: credential.id, name },
          });
          return session.stage === 'enrol' ? signIn.complete(trx, session, operator, actor) : session;
        },
      );
    },

    /** Options for navigator.credentials.get(): the second step, or a re-authentication. */
    async authenticationOptions(token: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const { session, operator } = await signIn.pending(token, ['second-factor', 'active']);
      const options = await generateAuthenticationOptions({
        rpID,
        allowCredentials: (await passkeysOf(db, operator.id)).map((p) => ({
          id: p.credential_id,
          transports: p.transports,
        })),
        userVerification: 'preferred',
      });
      await remember(session, options.challenge);
      return options;
    },

    /** The second step with a passkey: the session becomes active. */
    authenticate: (token: string, response: AuthenticationResponseJSON, from: From): Promise<OperatorSession> =>
      signIn.secondFactor(
        token,
        ['second-factor'],
        from,
        'passkey',
        (trx, operator, session) => assertion(trx, session, operator, response),
        signIn.complete,
      ),

    /** Proves who the operator is again with a passkey, for a sensitive act (requireFresh). */
    reauthenticate: (token: string, response: AuthenticationResponseJSON, from: From): Promise<OperatorSession> =>
      signIn.secondFactor(
        token,
        ['active'],
        from,
        'passkey',
        (trx, operator, session) => assertion(trx, session, operator, response),
        async (trx, session, operator, actor) => {
          const fresh = await sessions.markFresh(trx, session, operator.entityId, actor);
          return fresh ?? session;
        },
      ),

    /** Renames one of the operator's passkeys (a sensitive act: a fresh proof); NOT_FOUND if not theirs. */
    async rename(token: string, credentialId: string, name: string, from: From): Promise<void> {
      const { session, operator } = await signIn.pending(token, ['active']);
      requireFresh(session, clock.now());
      const clean = name.trim();
      if (clean === '' || clean.length > 100)
        throw invalid([{ path: 'name', message: 'must be between 1 and 100 characters' }]);
      await db.transaction().execute(async (trx) => {
        if (!(await renamePasskey(trx, operator.id, credentialId, clean)))
          throw new AppError('NOT_FOUND', 'No such passkey.');
        await recordAudit(trx, actorOf(operator.id, from), {
          entityId: operator.entityId,
          action: 'operator.passkey_renamed',
          subjectType: 'operator',
          subjectId: operator.id,
          after: { credentialId, name: clean },
        });
      });
    },

    /**
     * Removes one of the operator's passkeys (a fresh proof needed); the last second factor stays (an
     * operator without an app keeps at least one passkey). NOT_FOUND if not theirs.
     */
    async remove(token: string, credentialId: string, from: From): Promise<void> {
      const { session, operator } = await signIn.pending(token, ['active']);
      requireFresh(session, clock.now());
      await db.transaction().execute(async (trx) => {
        const others = (await passkeysOf(trx, operator.id)).filter((p) => p.credential_id !== credentialId);
        const totp = await findTotp(trx, operator.id);
        if (others.length === 0 && !totp?.confirmed_at) {
          throw invalid([{ path: 'passkey', message: 'is your only second factor: set up another first' }]);
        }
        if (!(await removePasskey(trx, operator.id, credentialId))) throw new AppError('NOT_FOUND', 'No such passkey.');
        await recordAudit(trx, actorOf(operator.id, from), {
          entityId: operator.entityId,
          action: 'operator.passkey_removed',
          subjectType: 'operator',
          subjectId: operator.id,
          after: { credentialId },
        });
      });
    },
  };
}
