// The installation's admin credential (ADR 0029): a secret that manages entities and their API keys
// over /admin/v1, belonging to no entity. Created at the first start of the server (unless
// CASSA_CREATE_ADMIN_KEY=false), shown once, stored as its SHA-256 like the API keys, rotated by
// `cassa admin-key rotate` or by the admin over the API.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { systemPrincipal } from '../../shared/principal.ts';
import { hashSecret as hashKey, newSecret } from '../../shared/secrets.ts';
import { type Actor, principalActor, recordAudit } from '../audit/audit.ts';
import {
  type AdminCredentialInfo,
  findAdminCredential,
  findAdminCredentialByHash,
  insertAdminCredentialIfNone,
  replaceAdminCredential,
} from './admin-credential.db.ts';

export type { AdminCredentialInfo };

/** Every admin secret starts with this, so it is told apart from an entity's key (`cassa_`) at a glance. */
export const ADMIN_KEY_PREFIX = 'cassa_admin_';

/** The actor of the first start, which creates the credential. */
export const FIRST_START_ACTOR: Actor = principalActor(systemPrincipal('system', 'system:first-start'));

const prefixOf = (secret: string) => secret.slice(0, ADMIN_KEY_PREFIX.length + 6);

export type AdminCredential = ReturnType<typeof adminCredentialService>;

export function adminCredentialService(deps: { db: Kysely<Schema> }) {
  const { db } = deps;
  const audit = (trx: Kysely<Schema>, actor: Actor, action: string, before: unknown, after: unknown) =>
    recordAudit(trx, actor, {
      entityId: null,
      action,
      subjectType: 'admin_credential',
      subjectId: 'admin',
      before,
      after,
    });

  return {
    /**
     * Creates the credential when there is none and returns its secret — the only time it exists in
     * clear; undefined when one existed already (or another process created it just now).
     */
    async createIfNone(actor: Actor = FIRST_START_ACTOR): Promise<string | undefined> {
      const secret = newSecret(ADMIN_KEY_PREFIX);
      const prefix = prefixOf(secret);
      const created = await db.transaction().execute(async (trx) => {
        if (!(await insertAdminCredentialIfNone(trx, { prefix, hash: hashKey(secret), createdBy: actor.id }))) {
          return false;
        }
        await audit(trx, actor, 'admin_credential.create', undefined, { prefix });
        return true;
      });
      return created ? secret : undefined;
    },

    /** A new secret in place of the old one, which is refused from now on; returned once, in clear. */
    async rotate(actor: Actor): Promise<AdminCredentialInfo & { key: string }> {
      const secret = newSecret(ADMIN_KEY_PREFIX);
      const prefix = prefixOf(secret);
      await db.transaction().execute(async (trx) => {
        const previous = await replaceAdminCredential(trx, { prefix, hash: hashKey(secret), createdBy: actor.id });
        await audit(trx, actor, 'admin_credential.rotate', previous && { prefix: previous }, { prefix });
      });
      return { ...(await findAdminCredential(db))!, key: secret };
    },

    /** The prefix of the credential when `secret` is it; undefined otherwise. */
    async authenticate(secret: string): Promise<string | undefined> {
      if (!secret.startsWith(ADMIN_KEY_PREFIX) || secret.length > 100) return undefined;
      return findAdminCredentialByHash(db, hashKey(secret));
    },

    /** What may be shown of the credential, or undefined when there is none. */
    info: () => findAdminCredential(db),
  };
}
