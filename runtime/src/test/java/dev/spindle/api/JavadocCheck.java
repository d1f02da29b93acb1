package dev.spindle.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;

/**
 * Runs the JDK's javadoc over a source tree with doclint's {@code missing} group: every public or
 * protected type and member of the given packages must have a comment (by javadoc's own rules, so
 * an {@code @Override} inherits its comment). Of that group only "no comment" fails the check:
 * the project's comments are prose, without an {@code @param} or {@code @return} for every name.
 * The other doclint groups stay off: this checks that the comments are there, not their HTML.
 */
final class JavadocCheck {
  private JavadocCheck() {}

  /** Whether every comment is there, the "no comment" warnings, and all javadoc printed. */
  record Result(boolean passed, List<String> missing, String output) {}

  static Result run(Path sources, Set<String> packages, Path outputDir) {
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    if (javadoc == null) {
      throw new IllegalStateException("no javadoc tool in this JVM (" + System.getProperty(
          "java.home") + "): run the tests on a JDK, not a JRE");
    }
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of(
        "-d", outputDir.toString(),
        "--source-path", sources.toString(),
        "-quiet",
        "-Xdoclint:missing",
        "-Xdoclint/package:" + String.join(",", packages),
        "-Xmaxwarns", "100000")); // the @param and @return warnings must not hide a missing comment
    args.addAll(packages);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = javadoc.run(null, output, output, args.toArray(String[]::new));
    String printed = output.toString(StandardCharsets.UTF_8);
    List<String> lines = printed.lines().toList();
    List<String> missing = new ArrayList<>(); // each with the source line javadoc quotes after it
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith("warning: no comment")) {
        missing.add(lines.get(i) + (i + 1 < lines.size() ? " " + lines.get(i + 1).strip() : ""));
      }
    }
    return new Result(status == 0 && missing.isEmpty(), missing, printed);
  }
}
