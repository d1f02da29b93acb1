package dev.spindle.examples;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The buffers of closed connections, kept for the next ones: a connection per request would
 * otherwise allocate and zero two 16 KiB buffers each time. Output buffers are direct, so a
 * response goes to the socket without the JDK copying it into a temporary direct buffer first;
 * input stays on the heap, where the parser reads it as an array.
 *
 * <p>At most {@value #KEPT} of each are kept; beyond that a closed connection's buffers go to
 * the collector. Loop thread only, like the server.
 */
final class BufferPool {
  static final int KEPT = 256;

  private final int bytes;
  private final ArrayDeque<ByteBuffer> inputs = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> outputs = new ArrayDeque<>();
  /** Buffers taken and not given back (dropped ones included); shows what connections hold. */
  private int lent;

  BufferPool(int bytes) {
    this.bytes = bytes;
  }

  /** An empty input buffer in read mode (nothing to read yet). */
  ByteBuffer takeInput() {
    lent++;
    ByteBuffer buffer = inputs.pollFirst();
    return (buffer != null ? buffer : ByteBuffer.allocate(bytes)).clear().flip();
  }

  /** An empty output buffer in write mode. */
  ByteBuffer takeOutput() {
    lent++;
    ByteBuffer buffer = outputs.pollFirst();
    return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(bytes);
  }

  /**
   * Takes back buffers their connection will not touch again; either may be {@code null}, as a
   * connection holds them only while bytes flow and gives each back on its own.
   */
  void give(ByteBuffer input, ByteBuffer output) {
    lent -= (input == null ? 0 : 1) + (output == null ? 0 : 1);
    if (input != null && inputs.size() < KEPT) {
      inputs.addFirst(input); // last in, first out: the warmest in the cache
    }
    if (output != null && outputs.size() < KEPT) {
      outputs.addFirst(output);
    }
  }

  /** How many buffers are out of the pool now: what the open connections hold. */
  int lent() {
    return lent;
  }
}
