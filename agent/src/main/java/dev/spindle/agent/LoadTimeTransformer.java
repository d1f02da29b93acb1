package dev.spindle.agent;

import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformResult;
import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import org.objectweb.asm.ClassReader;

/**
 * The JVM's hook: decides which loading classes reach the rewriter, and turns what the rewriter
 * says into logs, dumps and (in strict mode) hard errors. It rewrites nothing itself.
 *
 * <p>Why a plain {@link ClassFileTransformer} and not Byte Buddy's {@code AgentBuilder}: the
 * agent must see every class's bytes, and almost none of them declares {@code @Async}. A byte
 * search over the class file ({@link AsyncMarkerScanner}) rejects those without parsing, while an
 * {@code AgentBuilder} matcher such as {@code declaresMethod(isAnnotatedWith(Async))} parses each
 * class into a type description first, and its transformers receive a Byte Buddy builder, not the
 * bytes our rewriter takes. Measured on JDK 17 (loading 4,491 classes of two library jars through
 * a fresh loader): no agent 408-447 ms, this transformer 442-483 ms, the {@code AgentBuilder}
 * matcher 615-618 ms. Byte Buddy is used only to attach to a running JVM ({@link SelfAttach}).
 *
 * <p>Never touched: the bootstrap loader's classes, {@code java/}, {@code jdk/}, {@code sun/} and
 * {@code com/sun/} names, the agent's own classes, classes already rewritten (the rewriter knows
 * them by the mark it emits), and anything loaded while this transformer runs on the same thread
 * (the rewriter only loads its own and the JDK's classes, never the application's). Each of
 * those that declares an {@code @Async} method is reported with the reason ({@link SkipReason}),
 * never skipped silently; the agent's own classes declare none. A class offered without a name
 * is known by the name in its class file (the JVM itself never offers a hidden class to agents,
 * but a caller may pass none).
 */
final class LoadTimeTransformer implements ClassFileTransformer {
  private static final String[] PLATFORM_PREFIXES = {"java/", "jdk/", "sun/", "com/sun/"};
  private static final String AGENT_PACKAGE = "dev/spindle/agent/";

  /** The rewrite pipeline: {@code AsyncClassTransformer::transform}. */
  interface Pipeline {
    TransformResult transform(String internalName, byte[] classFile);
  }

  private final Pipeline pipeline;
  private final AgentOptions options;
  private final AgentReporter reporter;
  private final ClassDumper dumper;
  /** Where the agent's own classes come from (its jar, or target/classes in its tests). */
  private final String agentLocation;
  private final ThreadLocal<Boolean> transforming = new ThreadLocal<>();

  LoadTimeTransformer(Pipeline pipeline, AgentOptions options,
      AgentReporter reporter) {
    this.pipeline = pipeline;
    this.options = options;
    this.reporter = reporter;
    this.dumper = options.dumpDirectory() == null ? null : new ClassDumper(options.dumpDirectory());
    this.agentLocation = locationOf(LoadTimeTransformer.class.getProtectionDomain());
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classFile) {
    if ((internalName != null && isPlatformClass(internalName) && loader == null)
        || !AsyncMarkerScanner.needsRewrite(classFile)) {
      return null; // the JDK's own classes first, unsearched: most classes loaded are
    }
    if (transforming.get() != null) {
      String name = internalName != null ? internalName : nameInside(classFile);
      if (name != null && !isAgentClass(name, domain)) {
        reportSkipped(name, classFile, SkipReason.NESTED);
      }
      return null;
    }
    transforming.set(Boolean.TRUE);
    try {
      String name = internalName != null ? internalName : nameInside(classFile);
      if (name == null || isAgentClass(name, domain)) {
        return null; // the agent's own classes name @Async and await, and declare neither
      }
      SkipReason skip = loader == null ? SkipReason.BOOTSTRAP
          : isPlatformClass(name) ? SkipReason.PLATFORM : null;
      if (skip != null) {
        reportSkipped(name, classFile, skip);
        return null;
      }
      return rewrite(name, classFile);
    } finally {
      transforming.remove();
    }
  }

  /** A class the agent does not rewrite, reported if it declares an {@code @Async} method. */
  private void reportSkipped(String internalName, byte[] classFile, SkipReason reason) {
    List<String> asyncMethods = DeclaredAsyncMethods.of(classFile);
    if (!asyncMethods.isEmpty()) {
      reporter.skipped(internalName.replace('/', '.'), asyncMethods, reason);
    }
  }

  /**
   * The name a class offered without one declares in its class file, or {@code null}, reported,
   * if the file cannot be read.
   */
  private String nameInside(byte[] classFile) {
    try {
      return new ClassReader(classFile).getClassName();
    } catch (RuntimeException unreadable) {
      reporter.namelessUnreadable(unreadable);
      return null;
    }
  }

  /** The class's new bytes, or {@code null} to load it as it is. */
  byte[] rewrite(String internalName, byte[] classFile) {
    String className = internalName.replace('/', '.');
    TransformResult result;
    try {
      result = pipeline.transform(internalName, classFile);
    } catch (Throwable failure) { // a bug of ours must not keep any other class from loading
      reporter.failed(className, failure, options.strict());
      if (!options.strict()) {
        return null;
      }
      return poisoned(className, classFile,
          AgentReporter.internalFailureMessage(className, failure, true));
    }
    List<Refusal> refusals = result.refusals();
    for (Refusal refusal : refusals) {
      reporter.refused(refusal, options.strict());
    }
    result.notices().forEach(reporter::notice);
    byte[] rewritten = result.rewritten();
    if (options.strict() && !refusals.isEmpty()) {
      rewritten = poisoned(className, rewritten != null ? rewritten : classFile,
          strictMessage(className, refusals));
    }
    if (rewritten != null && dumper != null) {
      dump(internalName, rewritten);
    }
    return rewritten;
  }

  private byte[] poisoned(String className, byte[] classFile, String message) {
    reporter.poisoned(className, message);
    try {
      return FailingInitializerRewriter.rewrite(classFile, message);
    } catch (RuntimeException unreadable) { // the class file itself is broken; the JVM will say so
      reporter.failed(className, unreadable, true);
      return null;
    }
  }

  static String strictMessage(String className, List<Refusal> refusals) {
    StringBuilder message = new StringBuilder("-D" + AgentOptions.STRICT + "=true: the Spindle"
        + " agent refused to rewrite " + refusals.size() + " method(s) of " + className
        + ", so the class must not be used:");
    for (Refusal refusal : refusals) {
      message.append("\n  ").append(refusal.message());
    }
    return message.toString();
  }

  private void dump(String internalName, byte[] classFile) {
    try {
      dumper.dump(internalName, classFile);
    } catch (Exception | LinkageError failure) {
      reporter.dumpFailed(internalName.replace('/', '.'), failure);
    }
  }

  private static boolean isPlatformClass(String internalName) {
    for (String prefix : PLATFORM_PREFIXES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The agent's own code (not its tests, which live elsewhere and may declare @Async). */
  private boolean isAgentClass(String internalName, ProtectionDomain domain) {
    return internalName.startsWith(AGENT_PACKAGE) && agentLocation != null
        && agentLocation.equals(locationOf(domain));
  }

  private static String locationOf(ProtectionDomain domain) {
    CodeSource source = domain == null ? null : domain.getCodeSource();
    return source == null || source.getLocation() == null ? null
        : source.getLocation().toString();
  }
}
