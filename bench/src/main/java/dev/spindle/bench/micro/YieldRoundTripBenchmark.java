package dev.spindle.bench.micro;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.bench.kotlin.KotlinAnchors;
import dev.spindle.bench.support.VirtualThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * One suspend + resume round trip through a single-threaded scheduler, per operation. Each
 * invocation runs {@value #ROUNDS} round trips, so starting a loop or a thread is amortised.
 *
 * <ul>
 *   <li>{@code spindleYieldNow}: {@code await(EventLoop.yieldNow())} in an {@code @Async} loop
 *       (a loop with no channel registered, as here, skips the selector poll; with channels,
 *       each turn polls once).
 *   <li>{@code kotlinYieldRunBlocking}: {@code yield()} in {@code runBlocking}'s own loop on the
 *       calling thread (the closest match to {@code EventLoop.run}).
 *   <li>{@code kotlinYieldSingleThreadDispatcher}: {@code yield()} on
 *       {@code Executors.newSingleThreadExecutor().asCoroutineDispatcher()}.
 *   <li>{@code virtualThreadParkUnparkPingPong}: two virtual threads on one carrier
 *       ({@code -Djdk.virtualThreadScheduler.parallelism=1}) hand the turn to each other with
 *       park/unpark; one operation is one park + one unpark (a round trip has two).
 *   <li>{@code virtualThreadYield}: {@code Thread.yield()} in one virtual thread on one carrier.
 *   <li>{@code completableFutureThenComposeChain}: a chain of {@code thenCompose} stages, each
 *       hopping through a single-thread executor with {@code runAsync}.
 * </ul>
 * The virtual-thread benchmarks need JDK 21+ (run the jar on JDK 25).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar",
    "-Djdk.virtualThreadScheduler.parallelism=1"})
public class YieldRoundTripBenchmark {
  static final int ROUNDS = 10_000;
  private static final Runnable NOTHING = () -> { };

  private ExecutorService singleThread;
  private CoroutineDispatcher singleThreadDispatcher;

  @Setup(Level.Trial)
  public void startExecutor() {
    singleThread = Executors.newSingleThreadExecutor();
    singleThreadDispatcher = ExecutorsKt.from(singleThread);
  }

  @TearDown(Level.Trial)
  public void stopExecutor() {
    singleThread.shutdownNow();
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public int spindleYieldNow() {
    return EventLoop.run(() -> yieldLoop(ROUNDS));
  }

  @Async
  private static Task<Integer> yieldLoop(int rounds) {
    for (int i = 0; i < rounds; i++) {
      await(EventLoop.yieldNow());
    }
    return Task.completed(rounds);
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public int kotlinYieldRunBlocking() {
    return KotlinAnchors.yieldOnRunBlocking(ROUNDS);
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public int kotlinYieldSingleThreadDispatcher() {
    return KotlinAnchors.yieldOnDispatcher(singleThreadDispatcher, ROUNDS);
  }

  @Benchmark
  @OperationsPerInvocation(2 * ROUNDS)
  public int virtualThreadParkUnparkPingPong() throws InterruptedException {
    return new PingPong(ROUNDS).play();
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public int virtualThreadYield() throws InterruptedException {
    int[] done = new int[1];
    Thread thread = VirtualThreads.start(() -> {
      for (int i = 0; i < ROUNDS; i++) {
        Thread.yield();
      }
      done[0] = ROUNDS;
    });
    thread.join();
    return done[0];
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public Object completableFutureThenComposeChain() {
    CompletableFuture<Void> start = new CompletableFuture<>();
    CompletableFuture<Void> chain = start;
    for (int i = 0; i < ROUNDS; i++) {
      chain = chain.thenCompose(ignored -> CompletableFuture.runAsync(NOTHING, singleThread));
    }
    singleThread.execute(() -> start.complete(null));
    return chain.join();
  }

  /** Two virtual threads that pass a turn back and forth with park/unpark. */
  private static final class PingPong {
    private final int rounds;
    /** 0: ping's turn, 1: pong's turn, 2: game over. */
    private volatile int turn;
    /** Set by ping itself before its first turn change, so pong reads it after that. */
    private Thread ping;
    /** Set before ping starts. */
    private Thread pong;

    PingPong(int rounds) {
      this.rounds = rounds;
    }

    int play() throws InterruptedException {
      pong = VirtualThreads.start(this::pongSide);
      Thread pinger = VirtualThreads.start(this::pingSide);
      pinger.join();
      pong.join();
      return rounds;
    }

    private void pingSide() {
      ping = Thread.currentThread();
      for (int i = 0; i < rounds; i++) {
        turn = 1;
        LockSupport.unpark(pong);
        while (turn != 0) {
          LockSupport.park();
        }
      }
      turn = 2;
      LockSupport.unpark(pong);
    }

    private void pongSide() {
      while (true) {
        int now;
        while ((now = turn) == 0) {
          LockSupport.park();
        }
        if (now == 2) {
          return;
        }
        turn = 0;
        LockSupport.unpark(ping);
      }
    }
  }
}
