import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { ApiKeysService } from '../modules/entities/api-keys.ts';
import { needs, registerApiAuth } from './api-auth.ts';

// No key is ever valid here: only the registration rules are tried (the answers are in test/authz.test.ts).
const apiKeys = {
  authenticate: async () => undefined,
  isAdminCredential: async () => false,
} as unknown as ApiKeysService;

describe('registerApiAuth', () => {
  it('refuses to register a route that names an entity but declares no need', async () => {
    const app = Fastify();
    registerApiAuth(app, { apiKeys });
    assert.throws(
      () => app.get('/api/v1/organizations/:organizationfiscalcode/things', async () => 'open'),
      /names an entity but declares no need/,
    );
    await app.close();
  });

  it('guards a route that declares its need, and leaves the others alone', async () => {
    const app = Fastify();
    registerApiAuth(app, { apiKeys });
    app.get(
      '/api/v1/organizations/:organizationfiscalcode/things',
      { config: needs('positions', 'read') },
      async () => 'guarded',
    );
    app.get('/public', async () => 'open');
    const guarded = await app.inject({ url: '/api/v1/organizations/80016350821/things' });
    assert.equal(guarded.statusCode, 401);
    assert.notEqual(guarded.body, 'guarded');
    assert.equal((await app.inject({ url: '/public' })).body, 'open');
    await app.close();
  });

  it("writes the need into the route's OpenAPI description", async () => {
    const app = Fastify();
    registerApiAuth(app, { apiKeys });
    await app.register(swagger, { openapi: { info: { title: 't', version: '1' } } });
    app.get(
      '/api/v1/organizations/:organizationfiscalcode/things',
      { config: needs('payments', 'write'), schema: { description: 'Things.' } },
      async () => 'guarded',
    );
    await app.ready();
    const doc = app.swagger() as { paths: Record<string, { get: { description: string } }> };
    assert.match(
      doc.paths['/api/v1/organizations/{organizationfiscalcode}/things']!.get.description,
      /^Things\. Needs an API key holding payments:write/,
    );
    await app.close();
  });
});
