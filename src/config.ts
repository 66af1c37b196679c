// The only place that reads process.env. Every variable is parsed once, every problem is listed
// together, and the result is frozen: a bad value stops start-up with a message naming the variable.
import { resolve } from 'node:path';
import { readSigningKey } from './modules/identity/oidc.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Folder for the embedded database (PGlite) and other local files. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent Cassa runs on the embedded PGlite database. */
  readonly databaseUrl: string | undefined;
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
  readonly smtp: { readonly url: string; readonly from: string } | undefined;
  /** Sign-in with SPID/CIE through OpenID Connect (OIDC_PROVIDERS and OIDC_<NAME>_*); none by default. */
  readonly oidc: readonly OidcProviderConfig[];
}

/** One OpenID Connect provider citizens sign in with (see the README, "Signing in with SPID and CIE"). */
export interface OidcProviderConfig {
  /** Lower-case name from OIDC_PROVIDERS; in the URLs /accedi/oidc/<name>. */
  readonly name: string;
  /** What the session records as the sign-in method. */
  readonly kind: 'spid' | 'cie';
  /** The button text; undefined: "Entra con SPID" / "Entra con CIE" in the visitor's language. */
  readonly label: string | undefined;
  readonly issuer: string;
  readonly clientId: string;
  /** client_secret_basic; exactly one of clientSecret and privateKeyFile. */
  readonly clientSecret: string | undefined;
  /** private_key_jwt and signed request objects (as SPID/CIE OIDC require): an RSA or EC P-256 key, PEM or JWK. */
  readonly privateKeyFile: string | undefined;
  readonly scope: string;
  /** The claim holding the fiscal code (TINIT-<CF> or a bare code). */
  readonly fiscalCodeClaim: string;
  readonly acr: string | undefined;
  readonly prompt: string | undefined;
  /** Let the provider be reached over http:// (a local test provider only). */
  readonly allowHttp: boolean;
}

export interface SmartCardConfig {
  /** PEM bundle of the CAs that issue the accepted cards (roots and intermediates). */
  readonly caFile: string;
  /** Accepted certificate policies (default CNS 1.3.76.16.2.1 and CIE 1.3.76.47.4). */
  readonly policyOids: readonly string[];
  /** When set: the header a trusted reverse proxy passes the verified certificate in (URL-encoded PEM). */
  readonly certHeader: string | undefined;
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

type Env = Record<string, string | undefined>;

/** Documented variables, used by the README table and to reject obvious typos such as CASSA_DEMOS. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
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
  // Each provider named here has its OIDC_<NAME>_* variables (OIDC_PROVIDER_SETTINGS).
  'OIDC_PROVIDERS',
] as const;

/** The per-provider settings: OIDC_<NAME>_<SETTING>. */
export const OIDC_PROVIDER_SETTINGS = [
  'ISSUER',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'PRIVATE_KEY_FILE',
  'KIND',
  'LABEL',
  'SCOPE',
  'FISCAL_CODE_CLAIM',
  'ACR',
  'PROMPT',
  'ALLOW_HTTP',
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

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}"`);
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)');
    }
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
const HEADER = /^[A-Za-z0-9-]+$/;

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
    if (!HEADER.test(value)) problems.push(`${name} must be an HTTP header name, got "${value}"`);
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

export const DEFAULT_FISCAL_CODE_CLAIM = 'https://attributes.eid.gov.it/fiscal_number';

/** OIDC_PROVIDERS=spid,cie and, for each, OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET or _PRIVATE_KEY_FILE… */
function oidcConfig(
  env: Env,
  problems: string[],
  bool: (name: string, fallback: boolean) => boolean,
): OidcProviderConfig[] {
  const names = (env.OIDC_PROVIDERS ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  const providers: OidcProviderConfig[] = [];
  for (const name of names) {
    if (!/^[a-z][a-z0-9]{0,19}$/.test(name)) {
      problems.push(`OIDC_PROVIDERS: "${name}" must be a letter then letters or digits (at most 20), e.g. spid,cie`);
      continue;
    }
    if (providers.some((p) => p.name === name)) {
      problems.push(`OIDC_PROVIDERS names "${name}" twice`);
      continue;
    }
    const prefix = `OIDC_${name.toUpperCase()}_`;
    const value = (setting: (typeof OIDC_PROVIDER_SETTINGS)[number]) => env[prefix + setting]?.trim() || undefined;
    const allowHttp = bool(`${prefix}ALLOW_HTTP`, false);
    const issuer = value('ISSUER');
    if (!issuer)
      problems.push(`${prefix}ISSUER is required (the provider's issuer URL, e.g. https://id.ente.example.it)`);
    else if (!/^https:\/\/\S+$/.test(issuer) && !(allowHttp && /^http:\/\/\S+$/.test(issuer)))
      problems.push(`${prefix}ISSUER must be an https:// URL, got "${issuer}"`);
    const clientId = value('CLIENT_ID');
    if (!clientId) problems.push(`${prefix}CLIENT_ID is required (the client id the provider registered for Cassa)`);
    const clientSecret = value('CLIENT_SECRET');
    const keyFile = value('PRIVATE_KEY_FILE');
    const privateKeyFile = keyFile ? resolve(keyFile) : undefined;
    if ((clientSecret === undefined) === (privateKeyFile === undefined))
      problems.push(`${prefix}CLIENT_SECRET or ${prefix}PRIVATE_KEY_FILE is required, and only one of them`);
    if (privateKeyFile) checkPrivateKeyFile(`${prefix}PRIVATE_KEY_FILE`, privateKeyFile, problems);
    const kind = (value('KIND')?.toLowerCase() ?? (name === 'spid' || name === 'cie' ? name : undefined)) as
      | OidcProviderConfig['kind']
      | undefined;
    if (kind !== 'spid' && kind !== 'cie')
      problems.push(`${prefix}KIND must be spid or cie (what the session records), got "${value('KIND') ?? ''}"`);
    const scope = value('SCOPE') ?? 'openid profile';
    if (!scope.split(/\s+/).includes('openid')) problems.push(`${prefix}SCOPE must include openid, got "${scope}"`);
    const fiscalCodeClaim = value('FISCAL_CODE_CLAIM') ?? DEFAULT_FISCAL_CODE_CLAIM;
    providers.push({
      name,
      kind: kind === 'cie' ? 'cie' : 'spid',
      label: value('LABEL'),
      issuer: issuer ?? '',
      clientId: clientId ?? '',
      clientSecret,
      privateKeyFile,
      scope,
      fiscalCodeClaim,
      acr: value('ACR'),
      prompt: value('PROMPT'),
      allowHttp,
    });
  }
  // A misspelt variable would silently do nothing: name it instead.
  for (const key of Object.keys(env)) {
    if (!key.startsWith('OIDC_') || key === 'OIDC_PROVIDERS' || env[key] === undefined) continue;
    const owner = names.find((n) => key.startsWith(`OIDC_${n.toUpperCase()}_`));
    const setting = owner ? key.slice(`OIDC_${owner.toUpperCase()}_`.length) : undefined;
    if (!owner) problems.push(`${key} is set, but no provider of OIDC_PROVIDERS (${names.join(',')}) has that prefix`);
    else if (!(OIDC_PROVIDER_SETTINGS as readonly string[]).includes(setting!))
      problems.push(`${key}: unknown setting ${setting} (known: ${OIDC_PROVIDER_SETTINGS.join(', ')})`);
  }
  return providers;
}

/** A private key file must be there and hold an RSA or EC P-256 private key (PEM or JWK). */
function checkPrivateKeyFile(name: string, file: string, problems: string[]): void {
  try {
    readSigningKey(file);
  } catch (error) {
    problems.push(`${name}: ${(error as Error).message}`);
  }
}

/**
 * Smart-card sign-in: on when SMARTCARD_CA_FILE is set. The certificate reaches Cassa either on its
 * own TLS connection (TLS_CERT_FILE/TLS_KEY_FILE) or, with SMARTCARD_CERT_HEADER, from a reverse
 * proxy listed in TRUST_PROXY.
 */
function smartCardConfig(env: Env, problems: string[]): SmartCardConfig | undefined {
  const caFile = env.SMARTCARD_CA_FILE?.trim() || undefined;
  const oids = env.SMARTCARD_POLICY_OIDS?.trim() || undefined;
  const header = env.SMARTCARD_CERT_HEADER?.trim() || undefined;
  if (!caFile) {
    if (oids || header) problems.push('SMARTCARD_POLICY_OIDS and SMARTCARD_CERT_HEADER need SMARTCARD_CA_FILE');
    return undefined;
  }
  const policyOids = (oids ?? '1.3.76.16.2.1,1.3.76.47.4')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const oid of policyOids) {
    if (!/^[0-2](\.\d+)+$/.test(oid)) problems.push(`SMARTCARD_POLICY_OIDS: "${oid}" is not an object identifier`);
  }
  if (policyOids.length === 0) problems.push('SMARTCARD_POLICY_OIDS lists no policy');
  if (header !== undefined && !HEADER.test(header)) {
    problems.push(`SMARTCARD_CERT_HEADER must be an HTTP header name, got "${header}"`);
  }
  if (header !== undefined && !env.TRUST_PROXY?.trim()) {
    problems.push('SMARTCARD_CERT_HEADER needs TRUST_PROXY: the header is believed only from those proxies');
  }
  if (header === undefined && !env.TLS_CERT_FILE?.trim()) {
    problems.push(
      'SMARTCARD_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE (Cassa asks for the card itself) or SMARTCARD_CERT_HEADER (a reverse proxy does)',
    );
  }
  return { caFile: resolve(caFile), policyOids, certHeader: header?.toLowerCase() };
}

/** SMTP_URL (smtp:// or smtps://, credentials in the URL) and the sender SMTP_FROM, together. */
function smtpConfig(env: Env, problems: string[]): Config['smtp'] {
  const url = env.SMTP_URL?.trim() || undefined;
  const from = env.SMTP_FROM?.trim() || undefined;
  if (!url) {
    if (from) problems.push('SMTP_FROM needs SMTP_URL');
    return undefined;
  }
  // The URL may hold a password: messages never repeat it.
  if (!/^smtps?:\/\/\S+$/.test(url)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  if (!from) {
    problems.push(
      'SMTP_URL needs SMTP_FROM, the sender address (e.g. "Comune di Prova <pagamenti@comune.example.it>")',
    );
  } else if (!/^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(from)) {
    problems.push(`SMTP_FROM must be an e-mail address, optionally with a name, got "${from}"`);
  }
  return from ? { url, from } : undefined;
}
