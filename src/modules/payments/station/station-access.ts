// Who may call the station: the pagoPA Nodo only. It is recognised by its TLS client certificate
// (verified by Cassa when it terminates TLS itself, or by the reverse proxy in front, which says so
// in a header) and/or by an IP allow-list (pagopa-facts §0, "Connectivity"). Checked before the
// body is read; a refusal is a 403 SOAP Fault and a warning in the log. Closed unless configured:
// with no allow-list and no certificate check the station is open only when told so (ADR 0024).
import type { X509Certificate } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { chainTo, peerCertificates } from '../../../shared/x509.ts';

export interface StationAccessConfig {
  /** Addresses or CIDR blocks the Nodo calls from; empty: any address (when a certificate is checked, or open). */
  allowedIps: readonly string[];
  /** How the Nodo's client certificate is checked: not at all, by Cassa's TLS, or by the proxy. */
  clientCert: 'off' | 'tls' | 'proxy';
  /** When set, the certificate's subject must contain this text (e.g. the Nodo's CN). */
  certSubject?: string | undefined;
  /** proxy mode: header the proxy sets to SUCCESS when it verified a client certificate. */
  proxyVerifyHeader: string;
  /** proxy mode: header carrying the verified certificate's subject DN. */
  proxySubjectHeader: string;
  /**
   * tls mode: the Nodo's CA certificates. The TLS server may trust other CAs too (smart cards'), so a
   * certificate TLS accepted must also chain to one of these.
   */
  clientCa?: readonly X509Certificate[] | undefined;
  /** Anyone may call (PAGOPA_STATION_OPEN, test benches only); required when nothing else is checked. */
  open?: boolean | undefined;
}

/** Only this machine: the sandbox's own Nodo, and requests through app.inject. buildApp's default. */
export const LOOPBACK_STATION_ACCESS: StationAccessConfig = {
  allowedIps: ['127.0.0.1', '::1'],
  clientCert: 'off',
  proxyVerifyHeader: 'x-ssl-client-verify',
  proxySubjectHeader: 'x-ssl-client-s-dn',
};

/** Anyone who reaches the port: a test bench only (PAGOPA_STATION_OPEN=true). */
export const OPEN_STATION_ACCESS: StationAccessConfig = { ...LOOPBACK_STATION_ACCESS, allowedIps: [], open: true };

/** Whether the configuration checks nothing at all about the caller. */
export const checksNothing = (config: StationAccessConfig): boolean =>
  config.allowedIps.length === 0 && config.clientCert === 'off';

/** Parses `a.b.c.d`, `a.b.c.d/n`, IPv6 and IPv6/n entries; throws on anything else. */
export function ipAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address);
    if (family === 0) throw new Error(`${entry} is not an IP address or CIDR block`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`${entry}: bad prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return list;
}

/** Whether an address is on the list; IPv4 clients of a dual-stack socket show as ::ffff:a.b.c.d. */
export function onAllowList(list: BlockList, address: string): boolean {
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  return list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
}

export interface CallerFacts {
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  socket: unknown;
}

/** A check of the caller: null when admitted, otherwise why not (for the log; the caller sees 403). */
export function stationGate(config: StationAccessConfig): (caller: CallerFacts) => string | null {
  // Never open by omission: an empty configuration is a mistake, not a choice.
  if (checksNothing(config) && config.open !== true) {
    throw new Error('the pagoPA station needs an IP allow-list or a client-certificate check (or open: true)');
  }
  const allowed = config.allowedIps.length > 0 ? ipAllowList(config.allowedIps) : undefined;
  const expected = config.certSubject;
  const subjectOk = (subject: string | undefined) => expected === undefined || subject?.includes(expected) === true;
  return (caller) => {
    if (allowed && !onAllowList(allowed, caller.ip)) return `address ${caller.ip} is not on the allow-list`;
    if (config.clientCert === 'tls') {
      const socket = caller.socket as Partial<TLSSocket>;
      if (typeof socket.getPeerCertificate !== 'function') return 'no TLS connection';
      if (!socket.authorized)
        return `no valid client certificate (${String(socket.authorizationError ?? 'none sent')})`;
      if (config.clientCa) {
        const peer = peerCertificates(socket);
        if (!peer || chainTo(peer.leaf, peer.intermediates, config.clientCa, new Date()) !== 'ok')
          return 'the client certificate does not chain to the Nodo’s CA';
      }
      const certificate = socket.getPeerCertificate();
      const subject = certificate?.subject
        ? Object.entries(certificate.subject)
            .map(([k, v]) => `${k}=${[v].flat().join('+')}`)
            .join(',')
        : undefined;
      if (!subjectOk(subject)) return `client certificate subject ${subject ?? '(none)'} is not the expected one`;
    }
    if (config.clientCert === 'proxy') {
      const header = (name: string) => {
        const value = caller.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      if (header(config.proxyVerifyHeader) !== 'SUCCESS') return 'the proxy verified no client certificate';
      const subject = header(config.proxySubjectHeader);
      if (!subjectOk(subject)) return `client certificate subject ${subject ?? '(none)'} is not the expected one`;
    }
    return null;
  };
}
