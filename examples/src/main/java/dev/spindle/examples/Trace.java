package dev.spindle.examples;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The {@code --trace} output: one line per event in the life of a connection, in the order they
 * happen, as the Rust experiment printed them. The runtime's own events (selector created,
 * would block, registered, woke, deregistered) arrive through {@link #runtime(String)}; the
 * handler's (handling started, the request, handling finished, dropping the stream) through the
 * other methods. Every line goes to one {@link PrintStream}, from the event-loop thread.
 *
 * <p>{@link #off()} prints nothing and costs one field read per event: callers check
 * {@link #enabled()} before building anything.
 */
public final class Trace {
  private static final Trace OFF = new Trace(null);

  /** Null when tracing is off. */
  private final PrintStream out;

  private Trace(PrintStream out) {
    this.out = out;
  }

  public static Trace off() {
    return OFF;
  }

  public static Trace to(PrintStream out) {
    return new Trace(out);
  }

  public boolean enabled() {
    return out != null;
  }

  /** An event of the runtime's reactor, printed as it comes. */
  public void runtime(String message) {
    line(message);
  }

  /** An event of the server itself: listening, shutdown. */
  public void server(String message) {
    line(message);
  }

  public void handlingStarted(long connection, Object peer) {
    if (out != null) {
      line("Handling:started conn=" + connection + " peer=" + peer + " loop="
          + Thread.currentThread().getName()); // the loop that serves it for its whole life
    }
  }

  /**
   * The request line and headers, as the client sent them ({@code length} bytes at
   * {@code start} in {@code in}), one line each, the first prefixed {@code Request:}.
   */
  public void request(long connection, ByteBuffer in, int start, int length) {
    if (out == null) {
      return;
    }
    String head = new String(in.array(), in.arrayOffset() + start, length,
        StandardCharsets.ISO_8859_1);
    StringBuilder lines = new StringBuilder("Request conn=").append(connection).append(": ");
    lines.append(head.strip().replace("\r\n", "\n"));
    line(lines.toString());
  }

  /** Why the connection is ending, or what it refused; {@code detail} is printed only here. */
  public void connection(long connection, String event, Object detail) {
    if (out != null) {
      line("Handling:" + event + " (" + detail + ") conn=" + connection);
    }
  }

  public void handlingFinished(long connection) {
    if (out != null) {
      line("Handling:finished conn=" + connection);
    }
  }

  public void droppingStream(long connection) {
    if (out != null) {
      line("Dropping stream conn=" + connection);
    }
  }

  private void line(String text) {
    if (out != null) {
      out.println(text);
    }
  }
}
