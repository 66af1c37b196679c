// The keys that sign the portal's cookies (src/db/app-secrets.ts keeps them).
import type { Kysely } from 'kysely';
import { appSecret } from '../../db/app-secrets.ts';
import type { Schema } from '../../db/schema.ts';
import type { PortalKeys } from './web.ts';

export async function portalKeys(db: Kysely<Schema>): Promise<PortalKeys> {
  return { csrf: await appSecret(db, 'portal.csrf'), payments: await appSecret(db, 'portal.payments') };
}
