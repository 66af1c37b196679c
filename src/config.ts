// The only place that reads process.env. Every variable is parsed once, every problem is listed
// together, and the result is frozen: a bad value stops start-up with a message naming the variable.
// The sign-in (config/sign-in.ts), mail (config/mail.ts) and station access (config/station.ts)
// settings are parsed in their own files.
import { resolve } from 'node:path';
import type { Env } from './config/env.ts';
import { type SmtpConfig, smtpConfig } from './config/mail.ts';
import { type OutboundTimeouts, outboundTimeouts, TIMEOUT_VARIABLES } from './config/outbound.ts';
import { type OidcProviderConfig, oidcConfig, type SmartCardConfig, smartCardConfig } from './config/sign-in.ts';
import { addressList, loopbackStationUrl, type PagopaAccess, pagopaAccessConfig } from './config/station.ts';

export type { PagopaAccess };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Folder for the embedded PostgreSQL (DATA_DIR/postgres) and other local files. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent Cassa runs on the embedded PostgreSQL server. */
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
  /**
   * Create the installation's admin credential at the first start and print it once
   * (CASSA_CREATE_ADMIN_KEY, default true; ADR 0029). Off when another path makes it (`cassa admin-key rotate`).
   */
  readonly createAdminKey: boolean;
  readonly logLevel: LogLevel;
  /** Run background job workers in this process. */
  readonly jobs: boolean;
  /** On SIGTERM/SIGINT, how long requests and jobs in flight may take to finish before the process exits anyway. */
  readonly shutdownGraceSeconds: number;
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
  /** Who may call the pagoPA station: closed by default, see config/station.ts and station-access.ts. */
  readonly pagopa: PagopaAccess;
  /** The real pagoPA Checkout (EC API v2), or undefined: then the built-in sandbox takes payments. */
  readonly checkout: { readonly url: string; readonly subscriptionKey: string } | undefined;
  /** The built-in pagoPA sandbox (simulated Checkout and Nodo); never together with a real Checkout. */
  readonly sandbox: boolean;
  /** Where the sandbox's simulated Nodo calls the station; default: this Cassa over the loopback (config/station.ts). */
  readonly sandboxStationUrl: string | undefined;
  /** Allow http:// webhook endpoints (development only; https otherwise). */
  readonly webhooksAllowHttp: boolean;
  /** pagoPA's central notice archive (ACA), kept in step when set. */
  readonly aca: { readonly url: string; readonly subscriptionKey: string } | undefined;
  /** How long each outbound call (Checkout, ACA, webhooks) may take: see config/outbound.ts. */
  readonly timeouts: OutboundTimeouts;
  /** Smart-card (CNS/CIE) sign-in: SMARTCARD_CA_FILE and friends; off when undefined. */
  readonly smartCard: SmartCardConfig | undefined;
  /** The SMTP server one-time codes are e-mailed through (SMTP_URL, SMTP_FROM); none by default. */
  readonly smtp: SmtpConfig | undefined;
  /** Sign-in with SPID/CIE through OpenID Connect (OIDC_PROVIDERS and OIDC_<NAME>_*); none by default. */
  readonly oidc: readonly OidcProviderConfig[];
  /**
   * The entity-wide budgets of anonymous access to notices per 10 minutes (NOTICE_LIMIT_ENTITY_FAILURES,
   * NOTICE_LIMIT_ENTITY_SUCCESSES; ADR 0023); undefined: the defaults of portal/notice-access.ts.
   */
  readonly noticeEntityLimits: { readonly failures?: number; readonly successes?: number };
  /** The Bearer token GET /metrics asks for (METRICS_TOKEN); unset: loopback callers only. */
  readonly metricsToken: string | undefined;
}

export interface TlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA bundle client certificates are checked against (the Nodo's, smart cards'). */
  readonly clientCaFile: string | undefined;
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
  'CASSA_CREATE_ADMIN_KEY',
  'LOG_LEVEL',
  'CASSA_JOBS',
  'SHUTDOWN_GRACE_SECONDS',
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
  'PAGOPA_STATION_OPEN',
  'PAGOPA_CHECKOUT_URL',
  'PAGOPA_CHECKOUT_KEY',
  'CASSA_SANDBOX',
  'SANDBOX_STATION_URL',
  'WEBHOOKS_ALLOW_HTTP',
  'ACA_URL',
  'ACA_KEY',
  ...TIMEOUT_VARIABLES,
  'SMARTCARD_CA_FILE',
  'SMARTCARD_POLICY_OIDS',
  'SMARTCARD_CERT_HEADER',
  'SMTP_URL',
  'SMTP_FROM',
  // Each provider named here has its OIDC_<NAME>_* variables (OIDC_PROVIDER_SETTINGS in config/sign-in.ts).
  'OIDC_PROVIDERS',
  'NOTICE_LIMIT_ENTITY_FAILURES',
  'NOTICE_LIMIT_ENTITY_SUCCESSES',
  'METRICS_TOKEN',
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
    problems.push('MIGRATION_DATABASE_URL needs DATABASE_URL: the embedded database sets up its two roles itself');
  }

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const host = env.HOST?.trim() || 'localhost';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST must be a host name or IP address, got "${env.HOST}"`);

  const port = int('PORT', 3000, 0, 65535);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL, port, problems);

  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(metricsToken)) {
    problems.push('METRICS_TOKEN must be 16 to 256 printable characters without spaces (e.g. openssl rand -hex 32)');
  }

  const payments = paymentsConfig(env, problems, bool);
  const network = networkConfig(env, problems);
  const config: Config = {
    port,
    host,
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    databaseUrl,
    migrationDatabaseUrl,
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 200),
    demo: bool('CASSA_DEMO', databaseUrl === undefined),
    createAdminKey: bool('CASSA_CREATE_ADMIN_KEY', true),
    logLevel,
    jobs: bool('CASSA_JOBS', true),
    shutdownGraceSeconds: int('SHUTDOWN_GRACE_SECONDS', 25, 0, 3600),
    importMaxBytes: int('IMPORT_MAX_BYTES', 200 * 1024 * 1024, 1024, 10 * 1024 * 1024 * 1024),
    importMaxRows: int('IMPORT_MAX_ROWS', 1_000_000, 1, 100_000_000),
    publicUrl,
    ...network,
    pagopa: pagopaAccessConfig(env, problems, bool, {
      sandbox: payments.sandbox,
      clientCaFile: network.tls?.clientCaFile,
    }),
    ...payments,
    sandboxStationUrl: payments.sandboxStationUrl ?? loopbackStationUrl(host, port, network.tls !== undefined),
    webhooksAllowHttp: bool('WEBHOOKS_ALLOW_HTTP', false),
    aca: acaConfig(env, problems),
    timeouts: outboundTimeouts(int),
    smartCard: smartCardConfig(env, problems),
    smtp: smtpConfig(env, problems),
    oidc: oidcConfig(env, problems, bool),
    noticeEntityLimits: {
      ...(env.NOTICE_LIMIT_ENTITY_FAILURES?.trim() && { failures: int('NOTICE_LIMIT_ENTITY_FAILURES', 0, 1, 1e7) }),
      ...(env.NOTICE_LIMIT_ENTITY_SUCCESSES?.trim() && { successes: int('NOTICE_LIMIT_ENTITY_SUCCESSES', 0, 1, 1e7) }),
    },
    metricsToken,
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

/** TLS and proxies. */
function networkConfig(env: Env, problems: string[]): Pick<Config, 'tls' | 'trustProxy'> {
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

  return {
    tls,
    trustProxy: addressList(env, 'TRUST_PROXY', problems),
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
