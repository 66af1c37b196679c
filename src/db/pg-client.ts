// The PostgreSQL client every pool of Cassa uses (ours and pg-boss's). pg emits 'error' on a client
// whose connection is cut (the server restarting, pg_terminate_backend, a network fault), also while
// the client is checked out — in a COPY session, a transaction, pg-boss's own statements — and pg's
// pool listens only while the client is idle: unheard, the event would crash the process. Here it is
// always heard: the query in flight fails with the error (the request answers 503, the job is
// retried), the pool drops the broken client, and the process keeps serving.
import pg from 'pg';
import type { Logger } from '../shared/logger.ts';

/** A pg.Client class (for pg.Pool's `Client` option) with an 'error' listener from birth, telling `logger`. */
export function resilientClient(logger: Logger): typeof pg.Client {
  return class ResilientClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', (error) => logger.warn({ err: error }, 'database connection lost'));
    }
  };
}
