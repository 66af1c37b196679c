// Sign-in settings as loadConfig reads them: SPID/CIE through OpenID Connect, smart cards; and SMTP.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { problemsOf } from './problems.test-support.ts';

describe('loadConfig: SPID/CIE sign-in through OpenID Connect', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'cassa-config-'));
  const rsaKey = join(keyDir, 'rsa.pem');
  writeFileSync(
    rsaKey,
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
  );
  const edKey = join(keyDir, 'ed.pem');
  writeFileSync(edKey, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const notAKey = join(keyDir, 'not-a-key.pem');
  writeFileSync(notAKey, 'hello');
  after(() => rmSync(keyDir, { recursive: true, force: true }));

  it('none by default', () => {
    assert.deepEqual(loadConfig({}).oidc, []);
  });

  it('a provider of an entity’s operators, for the console (FOR=operators, ENTITY)', () => {
    const base = {
      OIDC_PROVIDERS: 'comune',
      OIDC_COMUNE_ISSUER: 'https://id.comune.example.it',
      OIDC_COMUNE_CLIENT_ID: 'cassa-console',
      OIDC_COMUNE_CLIENT_SECRET: 's3cret',
    };
    const [comune] = loadConfig({ ...base, OIDC_COMUNE_FOR: 'operators', OIDC_COMUNE_ENTITY: '01234567890' }).oidc;
    assert.equal(comune?.for, 'operators');
    assert.equal(comune?.entity, '01234567890');
    assert.match(
      problemsOf({ ...base, OIDC_COMUNE_FOR: 'staff' }).join('\n'),
      /OIDC_COMUNE_FOR must be citizens or operators/,
    );
    assert.match(
      problemsOf({ ...base, OIDC_COMUNE_FOR: 'operators', OIDC_COMUNE_ENTITY: '123' }).join('\n'),
      /ENTITY must be/,
    );
    assert.match(
      problemsOf({ ...base, OIDC_COMUNE_KIND: 'spid', OIDC_COMUNE_ENTITY: '01234567890' }).join('\n'),
      /ENTITY needs/,
    );
  });

  it('two providers: a secret for one, a private key for the other, defaults for the rest', () => {
    const { oidc } = loadConfig({
      OIDC_PROVIDERS: 'spid, CIE',
      OIDC_SPID_ISSUER: 'https://id.comune.example.it/spid',
      OIDC_SPID_CLIENT_ID: 'https://pagamenti.comune.example.it',
      OIDC_SPID_CLIENT_SECRET: 's3cret',
      OIDC_SPID_ACR: 'https://www.spid.gov.it/SpidL2',
      OIDC_CIE_ISSUER: 'https://id.comune.example.it/cie',
      OIDC_CIE_CLIENT_ID: 'cassa',
      OIDC_CIE_PRIVATE_KEY_FILE: rsaKey,
      OIDC_CIE_LABEL: 'Entra con la Carta d’identità elettronica',
      OIDC_CIE_SCOPE: 'openid profile email',
      OIDC_CIE_FISCAL_CODE_CLAIM: 'fiscal_number',
      OIDC_CIE_PROMPT: 'consent login',
    });
    assert.equal(oidc.length, 2);
    const [spid, cie] = oidc;
    assert.deepEqual(
      { ...spid },
      {
        name: 'spid',
        kind: 'spid',
        label: undefined,
        issuer: 'https://id.comune.example.it/spid',
        clientId: 'https://pagamenti.comune.example.it',
        clientSecret: 's3cret',
        privateKeyFile: undefined,
        scope: 'openid profile',
        fiscalCodeClaim: 'https://attributes.eid.gov.it/fiscal_number',
        acr: 'https://www.spid.gov.it/SpidL2',
        prompt: undefined,
        allowHttp: false,
      },
    );
    assert.equal(cie!.kind, 'cie', 'the kind follows the name spid/cie');
    assert.equal(cie!.privateKeyFile, rsaKey);
    assert.equal(cie!.clientSecret, undefined);
    assert.equal(cie!.label, 'Entra con la Carta d’identità elettronica');
    assert.equal(cie!.scope, 'openid profile email');
    assert.equal(cie!.fiscalCodeClaim, 'fiscal_number');
    assert.equal(cie!.prompt, 'consent login');
  });

  it('another name needs its KIND; http:// only when ALLOW_HTTP says so', () => {
    const base = { OIDC_PROVIDERS: 'gateway', OIDC_GATEWAY_CLIENT_ID: 'c', OIDC_GATEWAY_CLIENT_SECRET: 's' };
    assert.match(
      problemsOf({ ...base, OIDC_GATEWAY_ISSUER: 'https://id.example.it' }).join('\n'),
      /OIDC_GATEWAY_KIND must be spid or cie/,
    );
    const gateway = loadConfig({ ...base, OIDC_GATEWAY_ISSUER: 'https://id.example.it', OIDC_GATEWAY_KIND: 'CIE' });
    assert.equal(gateway.oidc[0]!.kind, 'cie');
    const http = { ...base, OIDC_GATEWAY_KIND: 'spid', OIDC_GATEWAY_ISSUER: 'http://127.0.0.1:9999' };
    assert.match(problemsOf(http).join('\n'), /OIDC_GATEWAY_ISSUER must be an https:\/\/ URL/);
    assert.equal(loadConfig({ ...http, OIDC_GATEWAY_ALLOW_HTTP: 'true' }).oidc[0]!.allowHttp, true);
  });

  it('names every problem: missing settings, both or neither credential, bad keys, bad names, typos', () => {
    const problems = problemsOf({
      OIDC_PROVIDERS: 'spid,cie,ed,nokey,spid,bad-name',
      OIDC_SPID_CLIENT_ID: 'c',
      OIDC_SPID_CLIENT_SECRET: 's',
      OIDC_SPID_PRIVATE_KEY_FILE: rsaKey,
      OIDC_SPID_SCOPE: 'profile',
      OIDC_CIE_ISSUER: 'ftp://id.example.it',
      OIDC_ED_ISSUER: 'https://id.example.it',
      OIDC_ED_CLIENT_ID: 'c',
      OIDC_ED_KIND: 'spid',
      OIDC_ED_PRIVATE_KEY_FILE: edKey,
      OIDC_NOKEY_ISSUER: 'https://id.example.it',
      OIDC_NOKEY_CLIENT_ID: 'c',
      OIDC_NOKEY_KIND: 'cie',
      OIDC_NOKEY_PRIVATE_KEY_FILE: notAKey,
      OIDC_CIE_ISUER: 'https://typo.example.it',
      OIDC_SPDI_ISSUER: 'https://typo.example.it',
    });
    const expected = [
      /OIDC_SPID_ISSUER is required/,
      /OIDC_SPID_CLIENT_SECRET or OIDC_SPID_PRIVATE_KEY_FILE is required, and only one of them/,
      /OIDC_SPID_SCOPE must include openid/,
      /OIDC_CIE_ISSUER must be an https:\/\/ URL/,
      /OIDC_CIE_CLIENT_ID is required/,
      /OIDC_CIE_CLIENT_SECRET or OIDC_CIE_PRIVATE_KEY_FILE is required/,
      /OIDC_ED_PRIVATE_KEY_FILE: .* holds a ed25519 key; an RSA or EC P-256 private key is needed/,
      /OIDC_NOKEY_PRIVATE_KEY_FILE: .* is not a private key/,
      /OIDC_PROVIDERS names "spid" twice/,
      /OIDC_PROVIDERS: "bad-name" must be a letter then letters or digits/,
      /OIDC_CIE_ISUER: unknown setting ISUER/,
      /OIDC_SPDI_ISSUER is set, but no provider of OIDC_PROVIDERS/,
    ];
    for (const pattern of expected)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${pattern}\n${problems.join('\n')}`,
      );
    assert.equal(problems.length, expected.length, problems.join('\n'));
    assert.match(
      problemsOf({
        OIDC_PROVIDERS: 'cie',
        OIDC_CIE_ISSUER: 'https://x.it',
        OIDC_CIE_CLIENT_ID: 'c',
        OIDC_CIE_PRIVATE_KEY_FILE: join(keyDir, 'missing.pem'),
      }).join('\n'),
      /OIDC_CIE_PRIVATE_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/,
    );
  });
});

describe('smart-card sign-in and SMTP settings', () => {
  it('smart cards: off by default; on with a CA bundle, over Cassa’s TLS or a trusted proxy’s header', () => {
    assert.equal(loadConfig({}).smartCard, undefined);
    const tls = loadConfig({ TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: 'k.pem', SMARTCARD_CA_FILE: 'cards.pem' })
      .smartCard!;
    assert.match(tls.caFile, /cards\.pem$/);
    assert.deepEqual(tls.policyOids, ['1.3.76.16.2.1', '1.3.76.47.4']);
    assert.equal(tls.certHeader, undefined);
    const proxied = loadConfig({
      SMARTCARD_CA_FILE: 'cards.pem',
      SMARTCARD_CERT_HEADER: 'X-SSL-Client-Cert',
      SMARTCARD_POLICY_OIDS: '1.3.76.16.2.1',
      TRUST_PROXY: '10.0.0.1',
    }).smartCard!;
    assert.equal(proxied.certHeader, 'x-ssl-client-cert');
    assert.deepEqual(proxied.policyOids, ['1.3.76.16.2.1']);
  });

  it('smart cards: every inconsistency is named', () => {
    assert.match(problemsOf({ SMARTCARD_CA_FILE: 'cards.pem' }).join('\n'), /SMARTCARD_CA_FILE needs TLS_CERT_FILE/);
    assert.match(
      problemsOf({ SMARTCARD_CA_FILE: 'cards.pem', SMARTCARD_CERT_HEADER: 'x-cert' }).join('\n'),
      /SMARTCARD_CERT_HEADER needs TRUST_PROXY/,
    );
    assert.match(problemsOf({ SMARTCARD_POLICY_OIDS: '1.2.3' }).join('\n'), /need SMARTCARD_CA_FILE/);
    const bad = problemsOf({
      SMARTCARD_CA_FILE: 'cards.pem',
      SMARTCARD_CERT_HEADER: 'x cert',
      SMARTCARD_POLICY_OIDS: '1.3.76.16.2.1, cns',
      TRUST_PROXY: '10.0.0.1',
    });
    assert.deepEqual(bad, [
      'SMARTCARD_POLICY_OIDS: "cns" is not an object identifier',
      'SMARTCARD_CERT_HEADER must be an HTTP header name, got "x cert"',
    ]);
  });

  it('SMTP: none by default; SMTP_URL needs a sender, and the sender an SMTP server', () => {
    assert.equal(loadConfig({}).smtp, undefined);
    assert.deepEqual(
      loadConfig({ SMTP_URL: 'smtps://u:p@mail.ente.it:465', SMTP_FROM: 'Comune <pagamenti@ente.it>' }).smtp,
      { url: 'smtps://u:p@mail.ente.it:465', from: 'Comune <pagamenti@ente.it>' },
    );
    assert.match(problemsOf({ SMTP_URL: 'smtp://mail.ente.it' }).join('\n'), /SMTP_URL needs SMTP_FROM/);
    assert.match(problemsOf({ SMTP_FROM: 'a@b.it' }).join('\n'), /SMTP_FROM needs SMTP_URL/);
    const wrong = problemsOf({ SMTP_URL: 'http://u:secret@mail.ente.it', SMTP_FROM: 'nobody' });
    assert.equal(wrong.length, 2);
    assert.ok(!wrong.join('\n').includes('secret'), 'the password is not repeated in the message');
  });
});
