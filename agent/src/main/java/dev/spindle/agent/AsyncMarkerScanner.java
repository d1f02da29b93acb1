package dev.spindle.agent;

import java.nio.charset.StandardCharsets;

/**
 * Finds, without parsing, whether a class file may declare an {@code @Async} method that still
 * needs rewriting, or call {@code await} where the rewriter must report it.
 *
 * <p>A method annotated {@code @Async} puts the descriptor {@code Ldev/spindle/Async;} in its
 * class's constant pool, and a call of {@code await} the class name {@code dev/spindle/Await}, so
 * a class file with neither has nothing to rewrite and nothing to report. A class the
 * agent already rewrote mentions {@code Ldev/spindle/internal/frame/AsyncFrame;} (every state machine takes
 * one), which no user source can: it is left alone, so that a class is never rewritten twice.
 * A false positive only costs a parse.
 */
final class AsyncMarkerScanner {
  private static final byte[] ASYNC = utf8("Ldev/spindle/Async;");
  private static final byte[] AWAIT = utf8("dev/spindle/Await");
  private static final byte[] ASYNC_FRAME = utf8("Ldev/spindle/internal/frame/AsyncFrame;");

  private AsyncMarkerScanner() {}

  /** Whether {@code classFile} mentions {@code @Async} or {@code await}, and is not rewritten. */
  static boolean needsRewrite(byte[] classFile) {
    return (contains(classFile, ASYNC) || contains(classFile, AWAIT))
        && !contains(classFile, ASYNC_FRAME);
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
