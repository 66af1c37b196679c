// Who acts, as the audit log names them: a principal (ADR 0031) with the request's id and the client's
// address. Kept apart from the audit log's writer so the command line can name its actor without
// loading the database layer (`cassa --help` loads no package: test/cli-launch.test.ts).
import { type Principal, systemPrincipal } from '../../shared/principal.ts';

/**
 * Who is acting, as the audit log names them, and the principal whose grants the services check
 * (ADR 0031). `id` is the principal's id, except for work a job does later for the caller who asked
 * for it (an import, a print run): then `id` names that caller and `principal` is the job's.
 */
export interface Actor {
  /** e.g. `apikey:<key id>`, `admin:<key prefix>`, `citizen:<fiscal code>`, `cli:<os user>`, `job:<name>`. */
  readonly id: string;
  readonly principal: Principal;
  readonly requestId?: string | undefined;
  /** The client address (Fastify's request.ip, which honours TRUST_PROXY); absent for CLI and jobs. */
  readonly address?: string | undefined;
}

/** The actor of an HTTP request: its principal, with the request's id and the client's address. */
export function requestActor(principal: Principal, request: { readonly id: string; readonly ip: string }): Actor {
  return { id: principal.id, principal, requestId: request.id, address: request.ip };
}

/** The actor of a principal outside any request (the command line, a test). */
export const principalActor = (principal: Principal, requestId?: string): Actor => ({
  id: principal.id,
  principal,
  ...(requestId !== undefined && { requestId }),
});

/** Cassa itself, or a tool run by the machine's operator (`system:<what>`, a benchmark): every grant. */
export const systemActor = (id: string, requestId?: string): Actor =>
  principalActor(systemPrincipal('system', id), requestId);

/** The actor of a background job of Cassa (`job:<name>`): no address; the run's id as its request id. */
export const jobActor = (name: string, requestId?: string): Actor =>
  principalActor(systemPrincipal('job', `job:${name}`), requestId);

/**
 * A job finishing what `requestedBy` asked for (an import, a print run): the record names the caller,
 * whose grants were checked when they asked; the job acts with its own.
 */
export const deferredActor = (job: string, requestedBy: string, requestId: string): Actor => ({
  id: requestedBy,
  principal: systemPrincipal('job', `job:${job}`),
  requestId,
});
