package dev.spindle.examples.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Byte-level ASCII helpers, so that parsing and writing HTTP allocate no strings. */
final class Ascii {
  private Ascii() {}

  /** tchar of RFC 9110 section 5.6.2, indexed by byte value. */
  private static final boolean[] TOKEN = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  /** Eight bytes of an array as one little-endian long, for {@link #indexOfNewline}. */
  private static final VarHandle EIGHT_BYTES =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';

  /**
   * The index of the first LF in {@code array[from, to)}, or -1. Eight bytes at a time: in a
   * word XORed with eight LFs, a byte that was an LF is zero, and {@code (x - ONES) & ~x &
   * HIGH_BITS} marks the lowest zero byte exactly (the classic has-zero-byte test).
   */
  static int indexOfNewline(byte[] array, int from, int to) {
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long word = (long) EIGHT_BYTES.get(array, i) ^ NEWLINES;
      long zeros = (word - ONES) & ~word & HIGH_BITS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (array[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static boolean isToken(byte b) {
    return b >= 0 && TOKEN[b];
  }

  /** Visible characters, SP, HTAB and obs-text: what a field value may hold. */
  static boolean isFieldValue(byte b) {
    return b == '\t' || b == ' ' || (b & 0xFF) > 0x20 && b != 0x7F;
  }

  static boolean equals(byte[] array, int offset, int length, String ascii) {
    if (length != ascii.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (array[offset + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Case-insensitive compare; {@code lowerCase} must already be lower case. */
  static boolean equalsIgnoreCase(byte[] array, int offset, int length, String lowerCase) {
    if (length != lowerCase.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int b = array[offset + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Puts the ASCII characters of {@code text}, one byte each. */
  static void put(ByteBuffer out, String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      out.put((byte) text.charAt(i));
    }
  }

  /** Puts the decimal digits of {@code value} (not negative). */
  static void putDecimal(ByteBuffer out, long value) {
    long divisor = 1;
    while (value / divisor >= 10) {
      divisor *= 10;
    }
    for (; divisor > 0; divisor /= 10) {
      out.put((byte) ('0' + value / divisor % 10));
    }
  }

  /** Puts {@code value} (not negative) in lower-case hex digits, without leading zeros. */
  static void putHex(ByteBuffer out, int value) {
    int shift = Math.max(0, (31 - Integer.numberOfLeadingZeros(value)) / 4 * 4);
    for (; shift >= 0; shift -= 4) {
      out.put((byte) Character.forDigit((value >>> shift) & 0xF, 16));
    }
  }

  /** Up to 60 bytes shown as printable ASCII, others as \xNN, for error messages. */
  static String snippet(byte[] array, int offset, int length) {
    StringBuilder text = new StringBuilder();
    int shown = Math.min(length, 60);
    for (int i = 0; i < shown; i++) {
      int b = array[offset + i] & 0xFF;
      if (b >= 0x20 && b < 0x7F && b != '\\') {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02X", b));
      }
    }
    return shown < length ? text.append("...").toString() : text.toString();
  }
}
