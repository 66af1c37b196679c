// While Cassa closes (SIGTERM), a request still arriving on a kept-alive connection gets a 503
// problem+json with Retry-After and Connection: close — not Fastify's bare JSON — and the request in
// flight finishes whole.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { testContext } from './support/context.ts';

describe('a request during shutdown', () => {
  it('is answered 503 problem+json with Retry-After, after the one in flight finishes', async () => {
    const ctx = await testContext();
    let release: () => void = () => {};
    let started: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    // A request that takes its time, standing for a slow import upload or PDF run.
    ctx.app.get('/test/slow', async () => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      return { done: true };
    });
    try {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = ctx.app.server.address() as { port: number };
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
      });
      const ended = new Promise((resolve) => socket.on('close', resolve));
      socket.write('GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n');
      await inFlight;
      const closed = ctx.app.close();
      // Pipelined behind the slow one on the same connection: read once the slow one is answered.
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      await closed;
      await ended;
      const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
      assert.match(first!, /^HTTP\/1\.1 200/);
      assert.match(first!, /"done":true/);
      assert.match(second!, /^HTTP\/1\.1 503/);
      assert.match(second!, /retry-after: \d+/i);
      assert.match(second!, /connection: close/i);
      assert.match(second!, /content-type: application\/problem\+json/i);
      assert.match(second!, /"code":"SERVICE_UNAVAILABLE"/);
    } finally {
      await ctx.close();
    }
  });
});
