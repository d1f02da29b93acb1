package dev.spindle.agent.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime as a JPMS module: a named user module that {@code requires dev.spindle.runtime} and
 * uses only its exported packages compiles and runs on the module path with the agent, whose
 * rewritten code in that module reaches {@code dev.spindle.internal.frame}; and a user module can
 * neither compile against nor reflect into the packages the runtime does not export. Runs after
 * {@code package} with the agent jar, as {@link AgentJarIT} does.
 */
@Timeout(300)
class NamedModuleJarIT {
  @TempDir
  Path work;

  @Test
  void aNamedModuleRunsAnAsyncEchoOverASocketOnTheModulePath() throws Exception {
    Path runtime = runtimeModule();
    Path classes = compile("demo", NamedModuleApplication.DEMO_MODULE, "demo/echo/EchoMain.java",
        NamedModuleApplication.DEMO_SOURCE, runtime);
    assertEquals(0, compileStatus, "the demo module must compile against the exports: "
        + compileOutput);

    ChildJvm.Result result = ChildJvm.run(work, List.of(
        "-javaagent:" + agentJar(), "-Dspindle.strict=true",
        "--module-path", classes + File.pathSeparator + runtime,
        "-m", NamedModuleApplication.MAIN));

    String output = result.output();
    assertEquals(0, result.exitCode(), output);
    assertTrue(output.contains("module demo\n"), output);
    assertTrue(output.contains("echoed ping\n"), "the @Async echo ran, rewritten: " + output);
    assertTrue(output.contains("loop internals: refused\n"),
        "dev.spindle.loop is not exported, so reflection from the module is refused: " + output);
    assertFalse(output.contains("Exception"), output);
  }

  @Test
  void aNamedModuleCannotCompileAgainstThePackagesTheRuntimeDoesNotExport() throws Exception {
    Path runtime = runtimeModule();
    compile("sneaky", NamedModuleApplication.SNEAKY_MODULE, "sneaky/Sneaky.java",
        NamedModuleApplication.SNEAKY_SOURCE, runtime);

    assertNotEquals(0, compileStatus, compileOutput);
    for (String hidden : List.of("dev.spindle.loop", "dev.spindle.task", "dev.spindle.timer")) {
      assertTrue(compileOutput.contains("package " + hidden + " is declared in module"
          + " dev.spindle.runtime, which does not export it"), compileOutput);
    }
  }

  @Test
  void theRuntimeModuleExportsOnlyTheApiAndTheGeneratedCodePackage() throws Exception {
    ModuleDescriptor runtime = ModuleFinder.of(runtimeModule()).find("dev.spindle.runtime")
        .orElseThrow().descriptor();
    assertEquals(List.of("dev.spindle", "dev.spindle.internal.frame", "dev.spindle.io",
        "dev.spindle.sync"),
        runtime.exports().stream().map(ModuleDescriptor.Exports::source).sorted().toList());
  }

  private int compileStatus;
  private String compileOutput;

  /** Compiles one module into {@code work/<name>}; the status and messages stay in fields. */
  private Path compile(String name, String moduleInfo, String file, String source, Path runtime)
      throws Exception {
    Path sources = work.resolve("src/" + name);
    Files.createDirectories(sources.resolve(file).getParent());
    Files.writeString(sources.resolve("module-info.java"), moduleInfo);
    Files.writeString(sources.resolve(file), source);
    Path classes = work.resolve(name);
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    // An empty class path: javac in this JVM would otherwise take the test's own, which holds
    // the runtime too, and find the hidden packages there (in the unnamed module).
    Path emptyClassPath = Files.createDirectories(work.resolve("empty"));
    compileStatus = ToolProvider.getSystemJavaCompiler().run(null, messages, messages,
        "--release", "17", "-proc:none", "-d", classes.toString(), "--class-path",
        emptyClassPath.toString(), "--module-path", runtime.toString(),
        sources.resolve("module-info.java").toString(),
        sources.resolve(file).toString());
    compileOutput = messages.toString();
    return classes;
  }

  /** The runtime this build made: its jar, or its classes directory (an exploded module). */
  private static Path runtimeModule() throws Exception {
    Path location = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.exists(Files.isDirectory(location) ? location.resolve("module-info.class")
        : location), "the runtime on the test class path must be the module this build made: "
        + location + " (run mvn -pl agent -am verify)");
    return location;
  }

  private static Path agentJar() {
    String jar = System.getProperty("spindle.agentJar");
    if (jar == null) {
      throw new IllegalStateException("-Dspindle.agentJar must be set; this test runs in the"
          + " agent module's integration-test phase: mvn -pl agent -am verify");
    }
    return Path.of(jar);
  }
}
