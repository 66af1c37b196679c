// Who acted, for the audit log, when a citizen (signed in or not) did something over HTTP.
import type { FastifyRequest } from 'fastify';
import { citizenPrincipal } from '../../shared/principal.ts';
import { requestActor } from '../audit/audit.ts';
import type { CitizenSession } from './sessions.service.ts';

/** The audit actor of a citizen's request. */
export const citizenActor = (request: FastifyRequest, session?: Pick<CitizenSession, 'fiscalCode'>) =>
  requestActor(citizenPrincipal(session?.fiscalCode), request);
