package dev.spindle.io;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's file-descriptor limit and how many descriptors are open, each when known, for
 * the report of an accept that ran out of them. Both come from the JDK's
 * {@link UnixOperatingSystemMXBean}: the limit from {@code getrlimit} (which needs no descriptor),
 * the count from a listing of {@code /proc/self/fd} (which needs one, so it is unknown while
 * none is free).
 */
final class FileDescriptors {
  private FileDescriptors() {}

  /**
   * Finds the bean now, if not yet done. Finding it loads a native library, which takes a free
   * descriptor and, failing, would leave the JDK's bean broken for the rest of the process: so
   * it must happen before a shortage, not during one.
   */
  static void prepare() {
    limit();
  }

  /** The soft limit ({@code ulimit -n}), or -1 if unknown. */
  static long limit() {
    try {
      UnixOperatingSystemMXBean bean = Bean.UNIX;
      return bean == null ? -1 : bean.getMaxFileDescriptorCount();
    } catch (LinkageError | RuntimeException unavailable) {
      return -1; // no java.management module, or no Unix bean
    }
  }

  /** The number of open descriptors, or -1 if unknown (none free to list them). */
  static long open() {
    try {
      UnixOperatingSystemMXBean bean = Bean.UNIX;
      return bean == null ? -1 : bean.getOpenFileDescriptorCount();
    } catch (InternalError noDescriptorFree) {
      return -1; // the bean reports "Unable to open directory /proc/self/fd" this way
    } catch (LinkageError | RuntimeException unavailable) {
      return -1;
    }
  }

  /** Holds the bean, so that a JDK without java.management fails here, where it is caught. */
  private static final class Bean {
    static final UnixOperatingSystemMXBean UNIX = find();

    private static UnixOperatingSystemMXBean find() {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      return os instanceof UnixOperatingSystemMXBean ? (UnixOperatingSystemMXBean) os : null;
    }
  }
}
