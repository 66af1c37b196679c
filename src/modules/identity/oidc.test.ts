// The parts of oidc.ts that need no provider: reading fiscal codes from claims, comparing
// authentication levels, and (signing-key.ts) reading Cassa's signing key. The sign-in itself: test/portal-oidc.test.ts.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { acrSatisfies, fiscalCodeOf } from './oidc.ts';
import { readSigningKey } from './signing-key.ts';

const MARIO = 'RSSMRA80A01H501U';

describe('fiscal codes, authentication levels and keys', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'cassa-oidc-keys-'));
  after(() => rmSync(keyDir, { recursive: true, force: true }));

  it('fiscalCodeOf: TINIT- removed, bare codes taken, anything else refused', () => {
    assert.deepEqual(fiscalCodeOf(`TINIT-${MARIO}`), { fiscalCode: MARIO });
    assert.deepEqual(fiscalCodeOf(` tinit-${MARIO.toLowerCase()} `), { fiscalCode: MARIO });
    assert.deepEqual(fiscalCodeOf(MARIO), { fiscalCode: MARIO });
    assert.deepEqual(fiscalCodeOf('TINIT-RSSMRA80A01H50MM'), { fiscalCode: 'RSSMRA80A01H50MM' }, 'an omocode');
    for (const bad of [undefined, '', 42, 'TINIT-', 'TINIT-80016350821', 'TINFR-RSSMRA80A01H501U', 'RSSMRA80A01H501'])
      assert.ok(fiscalCodeOf(bad).problem, String(bad));
  });

  it('readSigningKey: RSA PEM → RS256 with a thumbprint kid, EC JWK → ES256 with its kid, others refused', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    writeFileSync(join(keyDir, 'rsa.pem'), rsa.export({ format: 'pem', type: 'pkcs1' }));
    const fromPem = readSigningKey(join(keyDir, 'rsa.pem'));
    assert.equal(fromPem.alg, 'RS256');
    assert.match(fromPem.kid, /^[A-Za-z0-9_-]{43}$/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    writeFileSync(join(keyDir, 'ec.json'), JSON.stringify({ ...ec.export({ format: 'jwk' }), kid: 'cassa-2026' }));
    const fromJwk = readSigningKey(join(keyDir, 'ec.json'));
    assert.deepEqual([fromJwk.alg, fromJwk.kid], ['ES256', 'cassa-2026']);
    const ed = generateKeyPairSync('ed25519').privateKey;
    writeFileSync(join(keyDir, 'ed.pem'), ed.export({ format: 'pem', type: 'pkcs8' }));
    assert.throws(() => readSigningKey(join(keyDir, 'ed.pem')), /RSA or EC P-256/);
  });

  it('acrSatisfies: the level asked for or a higher SPID level', () => {
    const L = (n: number) => `https://www.spid.gov.it/SpidL${n}`;
    assert.ok(acrSatisfies(L(2), L(2)));
    assert.ok(acrSatisfies(L(2), L(3)));
    assert.ok(!acrSatisfies(L(2), L(1)));
    assert.ok(acrSatisfies(`${L(2)} ${L(1)}`, L(1)));
    assert.ok(!acrSatisfies(L(2), undefined));
    assert.ok(acrSatisfies('urn:gateway:high', 'urn:gateway:high'));
    assert.ok(!acrSatisfies('urn:gateway:high', L(3)));
  });
});
