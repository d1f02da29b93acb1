package dev.spindle.bench.agent;

import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.TransformResult;
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
 * Agent cost at class-load time: how long the transformer takes over one class file with
 * {@code methods} methods, each a loop with an {@code await} (see {@link AsyncClassGenerator}).
 *
 * <ul>
 *   <li>{@code transformAsyncClass}: the methods are {@code @Async}, so all are rewritten.
 *   <li>{@code transformPlainClass}: the same class without {@code @Async}: what the agent costs
 *       for a class it must leave alone.
 *   <li>{@code asmReadWriteAnchor}: ASM reading and writing the same class unchanged with frames
 *       recomputed, the floor any bytecode rewriter pays.
 * </ul>
 * Warm numbers (JIT-compiled transformer); the cold, first-load cost is in {@code bench/startup.sh}
 * and {@link ClassLoadCost}.
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
  private AsyncClassTransformer transformer;

  @Setup
  public void generate() {
    asyncClass = AsyncClassGenerator.generate("bench/generated/Async" + methods, methods, true);
    plainClass = AsyncClassGenerator.generate("bench/generated/Plain" + methods, methods, false);
    transformer = new AsyncClassTransformer(TransformOptions.DEFAULT);
  }

  @Benchmark
  public TransformResult transformAsyncClass() {
    return transformer.transform("bench/generated/Async" + methods, asyncClass);
  }

  @Benchmark
  public TransformResult transformPlainClass() {
    return transformer.transform("bench/generated/Plain" + methods, plainClass);
  }

  @Benchmark
  public byte[] asmReadWriteAnchor() {
    ClassReader reader = new ClassReader(asyncClass);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
    reader.accept(writer, ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }
}
