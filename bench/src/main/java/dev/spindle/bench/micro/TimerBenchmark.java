package dev.spindle.bench.micro;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.TimerHandle;
import dev.spindle.bench.kotlin.KotlinAnchors;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * Timeouts that never fire: each invocation schedules {@value #TIMEOUTS} one-hour timeouts, then
 * cancels all of them (what a server does with a per-request deadline). One operation is one
 * schedule plus one cancel, with a million timers pending at the peak.
 *
 * <p>Spindle, on one loop: {@code EventLoop.runAfter} + {@code TimerHandle.cancel()} (a bare
 * timer), and {@code EventLoop.sleep} + {@code Task.cancel()} (a timer behind a task).
 *
 * <p>Anchors: {@link ScheduledThreadPoolExecutor} (one thread, remove-on-cancel), Netty's
 * {@link HashedWheelTimer}, and Kotlin {@code delay()} in coroutines started at once and cancelled
 * on a single-thread dispatcher.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar", "-Xmx4g"})
public class TimerBenchmark {
  static final int TIMEOUTS = 1_000_000;
  private static final long ONE_HOUR_MS = TimeUnit.HOURS.toMillis(1);
  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final Runnable NOTHING = () -> { };
  private static final TimerTask NOTHING_ON_WHEEL = timeout -> { };

  private ScheduledThreadPoolExecutor scheduler;
  private HashedWheelTimer wheel;
  private ExecutorService singleThread;
  private CoroutineDispatcher singleThreadDispatcher;
  private final ScheduledFuture<?>[] futures = new ScheduledFuture<?>[TIMEOUTS];
  private final Timeout[] timeouts = new Timeout[TIMEOUTS];
  private final TimerHandle[] handles = new TimerHandle[TIMEOUTS];
  private final Task<?>[] sleeps = new Task<?>[TIMEOUTS];

  @Setup(Level.Trial)
  public void start() {
    scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    wheel = new HashedWheelTimer();
    wheel.start();
    singleThread = Executors.newSingleThreadScheduledExecutor();
    singleThreadDispatcher = ExecutorsKt.from(singleThread);
  }

  @TearDown(Level.Trial)
  public void stop() {
    scheduler.shutdownNow();
    wheel.stop();
    singleThread.shutdownNow();
  }

  @Benchmark
  @OperationsPerInvocation(TIMEOUTS)
  public int spindleRunAfterCancelled() {
    return EventLoop.run(() -> {
      EventLoop loop = EventLoop.current();
      for (int i = 0; i < TIMEOUTS; i++) {
        handles[i] = loop.runAfter(ONE_HOUR, NOTHING);
      }
      for (int i = 0; i < TIMEOUTS; i++) {
        handles[i].cancel();
        handles[i] = null;
      }
      return Task.completed(TIMEOUTS);
    });
  }

  @Benchmark
  @OperationsPerInvocation(TIMEOUTS)
  public int spindleSleepCancelled() {
    return EventLoop.run(() -> {
      for (int i = 0; i < TIMEOUTS; i++) {
        sleeps[i] = EventLoop.sleep(ONE_HOUR);
      }
      for (int i = 0; i < TIMEOUTS; i++) {
        sleeps[i].cancel();
        sleeps[i] = null;
      }
      return Task.completed(TIMEOUTS);
    });
  }

  @Benchmark
  @OperationsPerInvocation(TIMEOUTS)
  public int scheduledThreadPoolExecutor() {
    for (int i = 0; i < TIMEOUTS; i++) {
      futures[i] = scheduler.schedule(NOTHING, ONE_HOUR_MS, TimeUnit.MILLISECONDS);
    }
    for (int i = 0; i < TIMEOUTS; i++) {
      futures[i].cancel(false);
      futures[i] = null;
    }
    return scheduler.getQueue().size();
  }

  @Benchmark
  @OperationsPerInvocation(TIMEOUTS)
  public int nettyHashedWheelTimer() {
    for (int i = 0; i < TIMEOUTS; i++) {
      timeouts[i] = wheel.newTimeout(NOTHING_ON_WHEEL, ONE_HOUR_MS, TimeUnit.MILLISECONDS);
    }
    for (int i = 0; i < TIMEOUTS; i++) {
      timeouts[i].cancel();
      timeouts[i] = null;
    }
    return TIMEOUTS;
  }

  @Benchmark
  @OperationsPerInvocation(TIMEOUTS)
  public int kotlinDelayCancelled() {
    return KotlinAnchors.scheduleAndCancelDelays(singleThreadDispatcher, TIMEOUTS);
  }
}
