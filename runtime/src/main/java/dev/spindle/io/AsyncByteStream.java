package dev.spindle.io;

import dev.spindle.Task;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A two-way byte stream whose operations are tasks, so that protocol code (an HTTP connection,
 * a line reader) runs over plain TCP ({@link AsyncTcpStream}) or TLS ({@link AsyncTlsStream})
 * alike: what {@link java.nio.channels.ByteChannel} is for blocking channels, or okio's
 * {@code Source} and {@code Sink} together.
 *
 * <p>The contracts are those of {@link AsyncTcpStream}: at most one read and one write in
 * flight at once (they may overlap each other); {@code read}, {@code write}, {@code flush} and
 * {@code shutdownOutput} on the stream's event-loop thread, {@code close} from any thread.
 */
public interface AsyncByteStream {
  /**
   * Reads at least one byte into {@code buffer}: the count, {@code -1} at end of stream, or
   * {@code 0} only when {@code buffer} has no room. Closing the stream fails a pending read
   * with {@link ChannelClosedException}.
   */
  Task<Integer> read(ByteBuffer buffer);

  /**
   * Finishes when bytes (or the end of the stream) can be read, holding no buffer while it
   * waits, as tokio's {@code readable()}; follow it with {@link #tryRead}. Readiness is a hint:
   * the {@code tryRead} may still return 0, and the caller then waits again. Counts as the one
   * read in flight.
   */
  Task<Void> readable();

  /**
   * Reads what can be read now into {@code buffer} without waiting: the count, {@code 0} when
   * nothing is there (or {@code buffer} has no room), {@code -1} at end of stream.
   *
   * @throws IOException if the connection failed
   */
  int tryRead(ByteBuffer buffer) throws IOException;

  /** Finishes when a write can make progress, holding no buffer while it waits. */
  Task<Void> writable();

  /**
   * Writes all of {@code buffer}; the task finishes when the last byte has been handed to the
   * kernel. Do not touch {@code buffer} until it finishes.
   */
  Task<Void> write(ByteBuffer buffer);

  /** Finishes when every byte written so far has been handed to the kernel. */
  Task<Void> flush();

  /**
   * Sends end-of-stream to the peer (its reads return {@code -1}) while this side may still read.
   * Fails if a write is still in flight.
   */
  Task<Void> shutdownOutput();

  /** Closes the stream; a read or write in flight fails. Any thread; twice does nothing. */
  Task<Void> close();
}
