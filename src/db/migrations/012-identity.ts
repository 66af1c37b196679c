// Sign-in through OpenID Connect (SPID/CIE): one row per sign-in that was started, holding what the
// callback must check — state, nonce, PKCE verifier, the browser it belongs to — until it is used
// once or expires. See docs/adr/0017-oidc-sign-in.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE oidc_transactions (
      state text COLLATE "C" PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      provider text NOT NULL,
      -- SHA-256 of the random value in the browser's __Host-cassa-oidc cookie.
      browser_hash bytea NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      next_path text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      -- Set by the first callback that names the state: a second one is refused.
      used_at timestamptz
    );
    CREATE INDEX oidc_transactions_expires_at ON oidc_transactions (expires_at);
  `,
  );
}
