package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.testing.ClassFiles;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsyncMarkerScannerTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aClassDeclaringAnAsyncMethodNeedsRewriting() {
    assertTrue(AsyncMarkerScanner.needsRewrite(
        ClassFiles.bytesOf("dev.spindle.agent.corpus.Sums")));
  }

  @Test
  void aClassCallingAwaitWithoutAsyncNeedsAReport() {
    assertTrue(AsyncMarkerScanner.needsRewrite(
        ClassFiles.bytesOf("dev.spindle.agent.corpus.AwaitOutsideAsync")));
  }

  @Test
  void aClassWithoutAsyncDoesNot() {
    assertFalse(AsyncMarkerScanner.needsRewrite(
        ClassFiles.bytesOf("dev.spindle.agent.corpus.Plain")));
    assertFalse(AsyncMarkerScanner.needsRewrite(ClassFiles.bytesOf("java.lang.String")));
  }

  /** What was rewritten is told by the rewriter's own mark, after parsing, not by a name. */
  @Test
  void aClassNamingAsyncFrameIsStillSearched() {
    assertTrue(AsyncMarkerScanner.needsRewrite(
        bytes("..Ldev/spindle/Async;..(Ldev/spindle/internal/frame/AsyncFrame;)Ldev/spindle/Task;")));
    assertTrue(AsyncMarkerScanner.needsRewrite(
        ClassFiles.bytesOf("dev.spindle.agent.corpus.NamesTheFrame")));
  }

  @Test
  void findsTheMarkerAtEitherEndAndNotAPrefixOfIt() {
    assertTrue(AsyncMarkerScanner.needsRewrite(bytes("Ldev/spindle/Async;")));
    assertTrue(AsyncMarkerScanner.needsRewrite(bytes("xxLdev/spindle/Async;")));
    assertFalse(AsyncMarkerScanner.needsRewrite(bytes("Ldev/spindle/Async")));
    assertFalse(AsyncMarkerScanner.needsRewrite(bytes("Ldev/spindle/AsyncX;")));
    assertFalse(AsyncMarkerScanner.needsRewrite(new byte[0]));
  }
}
