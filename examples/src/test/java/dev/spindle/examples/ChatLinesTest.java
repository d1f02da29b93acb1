package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatLinesTest {
  private static final byte[] PREFIX = "user1: ".getBytes(StandardCharsets.UTF_8);

  private final ChatLines lines = new ChatLines(16);

  /** As a read would: {@code text} lands in the room the splitter gives. */
  private void arrive(byte[] bytes) {
    ByteBuffer room = lines.room();
    room.put(bytes);
    lines.received();
  }

  private void arrive(String text) {
    arrive(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> complete() throws ChatLines.BadLine {
    List<String> found = new ArrayList<>();
    for (byte[] line; (line = lines.next(PREFIX)) != null; ) {
      found.add(new String(line, StandardCharsets.UTF_8));
    }
    return found;
  }

  @Test
  void cutsLinesAtNewlinesDropsCarriageReturnsAndKeepsTheRestForLater() throws Exception {
    arrive("hello\nsecond\r\nthi");
    assertEquals(List.of("user1: hello\n", "user1: second\n"), complete());
    arrive("rd\n\n");
    assertEquals(List.of("user1: third\n", "user1: \n"), complete());
    assertNull(lines.next(PREFIX));
  }

  @Test
  void aLineOfExactlyTheLimitPassesEvenWithItsCarriageReturnArrivingApart() throws Exception {
    arrive("0123456789abcdef\r"); // 16 bytes and a \r: not yet too long
    assertEquals(List.of(), complete());
    arrive("\n");
    assertEquals(List.of("user1: 0123456789abcdef\n"), complete());
  }

  @Test
  void aLineOverTheLimitIsRefusedWithOrWithoutItsEnd() {
    arrive("0123456789abcdefg\n");
    assertEquals("lines must be at most 16 bytes (--max-line), end of line excluded; this one is"
        + " longer", assertThrows(ChatLines.BadLine.class, () -> lines.next(PREFIX)).getMessage());

    ChatLines endless = new ChatLines(16);
    ByteBuffer room = endless.room();
    room.put("0123456789abcdefgh".getBytes(StandardCharsets.US_ASCII)); // no \n yet: 18 bytes
    endless.received();
    assertThrows(ChatLines.BadLine.class, () -> endless.next(PREFIX));
  }

  @Test
  void multibyteTextAndTabsPassControlCharactersAndBadUtf8DoNot() throws Exception {
    arrive("caf\u00e9\t\u4e16\ud83d\ude00\n");
    assertEquals(List.of("user1: caf\u00e9\t\u4e16\ud83d\ude00\n"), complete());

    arrive("bell\u0007\n");
    assertEquals("lines must not hold control characters other than tab; this one has U+0007 at"
        + " character 5", assertThrows(ChatLines.BadLine.class, () -> lines.next(PREFIX))
        .getMessage());

    ChatLines c1 = new ChatLines(16);
    c1.room().put("a\u0085\n".getBytes(StandardCharsets.UTF_8)); // NEL, a C1 control
    c1.received();
    assertThrows(ChatLines.BadLine.class, () -> c1.next(PREFIX));

    ChatLines truncated = new ChatLines(16);
    truncated.room().put(new byte[] {'a', 'b', (byte) 0xe4, (byte) 0xb8, '\n'}); // 3-byte char cut
    truncated.received();
    assertEquals("lines must be UTF-8 text; this one is not, at byte 3",
        assertThrows(ChatLines.BadLine.class, () -> truncated.next(PREFIX)).getMessage());
  }

  @Test
  void theBufferIsReusedSoEndlessTrafficOfShortLinesNeedsNoMoreRoom() throws Exception {
    for (int i = 0; i < 10_000; i++) {
      arrive("line " + i + "\n");
      assertEquals(List.of("user1: line " + i + "\n"), complete());
    }
  }
}
