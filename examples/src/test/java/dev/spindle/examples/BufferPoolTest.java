package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
  private final BufferPool pool = new BufferPool(64);

  @Test
  void buffersComeEmptyAndInTheModeTheConnectionExpects() {
    ByteBuffer in = pool.takeInput();
    ByteBuffer out = pool.takeOutput();
    assertFalse(in.hasRemaining(), "input in read mode with nothing to read");
    assertEquals(64, in.capacity());
    assertFalse(in.isDirect(), "the parser reads input as an array");
    assertEquals(64, out.remaining(), "output in write mode, all room");
    assertTrue(out.isDirect(), "responses go to the socket without a temporary copy");
  }

  @Test
  void aClosedConnectionsBuffersServeTheNextOneEmptied() {
    ByteBuffer in = pool.takeInput();
    ByteBuffer out = pool.takeOutput();
    in.compact().put(new byte[] {1, 2, 3}).flip(); // left unread, as after a reset
    out.put(new byte[] {4, 5});
    pool.give(in, out);
    ByteBuffer nextIn = pool.takeInput();
    ByteBuffer nextOut = pool.takeOutput();
    assertSame(in, nextIn);
    assertSame(out, nextOut);
    assertFalse(nextIn.hasRemaining());
    assertEquals(64, nextOut.remaining());
    assertNotSame(nextIn, pool.takeInput(), "an empty pool makes a new buffer");
  }

  @Test
  void atMostKeptBuffersAreKept() {
    List<ByteBuffer> given = new ArrayList<>();
    for (int i = 0; i < BufferPool.KEPT + 10; i++) {
      ByteBuffer in = ByteBuffer.allocate(64);
      given.add(in);
      pool.give(in, ByteBuffer.allocateDirect(64));
    }
    int reused = 0;
    for (int i = 0; i < BufferPool.KEPT + 10; i++) {
      ByteBuffer in = pool.takeInput();
      if (given.stream().anyMatch(buffer -> buffer == in)) {
        reused++;
      }
    }
    assertEquals(BufferPool.KEPT, reused);
  }
}
