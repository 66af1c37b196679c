// Background work started by a kick and run in this process one run at a time: a kick during a run
// asks for one more run after it (kicks meanwhile coalesce), so work written while a run was reading
// is never left behind. Failures are the work's own business (it records them); here they are dropped
// so that a kick never rejects.

export interface CoalescedRuns {
  /** Starts a run now, or one more after the current one. */
  kick(): void;
  /** Waits until no run is going on (tests, shutdown). */
  settled(): Promise<void>;
}

/** Runs `work` on kicks, never two at once. */
export function coalescedRuns(work: () => Promise<void>): CoalescedRuns {
  let running: Promise<void> | undefined;
  let again = false;
  return {
    kick() {
      if (running) {
        again = true;
        return;
      }
      const run = async () => {
        do {
          again = false;
          await work();
        } while (again);
      };
      running = run()
        .catch(() => {})
        .finally(() => {
          running = undefined;
        });
    },
    async settled() {
      while (running) await running;
    },
  };
}
