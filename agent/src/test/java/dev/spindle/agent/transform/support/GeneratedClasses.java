package dev.spindle.agent.transform.support;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.agent.testing.IsolatedClassLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/** Loads a rewritten generated class, calls its methods, and reports what they did. */
public final class GeneratedClasses {
  private GeneratedClasses() {}

  /** Defines {@code classFile} as {@code className} in a loader of its own, after ASM's check. */
  public static Class<?> load(String className, byte[] classFile) throws ClassNotFoundException {
    TransformingClassLoader.check(className, classFile, GeneratedClasses.class.getClassLoader());
    return new IsolatedClassLoader(Set.of(className), Map.of(className, classFile),
        (name, bytes) -> bytes).loadClass(className);
  }

  /**
   * Calls {@code receiver.method(task, extra...)} ({@code null} receiver: a static method) with a
   * task that finishes only on the loop's next turn (with 41), so that a method that was not
   * rewritten fails at its await; its result.
   */
  public static Object callSuspending(Class<?> type, String method, Object receiver,
      Object... extra) {
    return EventLoop.run(() -> {
      Promise<Integer> later = new Promise<>();
      Object[] arguments = new Object[extra.length + 1];
      arguments[0] = later.task();
      System.arraycopy(extra, 0, arguments, 1, extra.length);
      Task<?> task;
      try {
        task = (Task<?>) find(type, method).invoke(receiver, arguments);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      EventLoop.current().execute(() -> later.complete(41));
      return task;
    });
  }

  /** What calling {@code method} throws (unwrapped), with {@code null}s and zeros for arguments. */
  public static Throwable thrownBy(Class<?> type, String method, Object receiver) {
    Method found = find(type, method);
    Object[] arguments = new Object[found.getParameterCount()];
    Class<?>[] types = found.getParameterTypes();
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = types[i] == int.class ? (Object) 0 : null;
    }
    try {
      found.invoke(receiver, arguments);
    } catch (InvocationTargetException thrown) {
      return thrown.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError(method + " returned normally");
  }

  private static Method find(Class<?> type, String name) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name) && !method.isSynthetic()) {
        return method;
      }
    }
    throw new AssertionError("no method " + name + " in " + type.getName());
  }
}
