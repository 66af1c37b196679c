// Admin API authentication (ADR 0029): the installation's admin credential, sent as
// `Authorization: Bearer <secret>`. An entity's API key is recognised and refused with 403 (it is a
// valid credential, for other routes); anything else is 401. The credential is the admin principal
// (ADR 0031): settings and operators at every entity, which the entities and keys services check.
import type { FastifyRequest } from 'fastify';
import { requestActor } from '../modules/audit/audit.ts';
import { AppError } from '../shared/errors.ts';
import { adminPrincipal } from '../shared/principal.ts';
import { presentedKey } from './api-auth.ts';

/** onRequest hook: admits the admin credential only; sets request.principal and actor to `admin:<prefix>`. */
export function requireAdmin(deps: {
  admin: { authenticate(secret: string): Promise<string | undefined> };
  apiKeys: { authenticate(key: string): Promise<unknown> };
}) {
  return async (request: FastifyRequest) => {
    const secret = presentedKey(request);
    const prefix = secret ? await deps.admin.authenticate(secret) : undefined;
    if (prefix) {
      request.principal = adminPrincipal(prefix);
      request.actor = requestActor(request.principal, request);
      return;
    }
    if (secret && (await deps.apiKeys.authenticate(secret))) {
      throw new AppError('FORBIDDEN', "An entity's API key cannot use the admin API; send the admin credential");
    }
    throw new AppError('UNAUTHENTICATED', 'Send the admin credential as Authorization: Bearer <secret>');
  };
}
