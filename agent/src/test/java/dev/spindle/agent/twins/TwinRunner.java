package dev.spindle.agent.twins;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.twins.TwinClassGenerator.Pair;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one generated pair: the twin directly, the async method on an event loop (or without one)
 * with its values delivered as a {@link Delivery} says; each run ends as an {@link Outcome}.
 */
final class TwinRunner implements AutoCloseable {
  private static final long RUN_TIMEOUT_SECONDS = 20;
  private static final Class<?>[] PARAMETERS = {Source.class, Trace.class, int.class, long.class,
      double.class, String.class};

  /** Everything a run leaves that the two methods must agree on. */
  record Outcome(String value, String failure, List<String> trace, String fields,
      String wrongThread) {
    /**
     * Whether this async outcome is what a method the agent did not rewrite gives: the call
     * throws, at an await or (like the twin) before reaching one.
     */
    boolean notRewritten(Outcome twin) {
      if (toString().contains(NOT_REWRITTEN)) {
        return true; // thrown at an await, and maybe caught and recorded by the method
      }
      return failure != null && failure.equals(THROWN_BY_CALL + twin.failure);
    }

    /** Whether {@code other} is the same except for the thread check, which twins do not make. */
    boolean sameAs(Outcome twin) {
      return wrongThread == null && java.util.Objects.equals(value, twin.value)
          && java.util.Objects.equals(failure, twin.failure) && trace.equals(twin.trace)
          && fields.equals(twin.fields);
    }

    @Override
    public String toString() {
      return (failure != null ? "failure " + failure : "value " + value)
          + (fields.isEmpty() ? "" : "\n    fields " + fields)
          + (wrongThread == null ? "" : "\n    WRONG THREAD: " + wrongThread)
          + "\n    trace " + trace;
    }
  }

  private static final String NOT_REWRITTEN = "which was not rewritten by the Spindle agent";
  static final String THROWN_BY_CALL = "thrown by the call itself, not through its task: ";

  private final ExecutorService otherThread = daemonThread("twins-other-thread");
  private ExecutorService runThread = daemonThread("twins-run");

  /** The twin's outcome. */
  Outcome twin(Class<?> generated, Pair pair, long seed, Delivery delivery) {
    Trace trace = new Trace();
    Source source = Source.forTwin(seed, delivery, trace);
    Object target = pair.isStatic() ? null : newInstance(generated);
    Method method = method(generated, "s" + pair.index());
    try {
      Object value = method.invoke(target, arguments(source, trace, seed));
      return outcome(value, null, trace, target, null);
    } catch (InvocationTargetException thrown) {
      return outcome(null, describe(thrown.getCause()), trace, target, null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** The async method's outcome, bounded in time: a run that never ends says so. */
  Outcome async(Class<?> generated, Pair pair, long seed, Delivery delivery) {
    Method method = method(generated, "a" + pair.index());
    Future<Outcome> run = runThread.submit(() -> runAsync(generated, method, pair, seed,
        delivery));
    try {
      return run.get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException hung) {
      runThread.shutdownNow(); // its thread may be stuck for good; runs go on in a new one
      runThread = daemonThread("twins-run");
      return new Outcome(null, "never finished within " + RUN_TIMEOUT_SECONDS + " s", List.of(),
          "", null);
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  private Outcome runAsync(Class<?> generated, Method method, Pair pair, long seed,
      Delivery delivery) {
    Trace trace = new Trace();
    Source source = Source.forAsync(seed, delivery, trace, otherThread);
    Object target = pair.isStatic() ? null : newInstance(generated);
    Object[] arguments = arguments(source, trace, seed);
    try {
      Object value = delivery.withoutLoop ? call(method, target, arguments).join()
          : EventLoop.run(() -> call(method, target, arguments));
      return outcome(value, null, trace, target, source.wrongThread());
    } catch (CallThrew thrown) {
      return outcome(null, THROWN_BY_CALL + describe(thrown.getCause()), trace, target,
          source.wrongThread());
    } catch (Throwable failure) {
      return outcome(null, describe(failure), trace, target, source.wrongThread());
    }
  }

  private static Task<?> call(Method method, Object target, Object[] arguments) {
    try {
      return (Task<?>) method.invoke(target, arguments);
    } catch (InvocationTargetException thrown) {
      throw new CallThrew(thrown.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** An @Async method threw instead of failing its task. */
  private static final class CallThrew extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallThrew(Throwable cause) {
      super(cause);
    }
  }

  private static Object[] arguments(Source source, Trace trace, long seed) {
    return new Object[] {source, trace, (int) Math.floorMod(seed, 9L) - 3, seed % 5, 0.75, "p"};
  }

  private static Outcome outcome(Object value, String failure, Trace trace, Object target,
      String wrongThread) {
    String fields = "";
    if (target != null) {
      try {
        fields = (String) target.getClass().getMethod("fieldState").invoke(target);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return new Outcome(failure == null ? Fn.render(value) : null, failure, trace.events(), fields,
        wrongThread);
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getName() + ": " + failure.getMessage();
  }

  private static Method method(Class<?> generated, String name) {
    try {
      return generated.getMethod(name, PARAMETERS);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private static Object newInstance(Class<?> generated) {
    try {
      return generated.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static ExecutorService daemonThread(String name) {
    return Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void close() {
    otherThread.shutdownNow();
    runThread.shutdownNow();
  }
}
