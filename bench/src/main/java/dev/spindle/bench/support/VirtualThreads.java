package dev.spindle.bench.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Starts virtual threads although this module compiles for Java 17: the benchmarks run on JDK 25,
 * and the build must stay green on 17. Found once through a method handle, so a start costs what
 * {@code Thread.startVirtualThread} costs.
 */
public final class VirtualThreads {
  private VirtualThreads() {}

  private static final MethodHandle START_VIRTUAL_THREAD = find();

  private static MethodHandle find() {
    try {
      return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
          MethodType.methodType(Thread.class, Runnable.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** Whether this JVM has virtual threads (JDK 21 or later). */
  public static boolean available() {
    return START_VIRTUAL_THREAD != null;
  }

  /** {@code Thread.startVirtualThread(task)}. */
  public static Thread start(Runnable task) {
    if (START_VIRTUAL_THREAD == null) {
      throw new UnsupportedOperationException("virtual threads need JDK 21 or later; this is "
          + Runtime.version() + ": run with JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64");
    }
    try {
      return (Thread) START_VIRTUAL_THREAD.invokeExact(task);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
