package dev.spindle.agent.transform.support;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A corpus class loaded through the transformer, and the way tests call its methods: on a fresh
 * {@link EventLoop}, returning the value of the method's task or throwing its failure.
 */
public final class Corpus {
  private final Class<?> type;
  private final Mode mode;

  private Corpus(Class<?> type, Mode mode) {
    this.type = type;
    this.mode = mode;
  }

  /** {@code corpusClass} (named, never touched: the test's own copy is not rewritten) as rewritten for {@code mode}. */
  public static Corpus load(Class<?> corpusClass, Mode mode) {
    try {
      TransformingClassLoader loader = TransformingClassLoader.corpus(mode);
      Class<?> loaded = Class.forName(corpusClass.getName(), true, loader);
      if (loader.rewrittenBytes(corpusClass.getName()) == null) {
        throw new AssertionError(corpusClass.getName() + " was not rewritten");
      }
      return new Corpus(loaded, mode);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  public Class<?> type() {
    return type;
  }

  /** A new {@link Source} for this corpus's mode. */
  public Source source() {
    return Source.of(mode);
  }

  /** Runs static method {@code name} (the only one of that name) and returns its task's value. */
  public Object run(String name, Object... arguments) throws Throwable {
    return runOn(null, name, arguments);
  }

  /** Runs instance method {@code name} on {@code receiver}. */
  @SuppressWarnings("unchecked")
  public Object runOn(Object receiver, String name, Object... arguments) throws Throwable {
    Method method = find(name);
    return EventLoop.run(() -> {
      try {
        return (Task<Object>) method.invoke(
            Modifier.isStatic(method.getModifiers()) ? null : receiver, arguments);
      } catch (InvocationTargetException e) {
        throw new AssertionError("the rewritten method threw instead of failing its task",
            e.getCause());
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    });
  }

  /**
   * Calls static method {@code name} on a fresh loop and returns the task it returned, as it was
   * when the call returned (before the loop ran anything else).
   */
  public dev.spindle.Task<?> taskOf(String name, Object... arguments) {
    Method method = find(name);
    dev.spindle.Task<?>[] returned = new dev.spindle.Task<?>[1];
    EventLoop.run(() -> {
      try {
        returned[0] = (dev.spindle.Task<?>) method.invoke(null, arguments);
        return dev.spindle.Task.completed(returned[0].isDone());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    });
    return returned[0];
  }

  /** Calls static method {@code name} directly (no loop), returning what it returns. */
  public Object call(String name, Object... arguments) throws Throwable {
    try {
      return find(name).invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The corpus method {@code name} (the only one of that name), made accessible. */
  public Method method(String name) {
    return find(name);
  }

  private Method find(String name) {
    Method found = null;
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name) && !method.isSynthetic()) {
        if (found != null) {
          throw new AssertionError(type.getName() + " has two methods named " + name);
        }
        found = method;
      }
    }
    if (found == null) {
      throw new AssertionError(type.getName() + " has no method named " + name);
    }
    found.setAccessible(true);
    return found;
  }
}
