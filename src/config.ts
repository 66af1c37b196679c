// The only place that reads process.env. Every variable is parsed once, every problem is listed
// together, and the result is frozen: a bad value stops start-up with a message naming the variable.
// The sign-in (config/sign-in.ts) and mail (config/mail.ts) settings are parsed in their own files.
import { resolve } from 'node:path';
import { type Env, HEADER_NAME } from './config/env.ts';
import { type SmtpConfig, smtpConfig } from './config/mail.ts';
import { type OidcProviderConfig, oidcConfig, type SmartCardConfig, smartCardConfig } from './config/sign-in.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Folder for the embedded database (PGlite) and other local files. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent Cassa runs on the embedded PGlite database. */
  readonly databaseUrl: string | undefined;
  /**
   * PostgreSQL connection string of the role that owns the tables, for migrations (start-up and
   * `cassa db migrate`) and grants; DATABASE_URL's role then gets only what Cassa needs (ADR 0025).
   * Absent: DATABASE_URL's role migrates and owns everything.
   */
  readonly migrationDatabaseUrl: string | undefined;
  readonly dbPoolSize: number;
  /** Seed the demo entity on first start. */
  readonly demo: boolean;
  readonly logLevel: LogLevel;
  /** Run background job workers in this process. */
  readonly jobs: boolean;
  /** Largest import file accepted, in bytes (after decompression for ZIP uploads). */
  readonly importMaxBytes: number;
  /** Largest number of positions in one import file. */
  readonly importMaxRows: number;
  /** Cassa's public base URL, without a trailing slash: the QR codes on receipts point to it. */
  readonly publicUrl: string;
  /** HTTPS served by Cassa itself (TLS_CERT_FILE, TLS_KEY_FILE), with client certificates when a CA is given. */
  readonly tls: TlsConfig | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks). */
  readonly trustProxy: readonly string[];
  /** Who may call the pagoPA station: see src/modules/payments/station/station-access.ts. */
  readonly pagopa: PagopaAccess;
  /** The real pagoPA Checkout (EC API v2), or undefined: then the built-in sandbox takes payments. */
  readonly checkout: { readonly url: string; readonly subscriptionKey: string } | undefined;
  /** The built-in pagoPA sandbox (simulated Checkout and Nodo); never together with a real Checkout. */
  readonly sandbox: boolean;
  /** Where the sandbox's simulated Nodo calls the station; default: this Cassa as the payer reached it. */
  readonly sandboxStationUrl: string | undefined;
  /** Allow http:// webhook endpoints (development only; https otherwise). */
  readonly webhooksAllowHttp: boolean;
  /** pagoPA's central notice archive (ACA), kept in step when set. */
  readonly aca: { readonly url: string; readonly subscriptionKey: string } | undefined;
  /** Smart-card (CNS/CIE) sign-in: SMARTCARD_CA_FILE and friends; off when undefined. */
  readonly smartCard: SmartCardConfig | undefined;
  /** The SMTP server one-time codes are e-mailed through (SMTP_URL, SMTP_FROM); none by default. */
  readonly smtp: SmtpConfig | undefined;
  /** Sign-in with SPID/CIE through OpenID Connect (OIDC_PROVIDERS and OIDC_<NAME>_*); none by default. */
  readonly oidc: readonly OidcProviderConfig[];
}

export interface TlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA bundle client certificates are checked against (the Nodo's, smart cards'). */
  readonly clientCaFile: string | undefined;
}

export interface PagopaAccess {
  readonly allowedIps: readonly string[];
  readonly clientCert: 'off' | 'tls' | 'proxy';
  readonly certSubject: string | undefined;
  readonly proxyVerifyHeader: string;
  readonly proxySubjectHeader: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Documented variables, used by the README table and to reject obvious typos such as CASSA_DEMOS. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  'DB_POOL_SIZE',
  'CASSA_DEMO',
  'LOG_LEVEL',
  'CASSA_JOBS',
  'IMPORT_MAX_BYTES',
  'IMPORT_MAX_ROWS',
  'PUBLIC_URL',
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'TLS_CLIENT_CA_FILE',
  'TRUST_PROXY',
  'PAGOPA_ALLOWED_IPS',
  'PAGOPA_CLIENT_CERT',
  'PAGOPA_CLIENT_CERT_SUBJECT',
  'PAGOPA_PROXY_VERIFY_HEADER',
  'PAGOPA_PROXY_SUBJECT_HEADER',
  'PAGOPA_CHECKOUT_URL',
  'PAGOPA_CHECKOUT_KEY',
  'CASSA_SANDBOX',
  'SANDBOX_STATION_URL',
  'WEBHOOKS_ALLOW_HTTP',
  'ACA_URL',
  'ACA_KEY',
  'SMARTCARD_CA_FILE',
  'SMARTCARD_POLICY_OIDS',
  'SMARTCARD_CERT_HEADER',
  'SMTP_URL',
  'SMTP_FROM',
  // Each provider named here has its OIDC_<NAME>_* variables (OIDC_PROVIDER_SETTINGS in config/sign-in.ts).
  'OIDC_PROVIDERS',
] as const;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses the environment into a frozen Config, or throws ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (also 1/0, yes/no, on/off), got "${env[name]}"`);
    return fallback;
  };

  const postgresUrl = (name: string): string | undefined => {
    const value = env[name]?.trim() || undefined;
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`${name} must start with postgres:// or postgresql://, got "${url.protocol}"`);
      }
    } catch {
      problems.push(`${name} is not a valid URL (expected postgres://user:password@host:5432/database)`);
    }
    return value;
  };
  const databaseUrl = postgresUrl('DATABASE_URL');
  const migrationDatabaseUrl = postgresUrl('MIGRATION_DATABASE_URL');
  if (migrationDatabaseUrl !== undefined && databaseUrl === undefined) {
    problems.push('MIGRATION_DATABASE_URL needs DATABASE_URL: the two roles are for PostgreSQL');
  }

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const host = env.HOST?.trim() || 'localhost';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST must be a host name or IP address, got "${env.HOST}"`);

  const port = int('PORT', 3000, 0, 65535);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL, port, problems);

  const config: Config = {
    port,
    host,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    migrationDatabaseUrl,
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 200),
    demo: bool('CASSA_DEMO', databaseUrl === undefined),
    logLevel,
    jobs: bool('CASSA_JOBS', true),
    importMaxBytes: int('IMPORT_MAX_BYTES', 200 * 1024 * 1024, 1024, 10 * 1024 * 1024 * 1024),
    importMaxRows: int('IMPORT_MAX_ROWS', 1_000_000, 1, 100_000_000),
    publicUrl,
    ...networkConfig(env, problems),
    ...paymentsConfig(env, problems, bool),
    webhooksAllowHttp: bool('WEBHOOKS_ALLOW_HTTP', false),
    aca: acaConfig(env, problems),
    smartCard: smartCardConfig(env, problems),
    smtp: smtpConfig(env, problems),
    oidc: oidcConfig(env, problems, bool),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * PUBLIC_URL: the address citizens reach Cassa at (printed on receipts, so it must last). An http(s)
 * URL, optionally with a path; no query or fragment. Defaults to http://localhost:<PORT>.
 */
function parsePublicUrl(raw: string | undefined, port: number, problems: string[]): string {
  const text = raw?.trim();
  if (!text) return `http://localhost:${port}`;
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
      problems.push(
        `PUBLIC_URL must be an http:// or https:// URL without query, fragment or credentials, got "${raw}"`,
      );
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL is not a valid URL (expected e.g. https://pagamenti.comune.example.it), got "${raw}"`);
    return `http://localhost:${port}`;
  }
}

const ADDRESS = /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/;

/** A comma-separated list of IP addresses or CIDR blocks. */
function addressList(env: Env, name: string, problems: string[]): string[] {
  const entries = (env[name] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!ADDRESS.test(entry)) problems.push(`${name}: "${entry}" is not an IP address or CIDR block`);
  }
  return entries;
}

/** TLS, proxies and the pagoPA station's caller checks. */
function networkConfig(env: Env, problems: string[]): Pick<Config, 'tls' | 'trustProxy' | 'pagopa'> {
  const path = (name: string) => {
    const raw = env[name]?.trim();
    return raw ? resolve(raw) : undefined;
  };
  const certFile = path('TLS_CERT_FILE');
  const keyFile = path('TLS_KEY_FILE');
  const clientCaFile = path('TLS_CLIENT_CA_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) problems.push('TLS_CERT_FILE and TLS_KEY_FILE go together');
  if (clientCaFile !== undefined && certFile === undefined)
    problems.push('TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE');
  const tls = certFile && keyFile ? { certFile, keyFile, clientCaFile } : undefined;

  const mode = (env.PAGOPA_CLIENT_CERT?.trim().toLowerCase() || 'off') as PagopaAccess['clientCert'];
  if (!['off', 'tls', 'proxy'].includes(mode)) {
    problems.push(`PAGOPA_CLIENT_CERT must be off, tls or proxy, got "${env.PAGOPA_CLIENT_CERT}"`);
  }
  if (mode === 'tls' && clientCaFile === undefined) {
    problems.push(
      'PAGOPA_CLIENT_CERT=tls needs TLS_CERT_FILE, TLS_KEY_FILE and TLS_CLIENT_CA_FILE (the CA of the Nodo)',
    );
  }
  const header = (name: string, fallback: string) => {
    const value = env[name]?.trim() || fallback;
    if (!HEADER_NAME.test(value)) problems.push(`${name} must be an HTTP header name, got "${value}"`);
    return value.toLowerCase();
  };
  return {
    tls,
    trustProxy: addressList(env, 'TRUST_PROXY', problems),
    pagopa: {
      allowedIps: addressList(env, 'PAGOPA_ALLOWED_IPS', problems),
      clientCert: mode,
      certSubject: env.PAGOPA_CLIENT_CERT_SUBJECT?.trim() || undefined,
      proxyVerifyHeader: header('PAGOPA_PROXY_VERIFY_HEADER', 'x-ssl-client-verify'),
      proxySubjectHeader: header('PAGOPA_PROXY_SUBJECT_HEADER', 'x-ssl-client-s-dn'),
    },
  };
}

/** Online payments: the real Checkout, or the sandbox — one or the other. */
function paymentsConfig(
  env: Env,
  problems: string[],
  bool: (name: string, fallback: boolean) => boolean,
): Pick<Config, 'checkout' | 'sandbox' | 'sandboxStationUrl'> {
  const url = env.PAGOPA_CHECKOUT_URL?.trim() || undefined;
  const key = env.PAGOPA_CHECKOUT_KEY?.trim() || undefined;
  if ((url === undefined) !== (key === undefined))
    problems.push('PAGOPA_CHECKOUT_URL and PAGOPA_CHECKOUT_KEY go together');
  if (url !== undefined && !/^https:\/\/[^\s]+$/.test(url)) {
    problems.push(
      `PAGOPA_CHECKOUT_URL must be an https:// URL (e.g. https://api.platform.pagopa.it/checkout/ec/v2), got "${url}"`,
    );
  }
  const checkout = url && key ? { url, subscriptionKey: key } : undefined;
  const sandbox = bool('CASSA_SANDBOX', checkout === undefined);
  if (sandbox && checkout) {
    problems.push('CASSA_SANDBOX cannot be on together with a real pagoPA Checkout (PAGOPA_CHECKOUT_URL)');
  }
  const station = env.SANDBOX_STATION_URL?.trim() || undefined;
  if (station !== undefined && !/^https?:\/\/[^\s]+$/.test(station)) {
    problems.push(`SANDBOX_STATION_URL must be an http(s) URL, got "${station}"`);
  }
  return { checkout, sandbox, sandboxStationUrl: station };
}

/** ACA: both variables or neither. */
function acaConfig(env: Env, problems: string[]): Config['aca'] {
  const url = env.ACA_URL?.trim() || undefined;
  const key = env.ACA_KEY?.trim() || undefined;
  if ((url === undefined) !== (key === undefined)) problems.push('ACA_URL and ACA_KEY go together');
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) {
    problems.push(`ACA_URL must be an http(s) URL (e.g. https://api.platform.pagopa.it/aca/v1), got "${url}"`);
  }
  return url && key ? { url, subscriptionKey: key } : undefined;
}
