package dev.spindle.agent;

import java.nio.charset.StandardCharsets;

/**
 * Finds, without parsing, whether a class file may declare an {@code @Async} method or call
 * {@code await}, the only classes the rewriter needs to see.
 *
 * <p>A method annotated {@code @Async} puts the descriptor {@code Ldev/spindle/Async;} in its
 * class's constant pool, and a call of {@code await} the class name {@code dev/spindle/Await}, so
 * a class file with neither has nothing to rewrite and nothing to report. A false positive only
 * costs a parse. Classes already rewritten (woven at build time, say) are not told apart here:
 * the rewriter recognises them by the mark it emitted (see {@code AsyncClassTransformer}), not by
 * the runtime names they mention, which user code may mention too.
 */
final class AsyncMarkerScanner {
  private static final byte[] ASYNC = utf8("Ldev/spindle/Async;");
  private static final byte[] AWAIT = utf8("dev/spindle/Await");

  private AsyncMarkerScanner() {}

  /** Whether {@code classFile} mentions {@code @Async} or {@code await}. */
  static boolean needsRewrite(byte[] classFile) {
    return contains(classFile, ASYNC) || contains(classFile, AWAIT);
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
