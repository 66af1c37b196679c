// API keys of the back office: scoped to one entity, shown once, stored only as a SHA-256 hash
// (the keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force).
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { apiKeyPrincipal, authorize, type Principal } from '../../shared/principal.ts';
import { hashSecret as hashKey, newSecret } from '../../shared/secrets.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { type ApiKeyInfo, findApiKeys, insertApiKey, revokeApiKey } from './api-keys.db.ts';
import { findEntityByFiscalCode, findEntityByKeyHash } from './entities.db.ts';
import type { Entity } from './entity.ts';
import { keyGrantsOf, storedKeyGrants } from './key-grants.ts';

export type { ApiKeyInfo };

const KEY_PREFIX = 'cassa_';

/** The identity a valid key grants: one entity, and what it may do there. */
export interface ApiClient {
  keyId: string;
  entity: Entity;
  principal: Principal;
}

export type ApiKeysService = ReturnType<typeof apiKeysService>;

export function apiKeysService(deps: {
  db: Kysely<Schema>;
  /** Whether a secret is the admin credential, which entity routes refuse with 403 (ADR 0029). */
  isAdminCredential?: (secret: string) => Promise<boolean>;
}) {
  const { db } = deps;

  async function createKey(
    entityFiscalCode: string,
    name: string,
    actor: Actor,
    key: string,
    requested?: readonly string[],
  ) {
    const grants = storedKeyGrants(requested);
    const entity = await findEntityByFiscalCode(db, entityFiscalCode);
    if (!entity) throw new AppError('NOT_FOUND', `No entity with fiscal code ${entityFiscalCode}`);
    authorize(actor.principal, { entityId: entity.id, area: 'settings', access: 'write' });
    if (entity.deactivatedAt) {
      throw new AppError('ENTITY_INACTIVE', `The entity ${entityFiscalCode} is deactivated: reactivate it first`);
    }
    const id = uuidv7();
    const prefix = key.slice(0, KEY_PREFIX.length + 6);
    await db.transaction().execute(async (trx) => {
      await insertApiKey(trx, {
        id,
        entity_id: entity.id,
        name,
        key_prefix: prefix,
        key_hash: hashKey(key),
        created_by: actor.id,
        grants,
      });
      await recordAudit(trx, actor, {
        entityId: entity.id,
        action: 'api_key.create',
        subjectType: 'api_key',
        subjectId: id,
        after: { name, prefix, ...(grants && { grants }) },
      });
    });
    const [info] = await findApiKeys(db, { id });
    return { ...info!, key };
  }

  async function revokeFound(found: ApiKeyInfo, actor: Actor): Promise<ApiKeyInfo> {
    if (found.revokedAt) return found;
    await db.transaction().execute(async (trx) => {
      const entityId = await revokeApiKey(trx, found.id, new Date());
      // Checked here, where the key's entity is known: a refusal rolls the revocation back.
      authorize(actor.principal, { entityId, area: 'settings', access: 'write' });
      await recordAudit(trx, actor, {
        entityId,
        action: 'api_key.revoke',
        subjectType: 'api_key',
        subjectId: found.id,
        before: { revoked: false },
        after: { revoked: true },
      });
    });
    return (await findApiKeys(db, { id: found.id }))[0]!;
  }

  return {
    /**
     * Creates a key for the entity; the returned `key` is the only time the secret exists in clear.
     * `grants` (`area:access`) narrow what it may do; without them it holds the default (ADR 0031).
     */
    create(
      entityFiscalCode: string,
      name: string,
      actor: Actor,
      grants?: readonly string[],
    ): Promise<ApiKeyInfo & { key: string }> {
      return createKey(entityFiscalCode, name, actor, newSecret(KEY_PREFIX), grants);
    },

    /** Registers a key whose secret is given: only for the demo's public key. */
    createWithSecret(entityFiscalCode: string, name: string, secret: string, actor: Actor) {
      if (!secret.startsWith(KEY_PREFIX)) throw new Error(`API keys start with ${KEY_PREFIX}`);
      return createKey(entityFiscalCode, name, actor, secret);
    },

    list: (entityFiscalCode?: string): Promise<ApiKeyInfo[]> =>
      findApiKeys(db, entityFiscalCode ? { entityFiscalCode } : {}),

    /** Revokes a key by id or by its displayed prefix; revoking twice is harmless. */
    async revoke(idOrPrefix: string, actor: Actor): Promise<ApiKeyInfo> {
      const isUuid = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
      const matches = await findApiKeys(db, isUuid ? { id: idOrPrefix } : { prefix: idOrPrefix });
      if (matches.length !== 1) {
        throw new AppError(
          'NOT_FOUND',
          matches.length === 0 ? `No API key ${idOrPrefix}` : 'Ambiguous prefix; use the id',
        );
      }
      return revokeFound(matches[0]!, actor);
    },

    /** Revokes a key of the given entity; a key of another entity is NOT_FOUND, like a missing one. */
    async revokeOfEntity(entityFiscalCode: string, id: string, actor: Actor): Promise<ApiKeyInfo> {
      const [found] = /^[0-9a-f-]{36}$/i.test(id) ? await findApiKeys(db, { id, entityFiscalCode }) : [];
      if (!found) throw new AppError('NOT_FOUND', `No API key ${id} of entity ${entityFiscalCode}`);
      return revokeFound(found, actor);
    },

    /** Whether a presented secret that is no API key is the admin credential (refused with 403, not 401). */
    isAdminCredential: (secret: string): Promise<boolean> => deps.isAdminCredential?.(secret) ?? Promise.resolve(false),

    /** Resolves a presented key to its entity and principal (one query); undefined for an unknown or revoked key, or a deactivated entity's. */
    async authenticate(key: string): Promise<ApiClient | undefined> {
      if (!key.startsWith(KEY_PREFIX) || key.length > 100) return undefined;
      const found = await findEntityByKeyHash(db, hashKey(key));
      if (!found) return undefined;
      const principal = apiKeyPrincipal(found.keyId, found.entity.id, keyGrantsOf(found.grants));
      return { keyId: found.keyId, entity: found.entity, principal };
    },
  };
}
