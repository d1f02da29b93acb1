package dev.spindle.agent.transform.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the line of a {@code // MARK name} comment in a test source, so tests name no numbers. */
public final class SourceLines {
  private SourceLines() {}

  /** The 1-based line of {@code // MARK marker} in the source of {@code type}. */
  public static int lineOf(Class<?> type, String marker) {
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    Path source = Path.of("src/test/java", top.getName().replace('.', '/') + ".java");
    try {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).endsWith("// MARK " + marker)) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no '// MARK " + marker + "' in " + source);
  }
}
