// The dashboard's live feed: who is listening (each an open server-sent-events stream) and one poll
// every few seconds, while anyone listens, of a change mark per entity (dashboard.db.ts changeMarks:
// one query for every entity listened to, a pool connection borrowed for it and given back — none is
// held while idle). A listener whose entity's mark moved gets the figures again, computed once per
// entity and scope (a limited role's services) and rendered once per language. A poll rather than
// the domain events' consumers: it sees the payments another process of Cassa took. Once a minute
// the listeners' sessions are checked (ended, expired, idle, operator disabled: the stream ends; a
// stream never makes a session look active). close() ends every stream (server shutdown).
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { Logger } from '../../../shared/logger.ts';
import { IDLE_TIMEOUT_MS } from '../../operators/operator-sessions.ts';
import type { Language } from '../texts.ts';
import { changeMarks, liveSessions, type Scope } from './dashboard.db.ts';
import { type DashboardFigures, dashboardFigures } from './figures.ts';

export interface Listener {
  entityId: string;
  scope: Scope;
  lang: Language;
  sessionId: string;
  /** The mark the listener's figures were computed after. */
  seen: string | undefined;
  /** Sends the figures (rendered for the listener) as an update. */
  update(figures: DashboardFigures): void;
  /** Ends the stream: `told` sends the `end` event first (the browser then does not reconnect). */
  end(told: boolean): void;
  /** Keeps the connection alive through proxies (a comment line). */
  ping(): void;
}

export interface FeedOptions {
  pollMs?: number;
  sessionCheckMs?: number;
  pingMs?: number;
}

export type DashboardFeed = ReturnType<typeof dashboardFeed>;

export function dashboardFeed(deps: { db: Kysely<Schema>; clock: Clock; log?: Logger }, options: FeedOptions = {}) {
  const { db, clock } = deps;
  const pollMs = options.pollMs ?? 3_000;
  const sessionCheckMs = options.sessionCheckMs ?? 60_000;
  const pingMs = options.pingMs ?? 25_000;
  const listeners = new Set<Listener>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastSessionCheck = Date.now();
  let lastPing = Date.now();
  let closed = false;

  async function checkSessions() {
    const ids = [...new Set([...listeners].map((l) => l.sessionId))];
    const live = await liveSessions(db, ids, clock.now(), IDLE_TIMEOUT_MS);
    for (const l of [...listeners]) {
      if (!live.has(l.sessionId)) {
        listeners.delete(l);
        l.end(true);
      }
    }
  }

  async function poll() {
    if (Date.now() - lastSessionCheck >= sessionCheckMs) {
      lastSessionCheck = Date.now();
      await checkSessions();
    }
    if (listeners.size === 0) return;
    const marks = await changeMarks(db, [...new Set([...listeners].map((l) => l.entityId))], clock.now());
    const stale = [...listeners].filter((l) => marks.get(l.entityId) !== l.seen);
    const groups = new Map<string, Listener[]>();
    for (const l of stale) {
      const key = `${l.entityId}\n${l.scope === '*' ? '*' : [...l.scope].sort().join(',')}`;
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    for (const group of groups.values()) {
      const { entityId, scope } = group[0]!;
      const figures = await dashboardFigures(db, entityId, scope, clock.now());
      for (const l of group) {
        if (!listeners.has(l)) continue;
        l.seen = marks.get(entityId);
        l.update(figures);
      }
    }
    if (Date.now() - lastPing >= pingMs) {
      lastPing = Date.now();
      for (const l of listeners) l.ping();
    }
  }

  function schedule() {
    if (timer || closed || listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = poll()
        .catch((error: unknown) => deps.log?.warn({ err: error }, 'dashboard feed: poll failed'))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, pollMs);
    timer.unref();
  }

  return {
    /** Adds a listener (its `seen` mark set by the caller); returns the way to remove it. */
    listen(listener: Listener): () => void {
      if (closed) {
        listener.end(false);
        return () => {};
      }
      listeners.add(listener);
      schedule();
      return () => {
        listeners.delete(listener);
      };
    },

    /** The current mark of an entity (read before the figures a page shows). */
    async markOf(entityId: string): Promise<string | undefined> {
      return (await changeMarks(db, [entityId], clock.now())).get(entityId);
    },

    /** How many streams are open (tests, metrics). */
    size: () => listeners.size,

    /** Ends every stream and stops polling (the server is shutting down). */
    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const l of [...listeners]) l.end(false);
      listeners.clear();
      await running;
    },
  };
}
