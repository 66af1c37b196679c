// Smart-card sign-in (CNS, CIE): the citizen's TLS client certificate, presented to Cassa directly
// or verified by a trusted reverse proxy that passes it on in a header. Whatever the route, Cassa
// checks it again itself: it chains to a configured smart-card CA, is valid now (the app clock), has
// one of the accepted certificate policies (CNS 1.3.76.16.2.1, CIE 1.3.76.47.4; pagopa-facts §7.3),
// is meant for client authentication, and names a valid codice fiscale.
import { X509Certificate } from 'node:crypto';
import type { Clock } from '../../shared/clock.ts';
import { bitOf, childrenOf, DerError, oidOf, readTlv, stringOf, TAG, type Tlv } from '../../shared/der.ts';
import { isValidPersonFiscalCode } from '../../shared/identifiers/fiscal-code.ts';
import { certificateBundle, chainTo } from '../../shared/x509.ts';

export const DEFAULT_SMARTCARD_POLICIES = ['1.3.76.16.2.1', '1.3.76.47.4'] as const;

const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  givenName: '2.5.4.42',
  keyUsage: '2.5.29.15',
  certificatePolicies: '2.5.29.32',
  extendedKeyUsage: '2.5.29.37',
  anyExtendedKeyUsage: '2.5.29.37.0',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

export type SmartCardRefusal =
  | 'noCertificate'
  | 'unreadable'
  | 'untrusted'
  | 'expired'
  | 'notYetValid'
  | 'policy'
  | 'usage'
  | 'noFiscalCode';

export interface SmartCardIdentity {
  fiscalCode: string;
  fullName: string | undefined;
  /** Which accepted policy the certificate has (tells a CNS from a CIE). */
  policy: string;
}

export type SmartCardResult =
  | { identity: SmartCardIdentity; refusal?: undefined; fingerprint: string }
  | { identity?: undefined; refusal: SmartCardRefusal; fingerprint: string | undefined };

/** What a certificate says about itself, read from its DER. */
export interface CertificateFacts {
  /** The subject's attributes by OID, each with its values in order. */
  subject: Map<string, string[]>;
  policies: string[];
  /** undefined when the certificate has no key-usage extension. */
  digitalSignature: boolean | undefined;
  /** undefined when the certificate has no extended-key-usage extension. */
  extendedKeyUsages: string[] | undefined;
}

/** Reads the subject and the extensions smart-card sign-in needs; throws DerError when malformed. */
export function certificateFacts(der: Uint8Array): CertificateFacts {
  const certificate = readTlv(der);
  if (certificate.tag !== TAG.sequence) throw new DerError('a certificate is a SEQUENCE');
  const tbs = childrenOf(der, certificate)[0];
  if (tbs?.tag !== TAG.sequence) throw new DerError('missing tbsCertificate');
  const fields = childrenOf(der, tbs);
  // version [0] is optional; then serial, signature, issuer, validity, subject.
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subjectTlv = fields[first + 4];
  if (subjectTlv?.tag !== TAG.sequence) throw new DerError('missing subject');
  const facts: CertificateFacts = {
    subject: nameOf(der, subjectTlv),
    policies: [],
    digitalSignature: undefined,
    extendedKeyUsages: undefined,
  };
  const wrapper = fields.find((f) => f.tag === 0xa3);
  if (!wrapper) return facts;
  const [list] = childrenOf(der, wrapper);
  if (list?.tag !== TAG.sequence) throw new DerError('extensions are a SEQUENCE');
  for (const extension of childrenOf(der, list)) {
    const parts = childrenOf(der, extension);
    const id = oidOf(der, parts[0]!);
    const value = parts[parts.length - 1]!;
    if (value.tag !== TAG.octetString) throw new DerError(`extension ${id} has no value`);
    const inner = readTlv(der, value.start, value.end);
    if (id === OID.certificatePolicies) {
      facts.policies = childrenOf(der, inner).map((info) => oidOf(der, childrenOf(der, info)[0]!));
    } else if (id === OID.keyUsage) {
      facts.digitalSignature = bitOf(der, inner, 0);
    } else if (id === OID.extendedKeyUsage) {
      facts.extendedKeyUsages = childrenOf(der, inner).map((purpose) => oidOf(der, purpose));
    }
  }
  return facts;
}

function nameOf(der: Uint8Array, name: Tlv): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const rdn of childrenOf(der, name)) {
    for (const pair of childrenOf(der, rdn)) {
      const [type, value] = childrenOf(der, pair);
      if (!type || !value) throw new DerError('incomplete name attribute');
      const id = oidOf(der, type);
      let text: string;
      try {
        text = stringOf(der, value);
      } catch {
        continue; // an attribute that is not text (none of the ones read here)
      }
      attributes.set(id, [...(attributes.get(id) ?? []), text]);
    }
  }
  return attributes;
}

/**
 * The codice fiscale of a smart card's subject. TS-CNS and CIE put it at the start of the CN, as
 * `<CF>/<card serial>.<hash>`; other cards write `TINIT-<CF>` (ETSI EN 319 412-1) in the CN or in
 * serialNumber. The first candidate that is a valid codice fiscale wins.
 */
export function fiscalCodeOf(subject: Map<string, string[]>): string | undefined {
  const candidates = [
    ...(subject.get(OID.commonName) ?? []).map((cn) => cn.split('/')[0]!),
    ...(subject.get(OID.serialNumber) ?? []),
  ];
  for (const candidate of candidates) {
    const code = candidate
      .trim()
      .toUpperCase()
      .replace(/^TINIT-/, '');
    if (isValidPersonFiscalCode(code)) return code;
  }
  return undefined;
}

export interface SmartCardOptions {
  /** PEM bundle of the CAs (roots and intermediates) that issue the accepted cards. */
  caBundle: string | Uint8Array;
  /** Accepted certificate-policy OIDs: at least one must be in the certificate. */
  policyOids: readonly string[];
  clock: Clock;
}

export type SmartCardVerifier = ReturnType<typeof smartCardVerifier>;

export function smartCardVerifier(options: SmartCardOptions) {
  const anchors = certificateBundle(options.caBundle);
  const accepted = new Set(options.policyOids);

  /** Checks a presented certificate (and the intermediates that came with it, untrusted by themselves). */
  return function verify(presented: { leaf: X509Certificate; intermediates?: X509Certificate[] } | undefined) {
    if (!presented) return { refusal: 'noCertificate', fingerprint: undefined } satisfies SmartCardResult;
    const { leaf } = presented;
    const fingerprint = leaf.fingerprint256;
    const refuse = (refusal: SmartCardRefusal): SmartCardResult => ({ refusal, fingerprint });
    const chain = chainTo(leaf, presented.intermediates ?? [], anchors, options.clock.now());
    if (chain !== 'ok') return refuse(chain);
    let facts: CertificateFacts;
    try {
      facts = certificateFacts(leaf.raw);
    } catch (error) {
      if (error instanceof DerError) return refuse('unreadable');
      throw error;
    }
    const policy = facts.policies.find((p) => accepted.has(p));
    if (!policy) return refuse('policy');
    const eku = facts.extendedKeyUsages;
    if (facts.digitalSignature === false) return refuse('usage');
    if (eku && !eku.includes(OID.clientAuth) && !eku.includes(OID.anyExtendedKeyUsage)) return refuse('usage');
    const fiscalCode = fiscalCodeOf(facts.subject);
    if (!fiscalCode) return refuse('noFiscalCode');
    const given = facts.subject.get(OID.givenName)?.[0];
    const surname = facts.subject.get(OID.surname)?.[0];
    const fullName = [given, surname].filter(Boolean).join(' ') || undefined;
    return { identity: { fiscalCode, fullName, policy }, fingerprint } satisfies SmartCardResult;
  };
}

/** A certificate as a reverse proxy forwards it (nginx $ssl_client_escaped_cert: URL-encoded PEM). */
export function certificateFromHeader(value: string): X509Certificate | 'unreadable' {
  try {
    // A literal "+" is base64, not a space. Some proxies also fold the PEM's line breaks into spaces.
    const text = decodeURIComponent(value.replace(/\+/g, '%2B'));
    const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text)?.[1];
    if (!body) return 'unreadable';
    const base64 = body.replace(/\s+/g, '');
    const pem = `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
    return new X509Certificate(pem);
  } catch {
    return 'unreadable';
  }
}
