// Admin API authentication (ADR 0029): the installation's admin credential, sent as
// `Authorization: Bearer <secret>`. An entity's API key is recognised and refused with 403 (it is a
// valid credential, for other routes); anything else is 401.
import type { FastifyRequest } from 'fastify';
import { adminActorId } from '../modules/admin/admin-credential.ts';
import { requestActor } from '../modules/audit/audit.ts';
import { AppError } from '../shared/errors.ts';
import { presentedKey } from './api-auth.ts';

/** onRequest hook: admits the admin credential only; sets request.actor to `admin:<prefix>`. */
export function requireAdmin(deps: {
  admin: { authenticate(secret: string): Promise<string | undefined> };
  apiKeys: { authenticate(key: string): Promise<unknown> };
}) {
  return async (request: FastifyRequest) => {
    const secret = presentedKey(request);
    const prefix = secret ? await deps.admin.authenticate(secret) : undefined;
    if (prefix) {
      request.actor = requestActor(adminActorId(prefix), request);
      return;
    }
    if (secret && (await deps.apiKeys.authenticate(secret))) {
      throw new AppError('FORBIDDEN', "An entity's API key cannot use the admin API; send the admin credential");
    }
    throw new AppError('UNAUTHENTICATED', 'Send the admin credential as Authorization: Bearer <secret>');
  };
}
