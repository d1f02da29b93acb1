package dev.spindle.agent.twins;

/**
 * How the values an async method awaits arrive in one run. Each mode but the first three also
 * fails some awaited tasks; the twin throws the same {@link SourceFailure} at the same point.
 */
enum Delivery {
  /** Every task is finished when awaited: the fast path (in always-suspend, an instant resume). */
  DONE(false, 0),
  /** Finished later by the event loop itself. */
  LATER_ON_LOOP(false, 0),
  /** Finished by another thread: the method must resume on its own loop. */
  OTHER_THREAD(false, 0),
  /** About a third of the tasks fail, arriving in any of the ways above. */
  FAILING(false, 3),
  /** Any way, a tenth failing. */
  MIXED(false, 10),
  /** No event loop at all: resumed on whichever thread finishes the task (done or other thread). */
  NO_LOOP(true, 10);

  /** Runs without an event loop. */
  final boolean withoutLoop;
  /** One task in this many fails; 0 for none. */
  final int failOneIn;

  Delivery(boolean withoutLoop, int failOneIn) {
    this.withoutLoop = withoutLoop;
    this.failOneIn = failOneIn;
  }
}
