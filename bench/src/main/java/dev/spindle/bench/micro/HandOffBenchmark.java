package dev.spindle.bench.micro;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.bench.kotlin.KotlinAnchors;
import dev.spindle.bench.support.SpinningCompleter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.ExecutorsKt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Producer/consumer hand-off through a one-shot: the consumer makes a {@link Promise}, has it
 * completed, and suspends in {@code await} until it resumes with the value. Per operation:
 *
 * <ul>
 *   <li>{@code ...OnLoop}: the producer is the consumer's own loop (a completion queued with
 *       {@code EventLoop.execute}): suspend, run queue, resume.
 *   <li>{@code ...FromAnotherThread}: a producer thread that spins on a slot completes it: the
 *       cross-thread path (inbox, selector wake-up, resume on the loop thread).
 * </ul>
 * Anchor: the same with a Kotlin {@code CompletableDeferred} on a single-thread dispatcher.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar"})
public class HandOffBenchmark {
  static final int ROUNDS = 10_000;

  private ExecutorService singleThread;
  private CoroutineDispatcher singleThreadDispatcher;

  @Setup(Level.Trial)
  public void start() {
    singleThread = Executors.newSingleThreadExecutor();
    singleThreadDispatcher = ExecutorsKt.from(singleThread);
  }

  @TearDown(Level.Trial)
  public void stop() {
    singleThread.shutdownNow();
  }

  /** The other thread, spinning only during the benchmarks that take it. */
  @State(Scope.Benchmark)
  public static class Producer {
    SpinningCompleter completer;

    @Setup(Level.Trial)
    public void start() {
      completer = SpinningCompleter.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      completer.stop();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public long spindlePromiseCompletedOnLoop() {
    return EventLoop.run(() -> consume(null, ROUNDS));
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public long spindlePromiseCompletedFromAnotherThread(Producer producer) {
    return EventLoop.run(() -> consume(producer.completer, ROUNDS));
  }

  /** Hands off {@code rounds} values; {@code producer == null} means the loop itself completes. */
  @Async
  private static Task<Long> consume(SpinningCompleter producer, int rounds) {
    EventLoop loop = EventLoop.current();
    long sum = 0;
    for (int i = 0; i < rounds; i++) {
      Promise<Integer> promise = new Promise<>();
      int value = i;
      Runnable completion = () -> promise.complete(value);
      if (producer == null) {
        loop.execute(completion);
      } else {
        producer.execute(completion);
      }
      sum += await(promise.task());
    }
    return Task.completed(sum);
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public long kotlinDeferredCompletedOnDispatcher() {
    return KotlinAnchors.handOff(singleThreadDispatcher, singleThread, ROUNDS);
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public long kotlinDeferredCompletedFromAnotherThread(Producer producer) {
    return KotlinAnchors.handOff(singleThreadDispatcher, producer.completer, ROUNDS);
  }
}
