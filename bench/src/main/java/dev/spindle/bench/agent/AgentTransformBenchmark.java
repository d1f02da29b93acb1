package dev.spindle.bench.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.TimeUnit;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Agent cost at class-load time: how long the agent's class-load hook takes over one class file
 * with {@code methods} methods, each a loop with an {@code await} (see
 * {@link AsyncClassGenerator}). The hook is the {@link ClassFileTransformer} that
 * {@code SpindleAgent.premain} installs, captured from a stand-in {@link Instrumentation}, so
 * this measures exactly what the JVM calls for each loading class.
 *
 * <ul>
 *   <li>{@code hookOnAsyncClass}: the methods are {@code @Async}, so all are rewritten.
 *   <li>{@code hookOnPlainClass}: the same class without {@code @Async} or {@code await}: what
 *       the agent costs for a class it must leave alone (a byte search of the class file).
 *   <li>{@code asmReadWriteAnchor}: ASM reading and writing the same class unchanged with frames
 *       recomputed, the floor any ASM rewriter pays.
 * </ul>
 * Warm numbers (JIT-compiled agent); the cold, first-load cost is in {@code bench/agent-cost.sh}
 * and {@link ClassLoadCost}. No {@code -javaagent} here: the fork installs its own hook.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class AgentTransformBenchmark {
  @Param({"1", "10", "100"})
  public int methods;

  private byte[] asyncClass;
  private byte[] plainClass;
  private String asyncName;
  private String plainName;
  private ClassFileTransformer hook;
  private final ClassLoader loader = AgentTransformBenchmark.class.getClassLoader();

  @Setup
  public void generate() {
    asyncName = "bench/generated/Async" + methods;
    plainName = "bench/generated/Plain" + methods;
    asyncClass = AsyncClassGenerator.generate(asyncName, methods, true);
    plainClass = AsyncClassGenerator.generate(plainName, methods, false);
    hook = InstalledHook.capture();
  }

  @Benchmark
  public byte[] hookOnAsyncClass() throws IllegalClassFormatException {
    byte[] rewritten = hook.transform(loader, asyncName, null, null, asyncClass);
    if (rewritten == null) {
      throw new IllegalStateException("the agent left " + asyncName + " unchanged: it has "
          + methods + " @Async methods and must be rewritten");
    }
    return rewritten;
  }

  @Benchmark
  public byte[] hookOnPlainClass() throws IllegalClassFormatException {
    return hook.transform(loader, plainName, null, null, plainClass);
  }

  @Benchmark
  public byte[] asmReadWriteAnchor() {
    ClassReader reader = new ClassReader(asyncClass);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
    reader.accept(writer, ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }
}
