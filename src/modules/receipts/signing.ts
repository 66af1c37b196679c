// The verification token printed (as a QR code) on every receipt: the fields that identify the
// receipt, the id of the entity's Ed25519 key and a signature over both, in 121 bytes written as
// 162 base64url characters. Pure: keys come in as DER bytes; the service looks them up.
//
// Layout (version 1), integers big-endian:
//   0      version (1)
//   1–16   signing key id (UUID)
//   17–32  receipt id (Cassa's internal UUID)
//   33–37  entity fiscal code (11 digits, 40-bit)
//   38–45  notice number (18 digits, 64-bit)
//   46–50  amount in cents (40-bit; pagoPA's maximum needs 37)
//   51–56  payment instant in milliseconds since 1970 (48-bit)
//   57–120 Ed25519 signature over DOMAIN + bytes 0–56
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';

export const TOKEN_VERSION = 1;
const SIGNED_LENGTH = 57;
const SIGNATURE_LENGTH = 64;
export const TOKEN_BYTES = SIGNED_LENGTH + SIGNATURE_LENGTH;
/** Length of a token as text: 121 bytes in base64url, without padding. */
export const TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 4) / 3);
// Signed with the bytes so a signature made for anything else Cassa may sign one day never passes as a token.
const DOMAIN = Buffer.from('cassa/receipt-token/v1\n', 'utf8');
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The fields of a receipt a token vouches for; any change to them makes the token invalid. */
export interface TokenClaims {
  receiptId: string;
  entityFiscalCode: string;
  noticeNumber: string;
  amountCents: number;
  paidAt: Date;
}

export interface DecodedToken {
  keyId: string;
  claims: TokenClaims;
  signed: Buffer;
  signature: Buffer;
}

/** A new Ed25519 key pair: public key as SPKI DER, private key as PKCS#8 DER. */
export function generateSigningKey(): { publicKey: Buffer; privateKey: Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

export const privateKeyFromDer = (der: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
export const publicKeyFromDer = (der: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });

/** Signs the claims with the key `keyId`; the result is URL-safe and fixed-length. */
export function signToken(claims: TokenClaims, keyId: string, privateKey: KeyObject): string {
  const signed = encodeSigned(claims, keyId);
  const signature = sign(null, Buffer.concat([DOMAIN, signed]), privateKey);
  return Buffer.concat([signed, signature]).toString('base64url');
}

/**
 * Reads a token's fields without trusting them; null when it is not a well-formed version-1 token.
 * Only the canonical spelling is accepted: base64url has spare bits in its last character, and a
 * token whose text differs in any way from the one signed must not verify.
 */
export function decodeToken(token: string): DecodedToken | null {
  if (token.length !== TOKEN_LENGTH || !BASE64URL.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES || bytes.toString('base64url') !== token) return null;
  if (bytes[0] !== TOKEN_VERSION) return null;
  const signed = bytes.subarray(0, SIGNED_LENGTH);
  const fiscalCode = bytes.readUIntBE(33, 5);
  const nav = bytes.readBigUInt64BE(38);
  const amountCents = bytes.readUIntBE(46, 5);
  const paidAtMs = bytes.readUIntBE(51, 6);
  if (fiscalCode > 99_999_999_999 || nav > 999_999_999_999_999_999n) return null;
  return {
    keyId: uuidText(bytes.subarray(1, 17)),
    claims: {
      receiptId: uuidText(bytes.subarray(17, 33)),
      entityFiscalCode: String(fiscalCode).padStart(11, '0'),
      noticeNumber: nav.toString().padStart(18, '0'),
      amountCents,
      paidAt: new Date(paidAtMs),
    },
    signed: Buffer.from(signed),
    signature: Buffer.from(bytes.subarray(SIGNED_LENGTH)),
  };
}

/** Whether the token's signature was made by the private half of `publicKey`. */
export function checkSignature(decoded: DecodedToken, publicKey: KeyObject): boolean {
  return verify(null, Buffer.concat([DOMAIN, decoded.signed]), publicKey, decoded.signature);
}

/** Whether two sets of claims name the same receipt with the same data. */
export function sameClaims(a: TokenClaims, b: TokenClaims): boolean {
  return (
    a.receiptId === b.receiptId &&
    a.entityFiscalCode === b.entityFiscalCode &&
    a.noticeNumber === b.noticeNumber &&
    a.amountCents === b.amountCents &&
    a.paidAt.getTime() === b.paidAt.getTime()
  );
}

function encodeSigned(claims: TokenClaims, keyId: string): Buffer {
  if (!/^\d{11}$/.test(claims.entityFiscalCode)) throw new RangeError('entity fiscal code must be 11 digits');
  if (!/^\d{18}$/.test(claims.noticeNumber)) throw new RangeError('notice number must be 18 digits');
  if (!Number.isSafeInteger(claims.amountCents) || claims.amountCents <= 0 || claims.amountCents >= 2 ** 40) {
    throw new RangeError('amount out of range');
  }
  const paidAtMs = claims.paidAt.getTime();
  if (!Number.isSafeInteger(paidAtMs) || paidAtMs < 0 || paidAtMs >= 2 ** 48)
    throw new RangeError('bad payment instant');
  const out = Buffer.alloc(SIGNED_LENGTH);
  out[0] = TOKEN_VERSION;
  uuidBytes(keyId).copy(out, 1);
  uuidBytes(claims.receiptId).copy(out, 17);
  out.writeUIntBE(Number(claims.entityFiscalCode), 33, 5);
  out.writeBigUInt64BE(BigInt(claims.noticeNumber), 38);
  out.writeUIntBE(claims.amountCents, 46, 5);
  out.writeUIntBE(paidAtMs, 51, 6);
  return out;
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

function uuidText(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
