// Operators of the console and how they sign in (ADR 0033). An operator belongs to one entity, or to
// none: an installation administrator. Roles are per entity (defined by its administrators) or
// shipped with Cassa (their grants live in code, operators/roles.ts; their rows only name them, so
// that operator_roles has one foreign key, and are written when first granted: a fresh database has
// no rows, as a restore needs). Secrets are kept as hashes: passwords as Argon2id, session
// and invitation tokens and recovery codes as SHA-256 (256 and 60 random bits, nothing to guess). The
// TOTP secret must be readable to check a code, so it is stored as is (no secret-encryption helper
// exists yet; the application role is the only reader).
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE operators (
      id uuid PRIMARY KEY,
      entity_id uuid REFERENCES entities (id),
      email text NOT NULL CHECK (email = lower(email)),
      display_name text NOT NULL,
      fiscal_code varchar(16) COLLATE "C",
      status text COLLATE "C" NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      password_hash text,
      failed_attempts integer NOT NULL DEFAULT 0,
      lockouts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- One e-mail per entity, and one among the installation's administrators.
    CREATE UNIQUE INDEX operators_entity_email ON operators (entity_id, email) WHERE entity_id IS NOT NULL;
    CREATE UNIQUE INDEX operators_installation_email ON operators (email) WHERE entity_id IS NULL;
    CREATE UNIQUE INDEX operators_entity_fiscal_code ON operators (entity_id, fiscal_code)
      WHERE fiscal_code IS NOT NULL;

    CREATE TABLE roles (
      id uuid PRIMARY KEY,
      entity_id uuid REFERENCES entities (id),
      builtin text COLLATE "C" UNIQUE,
      name text NOT NULL,
      -- A defined role's grants, JSON [{"area", "access"}]; null for a shipped one (its grants are in code).
      grants text,
      -- The catalogue services (or categories) a defined role is limited to; null: all of them.
      services text[],
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((builtin IS NULL) = (grants IS NOT NULL)),
      CHECK ((builtin IS NULL) = (entity_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX roles_entity_name ON roles (entity_id, lower(name)) WHERE entity_id IS NOT NULL;
    CREATE TABLE operator_roles (
      operator_id uuid NOT NULL REFERENCES operators (id),
      role_id uuid NOT NULL REFERENCES roles (id),
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (operator_id, role_id)
    );
    CREATE INDEX operator_roles_role ON operator_roles (role_id);

    CREATE TABLE operator_totp (
      operator_id uuid PRIMARY KEY REFERENCES operators (id),
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      -- The time step of the last code accepted: a code of that step or an earlier one is refused.
      last_time_step bigint
    );

    CREATE TABLE operator_recovery_codes (
      operator_id uuid NOT NULL REFERENCES operators (id),
      code_hash bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz,
      PRIMARY KEY (operator_id, code_hash)
    );

    CREATE TABLE operator_passkeys (
      credential_id text COLLATE "C" PRIMARY KEY,
      operator_id uuid NOT NULL REFERENCES operators (id),
      public_key bytea NOT NULL,
      counter bigint NOT NULL DEFAULT 0,
      transports text[] NOT NULL DEFAULT '{}',
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    );
    CREATE INDEX operator_passkeys_operator ON operator_passkeys (operator_id);

    CREATE TABLE operator_sessions (
      token_hash bytea PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      operator_id uuid NOT NULL REFERENCES operators (id),
      method text COLLATE "C" NOT NULL CHECK (method IN ('password', 'oidc')),
      -- second-factor: the password was right, a code or passkey is awaited; enrol: the operator has
      -- no second factor yet and may only set one up; active: signed in.
      stage text COLLATE "C" NOT NULL CHECK (stage IN ('second-factor', 'enrol', 'active')),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      second_factor_at timestamptz,
      reauthenticated_at timestamptz,
      address text,
      -- The WebAuthn challenge given last (registration or authentication), used once.
      challenge text,
      ended_at timestamptz
    );
    CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id) WHERE ended_at IS NULL;

    CREATE TABLE operator_invitations (
      token_hash bytea PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      -- The operator who sets their password with it; null: the first administrator of the installation.
      operator_id uuid REFERENCES operators (id),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
  `,
  );
}
