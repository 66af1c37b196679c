import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkSignature,
  decodeToken,
  generateSigningKey,
  privateKeyFromDer,
  publicKeyFromDer,
  sameClaims,
  signToken,
  TOKEN_LENGTH,
  type TokenClaims,
} from './signing.ts';

const claims: TokenClaims = {
  receiptId: '01970f1e-5a2b-7c3d-8e4f-0123456789ab',
  entityFiscalCode: '80016350821',
  noticeNumber: '302000000000012359',
  amountCents: 15_000,
  paidAt: new Date('2026-06-14T09:30:00.123Z'),
};
const KEY_ID = '01970f1e-0000-7000-8000-00000000abcd';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const entityA = generateSigningKey();
const entityB = generateSigningKey();
const privateA = privateKeyFromDer(entityA.privateKey);
const publicA = publicKeyFromDer(entityA.publicKey);
const publicB = publicKeyFromDer(entityB.publicKey);

/** What the service does minus the database: well-formed, signed by the key, for these claims. */
function verifies(token: string, publicKey = publicA, expected = claims): boolean {
  const decoded = decodeToken(token);
  return decoded !== null && checkSignature(decoded, publicKey) && sameClaims(decoded.claims, expected);
}

describe('receipt verification token', () => {
  const token = signToken(claims, KEY_ID, privateA);

  it('is URL-safe, of fixed length, and carries the key id and the claims', () => {
    assert.equal(token.length, TOKEN_LENGTH);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    const decoded = decodeToken(token)!;
    assert.equal(decoded.keyId, KEY_ID);
    assert.deepEqual(decoded.claims, claims);
    assert.ok(verifies(token));
  });

  it('keeps leading zeros of fiscal codes and notice numbers', () => {
    const zeros = { ...claims, entityFiscalCode: '00000000001', noticeNumber: '000000000000000042' };
    const decoded = decodeToken(signToken(zeros, KEY_ID, privateA))!;
    assert.deepEqual(decoded.claims, zeros);
  });

  it('does not verify after ANY single-character change, at every position (exhaustive)', () => {
    let tried = 0;
    for (let at = 0; at < token.length; at++) {
      for (const ch of ALPHABET) {
        if (ch === token[at]) continue;
        const altered = token.slice(0, at) + ch + token.slice(at + 1);
        assert.equal(verifies(altered), false, `position ${at} → ${ch}`);
        tried++;
      }
    }
    assert.equal(tried, token.length * 63);
  });

  it('refuses bad formats: other lengths, other alphabets, padding, another version', () => {
    for (const bad of [
      '',
      token.slice(1),
      `${token}A`,
      `${token.slice(0, -1)}=`,
      `${token.slice(0, -1)}+`,
      token.replace(/^./, '/'),
      'x'.repeat(TOKEN_LENGTH),
    ]) {
      assert.equal(decodeToken(bad), null, bad);
    }
    const bytes = Buffer.from(token, 'base64url');
    bytes[0] = 2;
    assert.equal(decodeToken(bytes.toString('base64url')), null);
  });

  it("does not verify with another entity's key, nor when signed by another entity's key", () => {
    assert.equal(verifies(token, publicB), false);
    const forged = signToken(claims, KEY_ID, privateKeyFromDer(entityB.privateKey));
    assert.equal(verifies(forged, publicA), false);
  });

  it('does not verify for a receipt whose stored data differ from the signed claims', () => {
    assert.equal(verifies(token, publicA, { ...claims, amountCents: 15_001 }), false);
    assert.equal(verifies(token, publicA, { ...claims, paidAt: new Date(claims.paidAt.getTime() + 1) }), false);
    assert.equal(verifies(token, publicA, { ...claims, noticeNumber: '302000000000012360' }), false);
  });

  it('refuses claims it cannot encode', () => {
    assert.throws(() => signToken({ ...claims, entityFiscalCode: 'RSSMRA80A01H501U' }, KEY_ID, privateA));
    assert.throws(() => signToken({ ...claims, amountCents: 0 }, KEY_ID, privateA));
    assert.throws(() => signToken({ ...claims, noticeNumber: '12' }, KEY_ID, privateA));
  });
});
