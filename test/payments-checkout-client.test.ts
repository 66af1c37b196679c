// Cassa's client of the real pagoPA Checkout (POST /carts), against a local fake of that API which
// checks the subscription key and validates every request against checkout_v2.json.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  type CartRequest,
  cartRequestProblems,
  pagopaCheckout,
} from '../src/modules/payments/checkout/checkout-api.ts';

let fake: FastifyInstance;
let baseUrl: string;
let mode: 'ok' | 'server-error' | 'slow' = 'ok';
const received: unknown[] = [];

before(async () => {
  fake = Fastify();
  fake.post('/checkout/ec/v2/carts', async (request, reply) => {
    received.push(request.body);
    if (request.headers['ocp-apim-subscription-key'] !== 'the-key') return reply.status(401).send({ title: 'no key' });
    const problems = cartRequestProblems(request.body);
    if (problems.length > 0) return reply.status(400).send({ title: 'Invalid input', detail: problems.join('; ') });
    if (mode === 'server-error') return reply.status(500).send({ title: 'boom' });
    if (mode === 'slow') await new Promise((r) => setTimeout(r, 1500));
    return reply
      .status(302)
      .header('location', `https://checkout.pagopa.example/c/${(request.body as CartRequest).idCart}`)
      .send();
  });
  await fake.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/checkout/ec/v2`;
});
after(() => fake.close());

const cart = (overrides: Partial<CartRequest> = {}): CartRequest => ({
  paymentNotices: [
    {
      noticeNumber: '302000000000000012',
      fiscalCode: '80016350821',
      amount: 1500,
      companyName: 'Comune di Prova',
      description: 'TARI',
    },
  ],
  returnUrls: {
    returnOkUrl: 'https://cassa.example/checkout/return/x/ok',
    returnCancelUrl: 'https://cassa.example/checkout/return/x/cancel',
    returnErrorUrl: 'https://cassa.example/checkout/return/x/error',
    returnWaitingUrl: 'https://cassa.example/checkout/return/x/waiting',
  },
  idCart: 'x',
  ...overrides,
});

describe('the pagoPA Checkout client', () => {
  it('302: the cart was created, with Checkout’s page to send the payer to', async () => {
    mode = 'ok';
    const client = pagopaCheckout({ baseUrl, subscriptionKey: 'the-key' });
    assert.deepEqual(await client.createCart(cart()), {
      kind: 'created',
      location: 'https://checkout.pagopa.example/c/x',
    });
    assert.deepEqual(cartRequestProblems(received.at(-1)), []);
  });

  it('4xx: refused (a bad key, a cart Checkout does not accept)', async () => {
    mode = 'ok';
    const wrongKey = await pagopaCheckout({ baseUrl, subscriptionKey: 'wrong' }).createCart(cart());
    assert.equal(wrongKey.kind, 'refused');
    const six = cart({ paymentNotices: Array.from({ length: 6 }, () => cart().paymentNotices[0]!) });
    const refused = await pagopaCheckout({ baseUrl, subscriptionKey: 'the-key' }).createCart(six);
    assert.equal(refused.kind, 'refused');
    assert.match((refused as { detail: string }).detail, /paymentNotices/);
  });

  it('5xx, a timeout or nobody listening: unknown (the cart may exist)', async () => {
    mode = 'server-error';
    assert.equal((await pagopaCheckout({ baseUrl, subscriptionKey: 'the-key' }).createCart(cart())).kind, 'unknown');
    mode = 'slow';
    assert.equal(
      (await pagopaCheckout({ baseUrl, subscriptionKey: 'the-key', timeoutMs: 200 }).createCart(cart())).kind,
      'unknown',
    );
    const nobody = pagopaCheckout({ baseUrl: 'http://127.0.0.1:9/checkout/ec/v2', subscriptionKey: 'k' });
    assert.equal((await nobody.createCart(cart())).kind, 'unknown');
  });
});
