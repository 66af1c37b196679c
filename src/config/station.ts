// Who may call the pagoPA station, composed into Config by loadConfig. The station is closed by
// default (ADR 0024): its receipts mark debts paid, so outside the sandbox Cassa does not start until
// the Nodo is recognised by its addresses (PAGOPA_ALLOWED_IPS) and/or its client certificate
// (PAGOPA_CLIENT_CERT). In the sandbox, with neither set, only the loopback may call it: the
// sandbox's own Nodo runs in this process. PAGOPA_STATION_OPEN=true opens it, for a test bench only.
import { type Env, HEADER_NAME } from './env.ts';

export interface PagopaAccess {
  readonly allowedIps: readonly string[];
  readonly clientCert: 'off' | 'tls' | 'proxy';
  readonly certSubject: string | undefined;
  readonly proxyVerifyHeader: string;
  readonly proxySubjectHeader: string;
  /** PAGOPA_STATION_OPEN: anyone who reaches the port may call the station (logged at every start). */
  readonly open: boolean;
}

/** The sandbox's default: the station answers this machine only. */
export const LOOPBACK = ['127.0.0.1', '::1'] as const;

const ADDRESS = /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/;

/** A comma-separated list of IP addresses or CIDR blocks. */
export function addressList(env: Env, name: string, problems: string[]): string[] {
  const entries = (env[name] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!ADDRESS.test(entry)) problems.push(`${name}: "${entry}" is not an IP address or CIDR block`);
  }
  return entries;
}

export function pagopaAccessConfig(
  env: Env,
  problems: string[],
  bool: (name: string, fallback: boolean) => boolean,
  context: { sandbox: boolean; clientCaFile: string | undefined },
): PagopaAccess {
  const mode = (env.PAGOPA_CLIENT_CERT?.trim().toLowerCase() || 'off') as PagopaAccess['clientCert'];
  if (!['off', 'tls', 'proxy'].includes(mode)) {
    problems.push(`PAGOPA_CLIENT_CERT must be off, tls or proxy, got "${env.PAGOPA_CLIENT_CERT}"`);
  }
  if (mode === 'tls' && context.clientCaFile === undefined) {
    problems.push(
      'PAGOPA_CLIENT_CERT=tls needs TLS_CERT_FILE, TLS_KEY_FILE and TLS_CLIENT_CA_FILE (the CA of the Nodo)',
    );
  }
  const header = (name: string, fallback: string) => {
    const value = env[name]?.trim() || fallback;
    if (!HEADER_NAME.test(value)) problems.push(`${name} must be an HTTP header name, got "${value}"`);
    return value.toLowerCase();
  };
  const listed = addressList(env, 'PAGOPA_ALLOWED_IPS', problems);
  const open = bool('PAGOPA_STATION_OPEN', false);
  const checked = listed.length > 0 || mode !== 'off';
  if (open && checked) {
    problems.push('PAGOPA_STATION_OPEN=true contradicts PAGOPA_ALLOWED_IPS / PAGOPA_CLIENT_CERT: set one or the other');
  }
  if (!open && !checked && !context.sandbox) {
    problems.push(
      'the pagoPA station would take receipts from anyone: set PAGOPA_ALLOWED_IPS (the addresses the Nodo calls from) and/or PAGOPA_CLIENT_CERT=tls|proxy (its client certificate); only on a test bench, PAGOPA_STATION_OPEN=true',
    );
  }
  return {
    allowedIps: !open && !checked && context.sandbox ? [...LOOPBACK] : listed,
    clientCert: mode,
    certSubject: env.PAGOPA_CLIENT_CERT_SUBJECT?.trim() || undefined,
    proxyVerifyHeader: header('PAGOPA_PROXY_VERIFY_HEADER', 'x-ssl-client-verify'),
    proxySubjectHeader: header('PAGOPA_PROXY_SUBJECT_HEADER', 'x-ssl-client-s-dn'),
    open,
  };
}

const WILDCARD_OR_LOOPBACK = new Set(['localhost', '127.0.0.1', '0.0.0.0', '::', '[::]', '::1', '[::1]']);

/**
 * Where the sandbox's own Nodo calls the station by default: this process over the loopback, so that
 * it is admitted by the sandbox's loopback-only default however the payer reached Cassa (a LAN
 * address, a proxy). Undefined — then the address the payer used — when Cassa does not listen on the
 * loopback (a specific HOST), serves TLS itself (its certificate names the public host), or takes an
 * ephemeral port.
 */
export function loopbackStationUrl(host: string, port: number, tls: boolean): string | undefined {
  if (tls || port === 0 || !WILDCARD_OR_LOOPBACK.has(host)) return undefined;
  const address = host === '::1' || host === '[::1]' ? '[::1]' : '127.0.0.1';
  return `http://${address}:${port}/pagopa/paForNode`;
}
