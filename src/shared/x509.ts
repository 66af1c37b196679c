// Certificate chains checked by Cassa itself (node:crypto X509Certificate): which of the configured
// CAs a client certificate belongs to. Needed because one HTTPS server may trust several CAs for
// different purposes (the Nodo's, smart cards'), and TLS only says "some trusted CA signed it".
import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM bundle; throws when there is none or one cannot be read. */
export function certificateBundle(pem: string | Uint8Array): X509Certificate[] {
  const text = typeof pem === 'string' ? pem : Buffer.from(pem).toString('utf8');
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate found in the bundle');
  return blocks.map((block) => new X509Certificate(block));
}

export type ChainResult = 'ok' | 'untrusted' | 'expired' | 'notYetValid';

const MAX_DEPTH = 6;

const issues = (issuer: X509Certificate, subject: X509Certificate) =>
  issuer.ca && subject.checkIssued(issuer) && subject.verify(issuer.publicKey);

/**
 * Whether `leaf` chains to one of `anchors` (through any of the `intermediates` the client sent,
 * which are not trusted by themselves), and every certificate of that chain is valid at `now`.
 * The chain is found first: a stranger's expired certificate is "untrusted", not "expired".
 */
export function chainTo(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  now: Date,
): ChainResult {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const anchor = anchors.find((a) => issues(a, current));
    if (anchor) {
      path.push(anchor);
      return datesOf(path, now);
    }
    const next = intermediates.find((c) => !path.includes(c) && issues(c, current));
    if (!next) return 'untrusted';
    path.push(next);
    current = next;
  }
  return 'untrusted';
}

function datesOf(path: readonly X509Certificate[], now: Date): ChainResult {
  for (const certificate of path) {
    if (certificate.validFromDate.getTime() > now.getTime()) return 'notYetValid';
    if (certificate.validToDate.getTime() < now.getTime()) return 'expired';
  }
  return 'ok';
}

/** The client certificate of a TLS connection and the other certificates it came with. */
export function peerCertificates(
  socket: unknown,
): { leaf: X509Certificate; intermediates: X509Certificate[] } | undefined {
  const tls = socket as {
    getPeerX509Certificate?: () => X509Certificate | undefined;
    getPeerCertificate?: (detailed: boolean) => { raw?: Buffer; issuerCertificate?: unknown } | null;
  };
  if (typeof tls.getPeerX509Certificate !== 'function' || typeof tls.getPeerCertificate !== 'function') return;
  const leaf = tls.getPeerX509Certificate();
  if (!leaf) return undefined;
  const intermediates: X509Certificate[] = [];
  type Detailed = { raw?: Buffer; issuerCertificate?: Detailed };
  let entry = tls.getPeerCertificate(true) as Detailed | null;
  const seen = new Set<Detailed>();
  while (entry && !seen.has(entry) && seen.size < MAX_DEPTH) {
    seen.add(entry);
    const issuer: Detailed | undefined = entry.issuerCertificate;
    if (issuer?.raw && issuer !== entry) intermediates.push(new X509Certificate(issuer.raw));
    entry = issuer ?? null;
  }
  return { leaf, intermediates };
}
