package dev.spindle.bench.micro;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.bench.kotlin.KotlinFailures;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The failure path of async stack traces: one fresh exception, made at the bottom of a chain of
 * {@code levels} calls, carried to its top. Each operation makes its exception (the JVM fills in
 * the thread's stack), so every variant pays that once; the difference between two
 * {@code levels} is the cost per level.
 *
 * <ul>
 *   <li>{@code plainRethrow}: {@code levels} plain methods, the innermost throws, the top catches
 *       (the JVM never builds the printed trace); {@code plainRethrowReadTrace} also reads
 *       {@code getStackTrace()} at the top, as a logger printing it does.
 *   <li>{@code spindleAwaits}: {@code levels} {@code @Async} methods each awaiting the next, the
 *       innermost awaiting a failed {@code Task}; on the fast path (nothing suspends), with async
 *       stack traces on (the default) and off ({@code -Dspindle.asyncStackTraces=false}).
 *   <li>{@code kotlinAwaits}: the same chain of Kotlin suspend functions over a failed
 *       {@code Deferred} ({@link KotlinFailures}), with kotlinx's stack-trace recovery on
 *       ({@code -Dkotlinx.coroutines.debug=on}) and off (the default without assertions).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar"})
public class AsyncStackTraceBenchmark {
  @Param({"1", "10"})
  int levels;

  @Benchmark
  public Throwable plainRethrow() {
    try {
      plainLevel(levels);
      return null;
    } catch (IllegalStateException e) {
      return e;
    }
  }

  @Benchmark
  public Object plainRethrowReadTrace() {
    try {
      plainLevel(levels);
      return null;
    } catch (IllegalStateException e) {
      return e.getStackTrace();
    }
  }

  @Benchmark
  public Throwable spindleAwaits() {
    return spindleLevel(levels).failureNow();
  }

  @Benchmark
  @Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar",
      "-Dspindle.asyncStackTraces=false"})
  public Throwable spindleAwaitsTracesOff() {
    return spindleLevel(levels).failureNow();
  }

  @Benchmark
  public Throwable kotlinAwaits() {
    return KotlinFailures.failThrough(levels);
  }

  @Benchmark
  @Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar",
      "-Dkotlinx.coroutines.debug=on"})
  public Throwable kotlinAwaitsRecovered() {
    return KotlinFailures.failThrough(levels);
  }

  private static int plainLevel(int n) {
    if (n == 0) {
      Task<Integer> failed = Task.failed(new IllegalStateException("failed at the bottom"));
      return failed.resultNow() + 1;
    }
    int value = plainLevel(n - 1);
    return value + 1;
  }

  @Async
  private static Task<Integer> spindleLevel(int n) {
    if (n == 0) {
      Task<Integer> failed = Task.failed(new IllegalStateException("failed at the bottom"));
      return Task.completed(await(failed) + 1);
    }
    int value = await(spindleLevel(n - 1));
    return Task.completed(value + 1);
  }
}
