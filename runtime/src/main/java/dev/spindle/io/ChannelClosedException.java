package dev.spindle.io;

import java.nio.channels.AsynchronousCloseException;

/**
 * An operation met a closed stream or listener: it was pending when {@code close()} ran, or it
 * started after. An {@link AsynchronousCloseException} (so a {@link
 * java.nio.channels.ClosedChannelException} and an {@link java.io.IOException}), as an
 * {@link java.nio.channels.AsynchronousSocketChannel} reports it, but with a message that says
 * which operation on which channel.
 */
public final class ChannelClosedException extends AsynchronousCloseException {
  private static final long serialVersionUID = 1L;
  /** Which operation met the closed channel, and which channel. */
  private final String message;

  /** Spindle's I/O types make it; {@code message} names the operation and the channel. */
  ChannelClosedException(String message) {
    this.message = message;
  }

  @Override
  public String getMessage() {
    return message;
  }
}
