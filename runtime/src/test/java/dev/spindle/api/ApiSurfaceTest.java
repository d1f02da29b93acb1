package dev.spindle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.Task;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every change to the runtime's public surface is deliberate: {@code api/spindle-runtime.txt} (at
 * the repository root) lists every public type and every public or protected member of the
 * exported packages, and this test compares it with the compiled classes. After a deliberate
 * change, regenerate the file with
 * {@code mvn -pl runtime verify -Dtest=ApiSurfaceTest -Dspindle.api.update=true} and commit it.
 */
class ApiSurfaceTest {
  /** What {@code module-info.java} exports; checked against the compiled descriptor below. */
  static final Set<String> EXPORTED = Set.of("dev.spindle", "dev.spindle.io",
      "dev.spindle.internal.frame", "dev.spindle.sync");
  static final Path API_FILE = Path.of("..", "api", "spindle-runtime.txt");

  @Test
  void theModuleExportsExactlyTheApiPackages() throws IOException {
    ModuleDescriptor module;
    try (var in = Files.newInputStream(classes().resolve("module-info.class"))) {
      module = ModuleDescriptor.read(in);
    }
    assertEquals("dev.spindle.runtime", module.name());
    Set<String> exported = module.exports().stream()
        .filter(export -> !export.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(EXPORTED), exported, "module-info.java's exports");
    assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified),
        "no qualified exports: " + module.exports());
  }

  @Test
  void thePublicSurfaceIsTheOneInTheApiFile() throws IOException {
    List<String> compiled = PublicSurface.of(classes(), EXPORTED);
    if (Boolean.getBoolean("spindle.api.update")) {
      Files.createDirectories(API_FILE.getParent());
      Files.write(API_FILE, compiled);
      return;
    }
    List<String> listed = Files.exists(API_FILE) ? Files.readAllLines(API_FILE) : List.of();
    if (!compiled.equals(listed)) {
      fail(diff(listed, compiled));
    }
  }

  /** What changed, file against classes, as {@code -} and {@code +} lines, and how to accept it. */
  static String diff(List<String> listed, List<String> compiled) {
    List<String> gone = new ArrayList<>(listed);
    gone.removeAll(compiled);
    List<String> added = new ArrayList<>(compiled);
    added.removeAll(listed);
    StringBuilder message = new StringBuilder("the public surface of the exported packages ("
        + EXPORTED + ") differs from " + API_FILE.normalize() + " (" + gone.size()
        + " lines gone, " + added.size() + " added):\n");
    gone.forEach(line -> message.append("- ").append(line).append('\n'));
    added.forEach(line -> message.append("+ ").append(line).append('\n'));
    if (gone.isEmpty() && added.isEmpty()) {
      message.append("(the same lines in another order: the file must be sorted)\n");
    }
    return message.append("If the change is deliberate, regenerate the file with: mvn -pl runtime"
        + " verify -Dtest=ApiSurfaceTest -Dspindle.api.update=true, and commit it.").toString();
  }

  /** The runtime's compiled classes ({@code target/classes}). */
  static Path classes() {
    try {
      return Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
