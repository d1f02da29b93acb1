package dev.spindle.internal.frame;

import java.lang.reflect.Method;

/**
 * Where the calls of one {@code @Async} method suspend: its class, name, file and the line of
 * each await, found once per method for {@code EventLoop.dump()}, with debug tracking on only.
 *
 * <p>A suspended call has no stack, and its frame knows only its {@link Resumer}; but each
 * method links one resumer class of its own, and the first time one of its calls suspends, the
 * method is the caller of {@link AsyncFrame}'s entry point on the stack. So a {@link ClassValue}
 * keyed by the resumer's class walks the stack once per method and reads the method's
 * {@link AwaitLines}; every later suspension finds the answer in the class value.
 */
final class FrameSites {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final ClassValue<Site> SITES = new ClassValue<>() {
    @Override
    protected Site computeValue(Class<?> resumerType) {
      return callerOfFrame();
    }
  };
  private static final Site UNKNOWN = new Site("?", "?", null, new int[0]);

  private FrameSites() {}

  /**
   * The method that {@code resumer} resumes. The first call for a resumer class must come from
   * inside one of {@link AsyncFrame}'s entry points, called by that method.
   */
  static Site of(Resumer resumer) {
    return SITES.get(resumer.getClass());
  }

  private static Site callerOfFrame() {
    StackWalker.StackFrame caller = WALKER.walk(frames -> frames
        .dropWhile(frame -> frame.getDeclaringClass() != AsyncFrame.class)
        .dropWhile(frame -> frame.getDeclaringClass() == AsyncFrame.class)
        .findFirst().orElse(null));
    if (caller == null) {
      return UNKNOWN;
    }
    Class<?> type = caller.getDeclaringClass();
    int[] lines = new int[0];
    try {
      Method method = type.getDeclaredMethod(caller.getMethodName(),
          caller.getMethodType().parameterArray());
      AwaitLines table = method.getAnnotation(AwaitLines.class);
      if (table != null) {
        lines = table.value();
      }
    } catch (NoSuchMethodException | LinkageError | SecurityException unreadable) {
      // shown without lines
    }
    return new Site(type.getName(), caller.getMethodName(), caller.getFileName(), lines);
  }

  /** One {@code @Async} method as the dump shows it. */
  static final class Site {
    private final String className;
    private final String methodName;
    private final String fileName;
    private final int[] lines;

    Site(String className, String methodName, String fileName, int[] lines) {
      this.className = className;
      this.methodName = methodName;
      this.fileName = fileName;
      this.lines = lines;
    }

    /**
     * {@code Class.method(File.java:line)} for a call suspended at await {@code state}, as a
     * stack trace element reads (IDEs link it to the source); without the line when unknown.
     */
    String at(int state) {
      int line = state >= 1 && state <= lines.length ? lines[state - 1] : 0;
      return new StackTraceElement(className, methodName, fileName, line > 0 ? line : -1)
          .toString();
    }
  }
}
