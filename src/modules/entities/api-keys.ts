// API keys of the back office: scoped to one entity, shown once, stored only as a SHA-256 hash
// (the keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import { findEntityByFiscalCode } from './entities.db.ts';

const KEY_PREFIX = 'cassa_';

export interface ApiKeyInfo {
  id: string;
  entityFiscalCode: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** The identity a valid key grants: one entity. */
export interface ApiClient {
  keyId: string;
  entityId: string;
  entityFiscalCode: string;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest();

export type ApiKeysService = ReturnType<typeof apiKeysService>;

export function apiKeysService(deps: { db: Kysely<Schema> }) {
  const { db } = deps;
  const listQuery = () =>
    db
      .selectFrom('api_keys')
      .innerJoin('entities', 'entities.id', 'api_keys.entity_id')
      .select([
        'api_keys.id',
        'entities.fiscal_code',
        'api_keys.name',
        'api_keys.key_prefix',
        'api_keys.created_by',
        'api_keys.created_at',
        'api_keys.revoked_at',
      ]);
  type Row = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];
  const toInfo = (r: Row): ApiKeyInfo => ({
    id: r.id,
    entityFiscalCode: r.fiscal_code,
    name: r.name,
    prefix: r.key_prefix,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  });

  async function createKey(entityFiscalCode: string, name: string, actor: Actor, key: string) {
    const entity = await findEntityByFiscalCode(db, entityFiscalCode);
    if (!entity) throw new AppError('NOT_FOUND', `No entity with fiscal code ${entityFiscalCode}`);
    const id = uuidv7();
    const prefix = key.slice(0, KEY_PREFIX.length + 6);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('api_keys')
        .values({
          id,
          entity_id: entity.id,
          name,
          key_prefix: prefix,
          key_hash: hashKey(key),
          created_by: actor.id,
        })
        .execute();
      await recordAudit(trx, actor, {
        entityId: entity.id,
        action: 'api_key.create',
        subjectType: 'api_key',
        subjectId: id,
        after: { name, prefix },
      });
    });
    const info = toInfo(await listQuery().where('api_keys.id', '=', id).executeTakeFirstOrThrow());
    return { ...info, key };
  }

  return {
    /** Creates a key for the entity; the returned `key` is the only time the secret exists in clear. */
    create(entityFiscalCode: string, name: string, actor: Actor): Promise<ApiKeyInfo & { key: string }> {
      return createKey(entityFiscalCode, name, actor, KEY_PREFIX + randomBytes(32).toString('base64url'));
    },

    /** Registers a key whose secret is given: only for the demo's public key. */
    createWithSecret(entityFiscalCode: string, name: string, secret: string, actor: Actor) {
      if (!secret.startsWith(KEY_PREFIX)) throw new Error(`API keys start with ${KEY_PREFIX}`);
      return createKey(entityFiscalCode, name, actor, secret);
    },

    async list(entityFiscalCode?: string): Promise<ApiKeyInfo[]> {
      let query = listQuery().orderBy('api_keys.created_at');
      if (entityFiscalCode) query = query.where('entities.fiscal_code', '=', entityFiscalCode);
      return (await query.execute()).map(toInfo);
    },

    /** Revokes a key by id or by its displayed prefix; revoking twice is harmless. */
    async revoke(idOrPrefix: string, actor: Actor): Promise<ApiKeyInfo> {
      const isUuid = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
      const matches = await listQuery()
        .where(isUuid ? 'api_keys.id' : 'api_keys.key_prefix', '=', idOrPrefix)
        .execute();
      if (matches.length !== 1) {
        throw new AppError(
          'NOT_FOUND',
          matches.length === 0 ? `No API key ${idOrPrefix}` : 'Ambiguous prefix; use the id',
        );
      }
      const found = toInfo(matches[0]!);
      if (found.revokedAt) return found;
      await db.transaction().execute(async (trx) => {
        const { entity_id } = await trx
          .updateTable('api_keys')
          .set({ revoked_at: new Date() })
          .where('id', '=', found.id)
          .returning('entity_id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, {
          entityId: entity_id,
          action: 'api_key.revoke',
          subjectType: 'api_key',
          subjectId: found.id,
          before: { revoked: false },
          after: { revoked: true },
        });
      });
      return toInfo(await listQuery().where('api_keys.id', '=', found.id).executeTakeFirstOrThrow());
    },

    /** Resolves a presented key to its entity, or undefined for an unknown or revoked key. */
    async authenticate(key: string): Promise<ApiClient | undefined> {
      if (!key.startsWith(KEY_PREFIX) || key.length > 100) return undefined;
      const row = await db
        .selectFrom('api_keys')
        .innerJoin('entities', 'entities.id', 'api_keys.entity_id')
        .select(['api_keys.id', 'api_keys.entity_id', 'entities.fiscal_code'])
        .where('api_keys.key_hash', '=', hashKey(key))
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      return row && { keyId: row.id, entityId: row.entity_id, entityFiscalCode: row.fiscal_code };
    },
  };
}
