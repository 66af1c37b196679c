// The citizen's profile: contact e-mail and mobile number (stored only once confirmed by a one-time
// code), the language preference, the pending codes (their hash only), and the test outbox where
// messages go when no real mail server or SMS provider is configured (sandbox only).
// See docs/adr/0020-smartcard-and-contacts.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE citizen_profiles (
      fiscal_code varchar(16) COLLATE "C" PRIMARY KEY,
      language text CHECK (language IN ('it','en')),
      email text,
      email_confirmed_at timestamptz,
      mobile text,
      mobile_confirmed_at timestamptz,
      updated_at timestamptz NOT NULL,
      -- A contact is there only together with the moment it was confirmed.
      CHECK ((email IS NULL) = (email_confirmed_at IS NULL)),
      CHECK ((mobile IS NULL) = (mobile_confirmed_at IS NULL))
    );

    -- At most one code waiting per citizen and channel: asking again replaces it.
    CREATE TABLE contact_codes (
      fiscal_code varchar(16) COLLATE "C" NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email','sms')),
      address text NOT NULL,
      code_hash bytea NOT NULL,
      expires_at timestamptz NOT NULL,
      wrong_tries integer NOT NULL DEFAULT 0,
      last_sent_at timestamptz NOT NULL,
      -- Codes sent in the hour starting at window_start (a cap on messages to one address).
      window_start timestamptz NOT NULL,
      sends_in_window integer NOT NULL,
      PRIMARY KEY (fiscal_code, channel)
    );

    CREATE TABLE test_outbox (
      id uuid PRIMARY KEY,
      fiscal_code varchar(16) COLLATE "C" NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email','sms')),
      recipient text NOT NULL,
      subject text,
      body text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX test_outbox_fiscal_code ON test_outbox (fiscal_code, created_at);
  `,
  );
}
