package dev.spindle.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AsciiTest {
  /** The first LF the plain way, to check the eight-bytes-at-a-time search against. */
  private static int naiveIndexOfNewline(byte[] array, int from, int to) {
    for (int i = from; i < to; i++) {
      if (array[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void indexOfNewlineAgreesWithAPlainSearchOnRandomRanges() {
    SplittableRandom random = new SplittableRandom(7878);
    // Bytes near LF (0x0A) and with the high bit set are where a has-zero-byte test can go
    // wrong; draw them often.
    byte[] alphabet = {'\n', '\r', 0x0B, 0x09, 0x00, (byte) 0x8A, (byte) 0xFF, (byte) 0x80, 'a',
        ' ', 0x01, 0x7F};
    for (int trial = 0; trial < 20_000; trial++) {
      byte[] array = new byte[random.nextInt(1, 80)];
      int density = random.nextInt(1, 40);
      for (int i = 0; i < array.length; i++) {
        array[i] = random.nextInt(density) == 0 ? (byte) '\n'
            : alphabet[random.nextInt(1, alphabet.length)];
      }
      int from = random.nextInt(array.length + 1);
      int to = random.nextInt(from, array.length + 1);
      assertEquals(naiveIndexOfNewline(array, from, to), Ascii.indexOfNewline(array, from, to),
          () -> "from " + from + " to " + to + " in " + java.util.Arrays.toString(array));
    }
  }

  @Test
  void putHexWritesLowerCaseDigitsWithoutLeadingZeros() {
    for (int value : new int[] {0, 1, 15, 16, 255, 0x4000, 0x7FFFFFFF}) {
      java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(16);
      Ascii.putHex(out, value);
      assertEquals(Integer.toHexString(value),
          new String(out.array(), 0, out.position(), java.nio.charset.StandardCharsets.US_ASCII));
    }
  }
}
