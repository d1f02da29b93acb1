package dev.spindle.agent.transform.support;

/** How the tasks a corpus method awaits arrive, and how the corpus was rewritten. */
public enum Mode {
  /** Already finished when awaited: the fast path, nothing suspends. */
  DONE(false),
  /** Finished on the loop's next turn: every await suspends, resumed from the run queue. */
  LATER(false),
  /** Finished by another thread after the await suspended: resumed through the loop's inbox. */
  OTHER_THREAD(false),
  /** Already finished, but rewritten without fast path: every await suspends anyway. */
  ALWAYS_SUSPEND(true);

  private final boolean alwaysSuspend;

  Mode(boolean alwaysSuspend) {
    this.alwaysSuspend = alwaysSuspend;
  }

  public boolean alwaysSuspend() {
    return alwaysSuspend;
  }
}
