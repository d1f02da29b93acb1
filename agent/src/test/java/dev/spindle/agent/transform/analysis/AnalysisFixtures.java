package dev.spindle.agent.transform.analysis;

import static dev.spindle.Await.await;

import dev.spindle.Task;

/** Plain methods (never run) whose bytecode the analyzer tests inspect. */
@SuppressWarnings("unused")
final class AnalysisFixtures {
  static Task<Object> task;
  static Task<Integer> number;

  private AnalysisFixtures() {}

  static void consume(String s, long j, Object o) {}

  static void valuesOnTheStack(String s, long j, double d) {
    int[] array = new int[1];
    Object nothing = null;
    consume(s, j, await(task));
  }

  static Object uninitialized(String left) {
    return new StringBuilder(left + await(task));
  }

  static Object mergedByAFrame(boolean flag) {
    Object merged = flag ? "text" : Integer.valueOf(1);
    return merged.toString() + await(task);
  }

  static int liveness(Task<Integer> t) {
    int dead = 1;
    int live = 2;
    String reassigned = "x";
    long wide = 3L;
    int value = await(t);
    reassigned = "y";
    return live + value + reassigned.length() + (int) wide;
  }

  static int liveOnlyInHandler(Task<Integer> t) {
    int onlyInCatch = 7;
    try {
      return await(t);
    } catch (RuntimeException e) {
      return onlyInCatch;
    }
  }

  static Object synchronizedAwait(Object lock) {
    synchronized (lock) {
      await(task);
    }
    return await(task);
  }

  static Object catchAfterSynchronized(Object lock) {
    try {
      synchronized (lock) {
        consume("inside", 1L, lock);
      }
    } catch (RuntimeException escaped) {
      return await(task);
    }
    return null;
  }

  static Object catchInsideSynchronized(Object lock) {
    synchronized (lock) {
      try {
        consume("inside", 1L, lock);
      } catch (RuntimeException caught) {
        return await(task);
      }
    }
    return null;
  }

  static int liveOnlyInAnOuterHandler(Task<Integer> t) {
    int onlyInOuterCatch = 7;
    int onlyInInnerCatch = 8;
    try {
      try {
        return await(t);
      } catch (IllegalStateException inner) {
        return onlyInInnerCatch;
      }
    } catch (RuntimeException outer) {
      return onlyInOuterCatch;
    }
  }
}
