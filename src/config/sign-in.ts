// Citizens' sign-in settings, composed into Config by loadConfig: SPID/CIE through OpenID Connect
// (OIDC_PROVIDERS and OIDC_<NAME>_*) and smart cards (SMARTCARD_*). Problems go to loadConfig's list.
import { resolve } from 'node:path';
import { readSigningKey } from '../modules/identity/signing-key.ts';
import { DEFAULT_SMARTCARD_POLICIES } from '../modules/identity/smartcard.ts';
import { type Env, HEADER_NAME } from './env.ts';

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
  /**
   * Who signs in through it: citizens, on the portal (the default), or an entity's operators, on the
   * console (OIDC_<NAME>_FOR=operators), found by the fiscal code it vouches for.
   */
  readonly for?: 'citizens' | 'operators';
  /** For operators: the fiscal code of the entity whose provider it is; unset, any entity (the sign-in page's ?ente=). */
  readonly entity?: string | undefined;
}

export interface SmartCardConfig {
  /** PEM bundle of the CAs that issue the accepted cards (roots and intermediates). */
  readonly caFile: string;
  /** Accepted certificate policies (default CNS 1.3.76.16.2.1 and CIE 1.3.76.47.4). */
  readonly policyOids: readonly string[];
  /** When set: the header a trusted reverse proxy passes the verified certificate in (URL-encoded PEM). */
  readonly certHeader: string | undefined;
}

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
  'FOR',
  'ENTITY',
] as const;

export const DEFAULT_FISCAL_CODE_CLAIM = 'https://attributes.eid.gov.it/fiscal_number';

/** OIDC_PROVIDERS=spid,cie and, for each, OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET or _PRIVATE_KEY_FILE… */
export function oidcConfig(
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
    const audience = value('FOR')?.toLowerCase() ?? 'citizens';
    if (audience !== 'citizens' && audience !== 'operators')
      problems.push(`${prefix}FOR must be citizens or operators (who signs in through it), got "${value('FOR')}"`);
    const forOperators = audience === 'operators';
    const entity = value('ENTITY');
    if (entity !== undefined && !/^\d{11}$/.test(entity))
      problems.push(`${prefix}ENTITY must be an entity's fiscal code (11 digits), got "${entity}"`);
    if (entity !== undefined && !forOperators) problems.push(`${prefix}ENTITY needs ${prefix}FOR=operators`);
    const kind = (value('KIND')?.toLowerCase() ??
      (name === 'spid' || name === 'cie' || forOperators ? (name === 'cie' ? 'cie' : 'spid') : undefined)) as
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
      ...(forOperators && { for: 'operators' as const, entity }),
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
export function smartCardConfig(env: Env, problems: string[]): SmartCardConfig | undefined {
  const caFile = env.SMARTCARD_CA_FILE?.trim() || undefined;
  const oids = env.SMARTCARD_POLICY_OIDS?.trim() || undefined;
  const header = env.SMARTCARD_CERT_HEADER?.trim() || undefined;
  if (!caFile) {
    if (oids || header) problems.push('SMARTCARD_POLICY_OIDS and SMARTCARD_CERT_HEADER need SMARTCARD_CA_FILE');
    return undefined;
  }
  const policyOids = oids
    ? oids
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
    : [...DEFAULT_SMARTCARD_POLICIES];
  for (const oid of policyOids) {
    if (!/^[0-2](\.\d+)+$/.test(oid)) problems.push(`SMARTCARD_POLICY_OIDS: "${oid}" is not an object identifier`);
  }
  if (policyOids.length === 0) problems.push('SMARTCARD_POLICY_OIDS lists no policy');
  if (header !== undefined && !HEADER_NAME.test(header)) {
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
