package dev.spindle.bench.micro;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.bench.kotlin.KotlinChannels;
import dev.spindle.bench.support.VirtualThreads;
import dev.spindle.sync.Channel;
import java.util.concurrent.ArrayBlockingQueue;
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
 * A producer sends {@value #ITEMS} items through a channel of capacity {@value #CAPACITY} to a
 * consumer that sums them; the score is per item. Items are {@code i & 127}, boxed from the
 * {@code Integer} cache, so no side pays for boxing.
 *
 * <ul>
 *   <li>{@code spindleOnOneLoop}: producer and consumer are {@code @Async} calls on one loop,
 *       {@code await(channel.send(i))} and {@code await(channel.receive())}.
 *   <li>{@code spindleAcrossLoops}: the producer runs on a second loop, on its own thread.
 *   <li>Anchors: Kotlin {@code Channel(64)} on {@code runBlocking}'s thread, and with the producer
 *       on another single-thread dispatcher; {@code ArrayBlockingQueue(64)} between two virtual
 *       threads ({@code put}/{@code take}; JDK 21 or later).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar"})
public class ChannelBenchmark {
  static final int ITEMS = 100_000;
  static final int CAPACITY = 64;

  private ExecutorService producerThread;
  private CoroutineDispatcher producerDispatcher;

  @Setup(Level.Trial)
  public void start() {
    producerThread = Executors.newSingleThreadExecutor();
    producerDispatcher = ExecutorsKt.from(producerThread);
  }

  @TearDown(Level.Trial)
  public void stop() {
    producerThread.shutdownNow();
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long spindleOnOneLoop() {
    return EventLoop.run(() -> {
      Channel<Integer> channel = Channel.bounded(CAPACITY);
      EventLoop.spawn(produce(channel, ITEMS));
      return consume(channel);
    });
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long spindleAcrossLoops() throws InterruptedException {
    Channel<Integer> channel = Channel.bounded(CAPACITY);
    Thread producer = new Thread(() -> EventLoop.run(() -> produce(channel, ITEMS)),
        "channel-producer-loop");
    producer.start();
    long sum = EventLoop.run(() -> consume(channel));
    producer.join();
    return sum;
  }

  @Async
  private static Task<Void> produce(Channel<Integer> channel, int items) {
    for (int i = 0; i < items; i++) {
      await(channel.send(i & 127));
    }
    channel.close();
    return Task.completed();
  }

  @Async
  private static Task<Long> consume(Channel<Integer> channel) {
    long sum = 0;
    for (Integer item; (item = await(channel.receive())) != null; ) {
      sum += item;
    }
    return Task.completed(sum);
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long kotlinOnOneThread() {
    return KotlinChannels.handOffOnOneThread(CAPACITY, ITEMS);
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long kotlinAcrossThreads() {
    return KotlinChannels.handOffAcrossThreads(producerDispatcher, CAPACITY, ITEMS);
  }

  /** {@code put}/{@code take} between two virtual threads; the end is marked by -1. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long blockingQueueOnVirtualThreads() throws InterruptedException {
    ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(CAPACITY);
    long[] sum = new long[1];
    Thread consumer = VirtualThreads.start(() -> {
      try {
        for (int item; (item = queue.take()) >= 0; ) {
          sum[0] += item;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Thread producer = VirtualThreads.start(() -> {
      try {
        for (int i = 0; i < ITEMS; i++) {
          queue.put(i & 127);
        }
        queue.put(-1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.join();
    consumer.join();
    return sum[0];
  }
}
