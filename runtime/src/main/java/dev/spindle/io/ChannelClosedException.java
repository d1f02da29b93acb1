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
  private final String message;

  public ChannelClosedException(String message) {
    this.message = message;
  }

  @Override
  public String getMessage() {
    return message;
  }
}
