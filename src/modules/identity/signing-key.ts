// The private key Cassa signs with towards an OpenID Connect provider (private_key_jwt, request
// objects). Apart from oidc.ts so that the configuration check (config/sign-in.ts), which every
// process and `cassa` command runs, can read the key without loading openid-client.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  type webcrypto,
} from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A private key for private_key_jwt and request objects: RSA (RS256) or EC P-256 (ES256), PEM or JWK. */
export interface SigningKey {
  key: webcrypto.CryptoKey;
  kid: string;
  alg: 'RS256' | 'ES256';
}

/** Reads a private key file (PEM, or a JWK as JSON); its errors are worded for the configuration check. */
export function readSigningKey(file: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let keyObject: KeyObject;
  let kid: string | undefined;
  try {
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as JsonWebKey & { kid?: string };
      keyObject = createPrivateKey({ key: jwk, format: 'jwk' });
      kid = jwk.kid;
    } else {
      keyObject = createPrivateKey(text);
    }
  } catch {
    throw new Error(`${file} is not a private key (PEM, or a JWK with its private members)`);
  }
  const type = keyObject.asymmetricKeyType;
  const curve = keyObject.asymmetricKeyDetails?.namedCurve;
  if (type !== 'rsa' && !(type === 'ec' && curve === 'prime256v1')) {
    throw new Error(`${file} holds a ${type}${curve ? ` ${curve}` : ''} key; an RSA or EC P-256 private key is needed`);
  }
  const alg = type === 'rsa' ? 'RS256' : 'ES256';
  const algorithm =
    alg === 'RS256' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' };
  return { key: keyObject.toCryptoKey(algorithm, false, ['sign']), kid: kid ?? thumbprint(keyObject), alg };
}

/** RFC 7638 thumbprint of the public half: the key id when the file does not name one. */
function thumbprint(privateKey: KeyObject): string {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const members =
    jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
