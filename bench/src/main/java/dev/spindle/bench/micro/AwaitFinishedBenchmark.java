package dev.spindle.bench.micro;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "{@code await} of a finished task costs about a plain call" (SPEC), measured two ways:
 *
 * <ul>
 *   <li>one call: an {@code @Async} method that awaits a finished task and returns the shared
 *       {@code Task.completed()}, against a plain method that reads a field, each behind one call
 *       the JIT may not inline;
 *   <li>a loop of {@value #LOOP} awaits of a finished task inside one {@code @Async} method,
 *       against a loop of {@value #LOOP} plain calls: the cost of the await itself.
 * </ul>
 *
 * Anchor: {@code CompletableFuture.join()} of a completed future.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar"})
public class AwaitFinishedBenchmark {
  static final int LOOP = 100;

  private final Task<Integer> finishedTask = Task.completed(42);
  private final CompletableFuture<Integer> finishedFuture = CompletableFuture.completedFuture(42);
  private final Holder holder = new Holder(42);
  private int sink;

  // ------------------------------------------------------------- one call

  @Benchmark
  public Object plainCall() {
    return readPlain(holder);
  }

  @Benchmark
  public Object spindleAwaitFinished() {
    return callAwaitOnce(finishedTask);
  }

  @Benchmark
  public Object completableFutureJoinFinished() {
    return joinOnce(finishedFuture);
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private Object readPlain(Holder source) {
    sink = source.value;
    return null;
  }

  /**
   * The call boundary, like {@link #readPlain}. Not on the {@code @Async} method itself: JMH's
   * compiler hint matches by name, and the rewritten method's state machine has the same name, so
   * the hint would forbid inlining it into its own forwarder and count two calls.
   */
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private Object callAwaitOnce(Task<Integer> task) {
    return awaitOnce(task);
  }

  @Async
  private Task<Void> awaitOnce(Task<Integer> task) {
    sink = await(task);
    return Task.completed();
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private Object joinOnce(CompletableFuture<Integer> future) {
    sink = future.join();
    return null;
  }

  // ------------------------------------------------------------- a loop of awaits

  @Benchmark
  @OperationsPerInvocation(LOOP)
  public int plainCallLoop() {
    int sum = 0;
    for (int i = 0; i < LOOP; i++) {
      sum += valueOf(holder);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(LOOP)
  public int spindleAwaitFinishedLoop() {
    return awaitLoop(finishedTask).resultNow();
  }

  @Benchmark
  @OperationsPerInvocation(LOOP)
  public int completableFutureJoinFinishedLoop() {
    int sum = 0;
    for (int i = 0; i < LOOP; i++) {
      sum += finishedFuture.join();
    }
    return sum;
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private static int valueOf(Holder source) {
    return source.value;
  }

  @Async
  private static Task<Integer> awaitLoop(Task<Integer> task) {
    int sum = 0;
    for (int i = 0; i < LOOP; i++) {
      sum += await(task);
    }
    return Task.completed(sum);
  }

  private static final class Holder {
    final Integer value;

    Holder(int value) {
      this.value = value;
    }
  }
}
