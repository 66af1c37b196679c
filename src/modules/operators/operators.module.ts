// Wires the operators module's services once (services.ts takes it whole): accounts, roles, sessions,
// sign-in with its limits, the second factors and invitations.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { invitationsService } from './invitations.service.ts';
import { lockout } from './lockout.ts';
import { operatorSessions } from './operator-sessions.ts';
import { operatorsService } from './operators.service.ts';
import { passkeysService } from './passkeys.service.ts';
import { rolesService } from './roles.service.ts';
import { secondFactorService } from './second-factor.service.ts';
import { signInService } from './sign-in.service.ts';

export type OperatorsModule = ReturnType<typeof operatorsModule>;

export function operatorsModule(deps: { db: Kysely<Schema>; clock: Clock; publicUrl: string }) {
  const { db, clock, publicUrl } = deps;
  const sessions = operatorSessions({ db, clock });
  const limits = lockout({ db, clock });
  const signIn = signInService({ db, clock, sessions, lockout: limits });
  const accounts = operatorsService({ db, clock });
  return {
    accounts,
    roles: rolesService({ db, clock }),
    sessions,
    signIn,
    secondFactor: secondFactorService({
      db,
      clock,
      sessions,
      lockout: limits,
      signIn,
      issuer: `Cassa (${new URL(publicUrl).host})`,
    }),
    passkeys: passkeysService({ db, clock, sessions, signIn, publicUrl }),
    invitations: invitationsService({ db, clock, operators: accounts, sessions, publicUrl }),
  };
}
