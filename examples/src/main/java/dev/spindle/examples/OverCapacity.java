package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.examples.http.ResponseWriter;
import dev.spindle.io.AsyncTcpStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Turns away the connections {@link HttpServer} has no room for (past
 * {@code --max-connections}): each gets {@code 503} with {@code Connection: close} at once and
 * is closed, never queued, so an overload costs a few bytes per connection instead of growing
 * without bound.
 *
 * <p>The answer leaves with our end of the connection (FIN), then we read and drop what the
 * client still sends for a moment: closing with its request unread would make the kernel send a
 * reset, which can destroy the 503 before the client reads it (as in
 * {@code HttpConnection.lingerBeforeClose}). At most {@value #MAX_LINGERING} connections linger
 * at once, each for at most {@link #LINGER} in all and {@value #LINGER_BYTES} bytes; past that a
 * turned-away connection closes right after its answer.
 *
 * <p>Loop thread only.
 */
final class OverCapacity {
  static final int MAX_LINGERING = 256;
  static final Duration LINGER = Duration.ofSeconds(1);
  static final int LINGER_BYTES = 16 * 1024;
  private static final int DROP_BUFFER_BYTES = 512;

  private final Trace trace;
  /** Connections answered and still lingering; loop thread only. */
  private int lingering;

  OverCapacity(Trace trace) {
    this.trace = trace;
  }

  /** Answers {@code stream} with 503 and closes it, in the background. */
  void turnAway(long id, AsyncTcpStream stream) {
    EventLoop.spawn(answerAndClose(id, stream));
  }

  @Async
  private Task<Void> answerAndClose(long id, AsyncTcpStream stream) {
    trace.connection(id, "over capacity", "503");
    boolean linger = lingering < MAX_LINGERING;
    if (linger) {
      lingering++;
    }
    try {
      await(stream.write(ResponseWriter.overCapacity()).orTimeout(LINGER));
      await(stream.shutdownOutput());
      if (linger) {
        await(dropInput(stream).orTimeout(LINGER)); // the timeout cancels the drop
      }
    } catch (Exception failure) {
      if (!(failure instanceof IOException || failure instanceof TimeoutException)) {
        throw failure;
      }
      trace.connection(id, "gone before its 503", failure);
    } finally {
      if (linger) {
        lingering--;
      }
      trace.droppingStream(id);
      await(stream.close());
    }
    return Task.completed();
  }

  @Async
  private static Task<Void> dropInput(AsyncTcpStream stream) {
    ByteBuffer drop = ByteBuffer.allocate(DROP_BUFFER_BYTES);
    for (int dropped = 0; dropped < LINGER_BYTES; ) {
      drop.clear();
      int count = await(stream.read(drop));
      if (count < 0) {
        break;
      }
      dropped += count;
    }
    return Task.completed();
  }
}
