// Applies the migrations in src/db/migrations, on start-up and from `cassa db migrate`. The list is
// explicit (not a directory scan) so the order is reviewed in code and nothing stray is picked up.
import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import * as foundation from './migrations/001-foundation.ts';
import * as documents from './migrations/002-documents.ts';
import * as station from './migrations/003-station.ts';
import * as payments from './migrations/004-payments.ts';
import * as webhooks from './migrations/005-webhooks.ts';
import * as aca from './migrations/006-aca.ts';
import * as portal from './migrations/007-portal.ts';
import * as sessions from './migrations/008-sessions.ts';
import * as cart from './migrations/009-cart.ts';
import * as catalogue from './migrations/010-catalogue.ts';
import * as calendar from './migrations/011-calendar.ts';
import * as identity from './migrations/012-identity.ts';
import * as profile from './migrations/013-profile.ts';
import * as limits from './migrations/014-limits.ts';
import * as importLeases from './migrations/015-import-leases.ts';
import * as events from './migrations/016-events.ts';
import * as accessLimits from './migrations/017-access-limits.ts';
import * as auditChain from './migrations/019-audit-chain.ts';
import * as adminCredential from './migrations/021-admin-credential.ts';
import * as operators from './migrations/022-operators.ts';
import * as apiKeyGrants from './migrations/024-api-key-grants.ts';
import * as attemptBrowser from './migrations/025-attempt-browser.ts';
import * as consolePositions from './migrations/026-console-positions.ts';
import * as dashboard from './migrations/028-dashboard.ts';
import * as overpaymentRefunds from './migrations/029-overpayment-refunds.ts';
import * as totpReplacement from './migrations/032-totp-replacement.ts';
import type { Schema } from './schema.ts';

const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-documents': documents,
  '003-station': station,
  '004-payments': payments,
  '005-webhooks': webhooks,
  '006-aca': aca,
  '007-portal': portal,
  '008-sessions': sessions,
  '009-cart': cart,
  '010-catalogue': catalogue,
  '011-calendar': calendar,
  '012-identity': identity,
  '013-profile': profile,
  '014-limits': limits,
  '015-import-leases': importLeases,
  '016-events': events,
  '017-access-limits': accessLimits,
  '019-audit-chain': auditChain,
  '021-admin-credential': adminCredential,
  '022-operators': operators,
  '024-api-key-grants': apiKeyGrants,
  '025-attempt-browser': attemptBrowser,
  '026-console-positions': consolePositions,
  '028-dashboard': dashboard,
  '029-overpayment-refunds': overpaymentRefunds,
  '032-totp-replacement': totpReplacement,
};

/** Brings the schema up to the named migration (tests of a migration over older data). */
export async function migrateTo(db: Kysely<Schema>, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateTo(name);
  if (result.error) throw result.error;
}

/** Brings the schema to the latest migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Schema>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
