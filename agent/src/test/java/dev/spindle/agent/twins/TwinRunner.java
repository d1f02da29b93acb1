package dev.spindle.agent.twins;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.twins.TwinClassGenerator.GeneratedClass;
import dev.spindle.agent.twins.TwinClassGenerator.Pair;
import dev.spindle.internal.frame.AsyncFrame;
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
  record Outcome(String value, String failure, String failurePlace, List<String> trace,
      String fields, String wrongThread, Boolean suspended) {
    /** Whether this ends as {@code twin} did, and (what twins cannot check) on the right thread. */
    boolean sameAs(Outcome twin) {
      return wrongThread == null && java.util.Objects.equals(value, twin.value)
          && java.util.Objects.equals(failure, twin.failure)
          && java.util.Objects.equals(failurePlace, twin.failurePlace)
          && trace.equals(twin.trace) && fields.equals(twin.fields);
    }

    @Override
    public String toString() {
      return (failure != null ? "failure " + failure + " at method+line " + failurePlace
              : "value " + value)
          + (suspended == null ? "" : suspended ? ", suspended" : ", never suspended")
          + (fields.isEmpty() ? "" : "\n    fields " + fields)
          + (wrongThread == null ? "" : "\n    WRONG THREAD: " + wrongThread)
          + "\n    trace " + trace;
    }
  }

  static final String THROWN_BY_CALL = "thrown by the call itself, not through its task: ";

  private final ExecutorService otherThread = daemonThread("twins-other-thread");
  private ExecutorService runThread = daemonThread("twins-run");

  /** The twin's outcome. */
  Outcome twin(Class<?> generated, GeneratedClass source, Pair pair, long seed,
      Delivery delivery) {
    Trace trace = new Trace();
    Source values = Source.forTwin(seed, delivery, trace);
    Object target = pair.isStatic() ? null : newInstance(generated);
    Method method = method(generated, "s" + pair.index());
    try {
      Object value = method.invoke(target, arguments(values, trace, seed));
      return outcome(value, trace, target, null, null);
    } catch (InvocationTargetException thrown) {
      return failed(thrown.getCause(), "", source, trace, target, null, null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** The async method's outcome, bounded in time: a run that never ends says so. */
  Outcome async(Class<?> generated, GeneratedClass source, Pair pair, long seed,
      Delivery delivery) {
    Method method = method(generated, "a" + pair.index());
    Future<Outcome> run = runThread.submit(() -> runAsync(generated, source, method, pair, seed,
        delivery));
    try {
      return run.get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException hung) {
      runThread.shutdownNow(); // its thread may be stuck for good; runs go on in a new one
      runThread = daemonThread("twins-run");
      return new Outcome(null, "never finished within " + RUN_TIMEOUT_SECONDS + " s", null,
          List.of(), "", null, null);
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  private Outcome runAsync(Class<?> generated, GeneratedClass source, Method method, Pair pair,
      long seed, Delivery delivery) {
    Trace trace = new Trace();
    Source values = Source.forAsync(seed, delivery, trace, otherThread);
    Object target = pair.isStatic() ? null : newInstance(generated);
    Object[] arguments = arguments(values, trace, seed);
    Task<?>[] returned = new Task<?>[1];
    try {
      Object value;
      if (delivery.withoutLoop) {
        returned[0] = call(method, target, arguments);
        value = returned[0].join();
      } else {
        value = EventLoop.run(() -> {
          Task<Object> task = call(method, target, arguments);
          returned[0] = task;
          return task;
        });
      }
      return outcome(value, trace, target, values.wrongThread(), suspended(returned[0]));
    } catch (CallThrew thrown) {
      return failed(thrown.getCause(), THROWN_BY_CALL, source, trace, target,
          values.wrongThread(), null);
    } catch (Throwable failure) {
      return failed(failure, "", source, trace, target, values.wrongThread(),
          suspended(returned[0]));
    }
  }

  private static Boolean suspended(Task<?> returned) {
    return returned == null ? null : returned instanceof AsyncFrame;
  }

  @SuppressWarnings("unchecked")
  private static Task<Object> call(Method method, Object target, Object[] arguments) {
    try {
      return (Task<Object>) method.invoke(target, arguments);
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

  private static Outcome failed(Throwable failure, String prefix, GeneratedClass source,
      Trace trace, Object target, String wrongThread, Boolean suspended) {
    String place = null;
    for (StackTraceElement element : failure.getStackTrace()) {
      if (element.getClassName().equals(source.className())) {
        place = source.placeOf(element);
        break;
      }
    }
    return new Outcome(null, prefix + describe(failure), place, trace.events(),
        fieldsOf(target), wrongThread, suspended);
  }

  private static Outcome outcome(Object value, Trace trace, Object target, String wrongThread,
      Boolean suspended) {
    return new Outcome(Fn.render(value), null, null, trace.events(), fieldsOf(target),
        wrongThread, suspended);
  }

  private static String fieldsOf(Object target) {
    if (target == null) {
      return "";
    }
    try {
      return (String) target.getClass().getMethod("fieldState").invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Type and message, and those of suppressed exceptions (closing a resource can add one). */
  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getName()).append(": ")
        .append(failure.getMessage());
    for (Throwable suppressed : failure.getSuppressed()) {
      text.append(" [suppressed ").append(describe(suppressed)).append("]");
    }
    return text.toString();
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
