package dev.spindle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every public type and member of the exported packages has a comment. */
class JavadocCoverageTest {
  @Test
  void everyPublicTypeAndMemberOfTheExportedPackagesIsDocumented() {
    JavadocCheck.Result result = JavadocCheck.run(Path.of("src", "main", "java"),
        ApiSurfaceTest.EXPORTED, Path.of("target", "javadoc-coverage"));
    assertTrue(result.passed(), "javadoc found public API without a comment (add one): "
        + (result.missing().isEmpty() ? result.output() : String.join("\n", result.missing())));
  }

  /** The check itself: a public method without a comment fails it, and is named. */
  @Test
  void theCheckFailsOnAPublicMethodWithoutAComment(@TempDir Path dir) throws IOException {
    Path source = dir.resolve("src/demo/Api.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, String.join("\n",
        "package demo;",
        "/** Documented. */",
        "public final class Api {",
        "  /** Documented. */",
        "  public void documented() {}",
        "  public void undocumented() {}",
        "  void packagePrivateNeedsNone() {}",
        "  private Api() {}",
        "}"));
    Files.writeString(dir.resolve("src/demo/package-info.java"), "/** Demo. */\npackage demo;\n");

    JavadocCheck.Result result = JavadocCheck.run(dir.resolve("src"), Set.of("demo"),
        dir.resolve("out"));

    assertFalse(result.passed(), result.output());
    assertEquals(1, result.missing().size(), result.output());
    assertTrue(result.missing().get(0).contains("Api.java:6"), result.output());
    assertFalse(result.output().contains("packagePrivateNeedsNone"), result.output());
  }
}
