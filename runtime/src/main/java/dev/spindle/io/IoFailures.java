package dev.spindle.io;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Names the operation and the address in the message of a socket failure, while keeping the
 * type that a {@code catch} names: {@code java.net.ConnectException: connect to 127.0.0.1:1:
 * Connection refused}, where the JDK says only {@code Connection refused}.
 *
 * <p>The rule (see {@code docs/design.md}, "Messages that name the thing"): the failure is
 * replaced, before any task holds it, by a new exception of the same class, made through its
 * public {@code (String)} constructor, with the JDK's exception as its cause and the JDK's stack
 * trace. A class that users cannot name (not public, or in a package the JDK does not export,
 * such as {@code sun.net.ConnectionResetException}) becomes its nearest superclass that they can
 * ({@code java.net.SocketException}). A class without such a constructor (as
 * {@code ClosedChannelException}) is kept as it is, the very object, and the operation is added
 * to it as a suppressed {@link OperationNote}.
 */
final class IoFailures {
  private IoFailures() {}

  /** Per exception class: its public (String) constructor, or null if users cannot call it. */
  private static final ClassValue<MethodHandle> CONSTRUCTORS = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      if (!nameable(type)) {
        return null;
      }
      try {
        return MethodHandles.publicLookup().findConstructor(type,
            MethodType.methodType(void.class, String.class));
      } catch (NoSuchMethodException | IllegalAccessException none) {
        return null;
      }
    }
  };

  /**
   * {@code failure} as the failure of {@code operation} ("connect to 127.0.0.1:1"): see the class
   * comment for which object that is.
   */
  static IOException named(String operation, IOException failure) {
    String message = failure.getMessage() == null ? operation
        : operation + ": " + failure.getMessage();
    Class<?> type = failure.getClass();
    MethodHandle constructor = CONSTRUCTORS.get(type);
    if (constructor == null && nameable(type)) {
      failure.addSuppressed(new OperationNote(operation));
      return failure;
    }
    for (; constructor == null; constructor = CONSTRUCTORS.get(type)) {
      type = type.getSuperclass(); // reaches IOException, which has one
    }
    IOException named;
    try {
      named = (IOException) constructor.invoke(message);
    } catch (Throwable cannot) { // a constructor that throws: keep the original, say why
      failure.addSuppressed(new OperationNote(operation));
      return failure;
    }
    if (named.getCause() == null) {
      named.initCause(failure);
    }
    named.setStackTrace(failure.getStackTrace());
    if (named.getCause() == failure) {
      // The named exception now carries these frames, and the async stack trace is added to it
      // alone: printed again under "Caused by", they would bury that trace under loop frames.
      failure.setStackTrace(new StackTraceElement[0]);
    }
    return named;
  }

  /** Whether user code can name {@code type} in a {@code catch}: public and exported. */
  private static boolean nameable(Class<?> type) {
    return Modifier.isPublic(type.getModifiers())
        && type.getModule().isExported(type.getPackageName());
  }

  /** {@code 127.0.0.1:8080}, {@code [::1]:8080}, or the host name of an unresolved address. */
  static String address(SocketAddress address) {
    if (!(address instanceof InetSocketAddress)) {
      return String.valueOf(address);
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    String host = inet.isUnresolved() ? inet.getHostString()
        : inet.getAddress() instanceof Inet6Address
            ? "[" + inet.getAddress().getHostAddress() + "]"
            : inet.getAddress().getHostAddress();
    return host + ":" + inet.getPort();
  }

  /**
   * The operation that failed, added as a suppressed exception to a failure whose message could
   * not be replaced. No stack trace: the failure it is attached to has the one that matters.
   */
  static final class OperationNote extends Exception {
    private static final long serialVersionUID = 1L;

    OperationNote(String operation) {
      super("while: " + operation, null, false, false);
    }
  }
}
