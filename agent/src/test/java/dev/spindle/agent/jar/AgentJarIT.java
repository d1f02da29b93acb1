package dev.spindle.agent.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code spindle-agent.jar}: what it holds, and that it runs beside an application
 * that has its own ASM and Byte Buddy. Runs after {@code package} (surefire's integration-test
 * execution), given the jar by {@code -Dspindle.agentJar} and another application's ASM and Byte
 * Buddy by {@code -Dspindle.it.classpath}.
 */
@Timeout(300)
class AgentJarIT {
  private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");
  private static final String AGENT_CLASS = "dev.spindle.agent.SpindleAgent";

  private static Path agentJar;
  private static Path otherAsm;
  private static Path otherByteBuddy;
  private static Path runtime;

  @TempDir
  static Path work;
  private static Path applicationClasses;

  @BeforeAll
  static void buildTheOtherApplication() throws Exception {
    agentJar = Path.of(required("spindle.agentJar"));
    Path itClasspath = Path.of(required("spindle.it.classpath"));
    otherAsm = itClasspath.resolve("asm.jar");
    otherByteBuddy = itClasspath.resolve("byte-buddy.jar");
    runtime = locationOf(Task.class);
    applicationClasses = work.resolve("classes");
    Path sources = work.resolve("sources/app");
    Files.createDirectories(sources);
    Files.writeString(sources.resolve("OtherApplication.java"), OtherApplication.SOURCE);
    Files.writeString(sources.resolve("SelfAttaching.java"),
        OtherApplication.SELF_ATTACHING_SOURCE);
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, "--release",
        "17", "-proc:none", "-d", applicationClasses.toString(), "-cp", classPath(otherAsm,
            otherByteBuddy, runtime, agentJar), sources.resolve("OtherApplication.java")
            .toString(), sources.resolve("SelfAttaching.java").toString());
    assertEquals(0, compiled, "the other application must compile: " + errors);
  }

  @Test
  void theJarHoldsNoClassUnderAsmOrByteBuddyNames() throws IOException {
    List<String> unrelocated = new ArrayList<>();
    List<String> mentions = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(agentJar.toFile())) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = VERSIONED.matcher(entry.getName()).replaceFirst("");
        if (!name.endsWith(".class")) {
          continue;
        }
        classes++;
        if (name.startsWith("org/objectweb/asm/") || name.startsWith("net/bytebuddy/")
            || name.startsWith("dev/spindle/") && !name.startsWith("dev/spindle/agent/")) {
          unrelocated.add(entry.getName());
        }
        for (String reference : references(jar.getInputStream(entry).readAllBytes())) {
          if (reference.startsWith("org/objectweb/asm/")
              || reference.startsWith("net/bytebuddy/")) {
            mentions.add(entry.getName() + " -> " + reference);
          }
        }
      }
      assertNotNull(jar.getEntry("dev/spindle/agent/shaded/asm/ClassReader.class"));
      assertNotNull(jar.getEntry("dev/spindle/agent/shaded/bytebuddy/agent/ByteBuddyAgent.class"));
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertEquals(AGENT_CLASS, manifest.getValue("Premain-Class"));
      assertEquals(AGENT_CLASS, manifest.getValue("Agent-Class"));
      assertEquals(AGENT_CLASS, manifest.getValue("Launcher-Agent-Class"));
    }
    assertTrue(classes > 100, "the jar must hold the agent and its shaded libraries: " + classes);
    assertEquals(List.of(), unrelocated, "classes the shade plugin left under their own names"
        + " (or runtime classes, which the application brings)");
    assertEquals(List.of(), mentions, "classes that still refer to unrelocated ASM or Byte Buddy");
  }

  @Test
  void anApplicationWithItsOwnAsmAndByteBuddyRunsBesideTheAgent() throws Exception {
    Path dump = work.resolve("dump");
    List<String> arguments = new ArrayList<>();
    arguments.add("-javaagent:" + agentJar);
    arguments.add("-Dspindle.strict=true");
    arguments.add("-Dspindle.dump=" + dump);
    arguments.add("-cp");
    arguments.add(classPath(applicationClasses, otherAsm, otherByteBuddy, runtime));
    arguments.add(OtherApplication.CLASS_NAME);
    assertTheApplicationRan(ChildJvm.run(work, arguments));

    Path dumped = dump.resolve("app/OtherApplication.class");
    assertTrue(Files.isRegularFile(dumped), "-Dspindle.dump must write the rewritten class");
    String listing = Files.readString(dump.resolve("app/OtherApplication.txt"));
    assertTrue(listing.contains("plusOne$spindle$resume(Ldev/spindle/internal/frame/AsyncFrame;)V"),
        listing);
    try (var files = Files.walk(dump)) {
      assertEquals(2, files.filter(Files::isRegularFile).count(),
          "only the one class with an @Async method is rewritten, so only it is dumped");
    }
  }

  @Test
  void anExecutableJarNamingTheAgentAsLauncherAgentClassIsRewritten() throws Exception {
    Path directory = Files.createDirectories(work.resolve("launcher"));
    Path applicationJar = directory.resolve("application.jar");
    Manifest manifest = new Manifest();
    Attributes attributes = manifest.getMainAttributes();
    attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.put(Attributes.Name.MAIN_CLASS, OtherApplication.CLASS_NAME);
    attributes.put(new Attributes.Name("Launcher-Agent-Class"), AGENT_CLASS);
    attributes.put(Attributes.Name.CLASS_PATH, String.join(" ", relative(directory, agentJar),
        relative(directory, otherAsm), relative(directory, otherByteBuddy),
        relative(directory, runtime)));
    try (OutputStream file = Files.newOutputStream(applicationJar);
        JarOutputStream jar = new JarOutputStream(file, manifest)) {
      try (var classFiles = Files.walk(applicationClasses)) {
        for (Path classFile : (Iterable<Path>) classFiles.filter(Files::isRegularFile)::iterator) {
          jar.putNextEntry(new JarEntry(applicationClasses.relativize(classFile).toString()
              .replace('\\', '/')));
          jar.write(Files.readAllBytes(classFile));
          jar.closeEntry();
        }
      }
    }
    assertTheApplicationRan(ChildJvm.run(directory,
        List.of("-Dspindle.strict=true", "-jar", applicationJar.toString())));
  }

  @Test
  void anApplicationCanInstallTheAgentFromTheJarItself() throws Exception {
    // no -Djdk.attach.allowAttachSelf: Byte Buddy attaches through a helper JVM, which must find
    // its relocated classes in the agent jar
    List<String> arguments = new ArrayList<>(ChildJvm.dynamicAgentLoading());
    arguments.addAll(List.of("-Dspindle.strict=true", "-cp",
        classPath(applicationClasses, agentJar, otherAsm, otherByteBuddy, runtime),
        OtherApplication.SELF_ATTACHING_CLASS_NAME));
    ChildJvm.Result result = ChildJvm.run(work, arguments);
    assertTrue(result.output().startsWith("agent installed true\n"), result.output());
    assertTheApplicationRan(result);
  }

  private static void assertTheApplicationRan(ChildJvm.Result result) {
    String output = result.output();
    assertEquals(0, result.exitCode(), output);
    assertTrue(output.contains("asm from " + otherAsm.toUri().getPath() + "\n"), output);
    assertTrue(output.contains("asm made 42\n"), output);
    assertTrue(output.contains("bytebuddy from " + otherByteBuddy.toUri().getPath() + "\n"),
        output);
    assertTrue(output.contains("bytebuddy made bb\n"), output);
    assertTrue(output.contains("agent installed true\n"), output);
    assertFalse(output.contains("Exception"), output);
    assertTrue(output.contains("async gave 42\n"), output);
  }

  /**
   * Every class name a class file refers to (in code, signatures, annotations, constants and
   * method handles), found as the shade plugin's remapper finds them; a constant-pool entry that
   * nothing uses (javac leaves some behind) is not a reference.
   */
  private static Set<String> references(byte[] classFile) {
    Set<String> names = new TreeSet<>();
    Remapper recorder = new Remapper(org.objectweb.asm.Opcodes.ASM9) {
      @Override
      public String map(String internalName) {
        names.add(internalName);
        return internalName;
      }

      @Override
      public Object mapValue(Object value) {
        if (value instanceof String) { // a class named in a string, as Class.forName takes it
          names.add(((String) value).replace('.', '/'));
        }
        return super.mapValue(value);
      }
    };
    new ClassReader(classFile).accept(new ClassRemapper(new ClassWriter(0), recorder), 0);
    return names;
  }

  private static String relative(Path from, Path to) {
    String path = from.toAbsolutePath().relativize(to.toAbsolutePath()).toString()
        .replace('\\', '/');
    return Files.isDirectory(to) ? path + "/" : path;
  }

  private static String classPath(Path... entries) {
    List<String> paths = new ArrayList<>();
    for (Path entry : entries) {
      paths.add(entry.toString());
    }
    return String.join(java.io.File.pathSeparator, paths);
  }

  private static Path locationOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("-D" + property + " must be set; this test runs in the"
          + " agent module's integration-test phase: mvn -pl agent -am verify");
    }
    return value;
  }
}
