package dev.spindle.agent;

import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.Notice;
import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * Rewrites class files ahead of time, for {@code spindle-maven-plugin} and
 * {@code java -jar spindle-agent.jar weave}: the same rewriter, with the same options, as the
 * agent that runs without {@code -Dspindle.alwaysSuspend}, so a woven class file holds exactly
 * the bytes the agent would load for it. The rewriter reads each class alone (frames come from
 * the class's own stack map frames, never from a class hierarchy), so no class path is needed
 * and none can change the result. A woven class carries the rewriter's mark, and the agent, if
 * also installed, leaves it alone. Thread-safe.
 */
public final class Weaver {
  /** The agent's options when no system property is set: what production runs. */
  private final AsyncClassTransformer transformer =
      new AsyncClassTransformer(AgentOptions.from(new Properties()).transformOptions());

  /** The rewriting of one class file, named by the name inside it. */
  public WovenClass weave(byte[] classFile) {
    String internalName;
    try {
      internalName = new ClassReader(classFile).getClassName();
    } catch (RuntimeException unreadable) {
      throw new IllegalArgumentException("not a class file the Spindle rewriter can read ("
          + unreadable + ")", unreadable);
    }
    TransformResult result = transformer.transform(internalName, classFile);
    return new WovenClass(internalName.replace('/', '.'), result.rewritten(),
        result.refusals().stream().map(Refusal::message).toList(),
        result.notices().stream().map(Notice::message).toList());
  }

  /**
   * Weaves every {@code .class} file under {@code directory} in place. In strict mode a single
   * refusal leaves every file as it was (so that a second run cannot take a half-woven directory
   * for a woven one); otherwise refused methods are written with bodies that throw their message.
   *
   * @throws IOException if a file cannot be read or written, or is not a class file (named)
   */
  public WeaveSummary weaveDirectory(Path directory, boolean strict) throws IOException {
    Map<Path, WovenClass> woven = new TreeMap<>();
    List<Path> classFiles;
    try (Stream<Path> files = Files.walk(directory)) {
      classFiles = files.filter(f -> f.toString().endsWith(".class") && Files.isRegularFile(f))
          .sorted().toList();
    }
    List<String> rewritten = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    for (Path file : classFiles) {
      WovenClass one;
      try {
        one = weave(Files.readAllBytes(file));
      } catch (IllegalArgumentException unreadable) {
        throw new IOException(file + ": " + unreadable.getMessage(), unreadable);
      }
      woven.put(file, one);
      if (one.isRewritten()) {
        rewritten.add(one.className());
      }
      refusals.addAll(one.refusals());
      notices.addAll(one.notices());
    }
    boolean write = !strict || refusals.isEmpty();
    if (write) {
      for (Map.Entry<Path, WovenClass> entry : woven.entrySet()) {
        if (entry.getValue().isRewritten()) {
          Files.write(entry.getKey(), entry.getValue().rewritten());
        }
      }
    }
    return new WeaveSummary(directory, classFiles.size(), rewritten, refusals, notices, write);
  }
}
