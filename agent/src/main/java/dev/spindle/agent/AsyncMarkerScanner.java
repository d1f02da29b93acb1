package dev.spindle.agent;

import java.nio.charset.StandardCharsets;

/**
 * Finds, without parsing, whether a class file may declare an {@code @Async} method that still
 * needs rewriting.
 *
 * <p>A method annotated {@code @Async} puts the descriptor {@code Ldev/spindle/Async;} in its
 * class's constant pool, so a class file without those bytes has nothing to rewrite. A class the
 * agent already rewrote mentions {@code Ldev/spindle/task/AsyncFrame;} (every state machine takes
 * one), which no user source can: it is left alone, so that a class is never rewritten twice.
 * A false positive only costs a parse.
 */
final class AsyncMarkerScanner {
  private static final byte[] ASYNC = utf8("Ldev/spindle/Async;");
  private static final byte[] ASYNC_FRAME = utf8("Ldev/spindle/task/AsyncFrame;");

  private AsyncMarkerScanner() {}

  /** Whether {@code classFile} mentions {@code @Async} and has not been rewritten yet. */
  static boolean needsRewrite(byte[] classFile) {
    return contains(classFile, ASYNC) && !contains(classFile, ASYNC_FRAME);
  }

  /** Whether {@code haystack} holds the bytes of {@code needle}; both non-empty patterns. */
  static boolean contains(byte[] haystack, byte[] needle) {
    byte first = needle[0];
    byte last = needle[needle.length - 1];
    int end = haystack.length - needle.length;
    search:
    for (int i = 0; i <= end; i++) {
      if (haystack[i] != first || haystack[i + needle.length - 1] != last) {
        continue;
      }
      for (int j = 1; j < needle.length - 1; j++) {
        if (haystack[i + j] != needle[j]) {
          continue search;
        }
      }
      return true;
    }
    return false;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
