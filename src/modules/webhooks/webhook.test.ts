import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEndpointUrl, givesUp, RETRY_FOR_MS, retryDelayMs, signatureHeader, verifySignature } from './webhook.ts';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"installment.paid"}';
  const at = new Date('2026-06-15T10:00:00Z');

  it('verify with the secret, the raw body and a fresh timestamp; anything changed does not', () => {
    const header = signatureHeader(secret, body, at);
    assert.match(header, /^t=1781517600,v1=[0-9a-f]{64}$/);
    assert.equal(verifySignature(secret, body, header, at), true);
    assert.equal(verifySignature('whsec_other', body, header, at), false, 'another secret');
    assert.equal(verifySignature(secret, `${body} `, header, at), false, 'a changed body');
    assert.equal(
      verifySignature(secret, body, header.replace('t=1781517600', 't=1781517601'), at),
      false,
      'another timestamp',
    );
    assert.equal(
      verifySignature(secret, body, header, new Date(at.getTime() + 301_000)),
      false,
      'older than 5 minutes',
    );
    assert.equal(verifySignature(secret, body, 'v1=abc', at), false, 'malformed');
  });
});

describe('webhook retries', () => {
  it('wait one minute, doubling up to six hours, within ±20 %', () => {
    const low = () => 0;
    const high = () => 0.999999;
    assert.equal(retryDelayMs(1, low), 48_000);
    assert.equal(retryDelayMs(1, high), 72_000);
    assert.equal(retryDelayMs(2, low), 96_000);
    assert.equal(
      retryDelayMs(5, () => 0.5),
      16 * 60_000,
    );
    assert.equal(
      retryDelayMs(30, () => 0.5),
      6 * 60 * 60_000,
    );
  });

  it('keep trying for 24 hours, and a schedule of mean delays fits at least a dozen attempts in them', () => {
    const created = new Date('2026-06-15T10:00:00Z');
    assert.equal(givesUp(created, new Date(created.getTime() + RETRY_FOR_MS - 1)), false);
    assert.equal(givesUp(created, new Date(created.getTime() + RETRY_FOR_MS)), true);
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < RETRY_FOR_MS) elapsed += retryDelayMs(++attempts, () => 0.5);
    assert.ok(attempts >= 12, `${attempts} attempts`);
  });
});

describe('webhook endpoint URLs', () => {
  it('https only, unless http is allowed; no credentials', () => {
    assert.equal(checkEndpointUrl('https://gestionale.ente.it/cassa', false), undefined);
    assert.match(checkEndpointUrl('http://gestionale.ente.it/cassa', false)!, /https/);
    assert.equal(checkEndpointUrl('http://127.0.0.1:8080/hook', true), undefined);
    assert.match(checkEndpointUrl('ftp://x.it/', true)!, /http/);
    assert.match(checkEndpointUrl('https://u:p@x.it/', false)!, /credentials/);
    assert.match(checkEndpointUrl('not a url', false)!, /not a URL/);
  });
});
