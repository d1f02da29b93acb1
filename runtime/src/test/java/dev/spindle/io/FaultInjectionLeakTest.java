package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import dev.spindle.loop.LoopAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A hundred thousand socket operations (echo clients and servers on one loop), one in a hundred
 * failing at random through {@link Faults}: afterwards the loop holds the same selector keys,
 * timers and queued work as before, the process the same open descriptors, and every injected
 * failure was reported by the task of the very operation it was injected into. Rerun a failure
 * with {@code -Dspindle.faultSeed=<the seed in the message>}.
 */
@EnabledOnOs(OS.LINUX) // counts /proc/self/fd
class FaultInjectionLeakTest {
  private static final long OPERATIONS = 100_000;
  private static final int CLIENTS = 32;
  private static final int EXCHANGES = 8;
  private static final long SEED = Long.getLong("spindle.faultSeed", 17);

  /** What must come back to where it started. */
  record Counts(int keys, int timers, int queuedWork, long descriptors) {}

  @Test
  @Timeout(60)
  void failuresInOnePercentOfOperationsLeakNothingAndEachReachesItsOwner() {
    FaultLedger ledger = new FaultLedger(SEED, 100);
    EchoTraffic traffic = new EchoTraffic(ledger);
    Faults.install(ledger);
    List<Counts> counts;
    try {
      counts = EventLoop.run(() -> run(ledger, traffic));
    } finally {
      Faults.install(null);
    }
    String context = "seed " + ledger.seed() + ", " + ledger.operations() + " operations, "
        + ledger.injected() + " injected " + ledger.injectedBy() + ", " + ledger.observed()
        + " observed; failures that"
        + " were not injected (first 20): " + traffic.consequences;
    assertTrue(ledger.operations() >= OPERATIONS, context);
    assertTrue(ledger.injected() >= OPERATIONS / 200, "too few faults to mean much: " + context);
    assertEquals(EnumSet.allOf(Faults.Operation.class), ledger.injectedBy().keySet(),
        "every kind of operation must have failed at least once; " + context);
    assertEquals(List.of(), ledger.unobserved(), "injected failures no task reported; " + context);
    assertEquals(List.of(), ledger.misdelivered(), context);
    assertEquals(ledger.injected(), ledger.observed(), context);
    assertEquals(0, traffic.corrupted, "echoes that came back changed; " + context);
    assertEquals(counts.get(0), counts.get(1), "before and after; " + context);
  }

  private static Task<List<Counts>> run(FaultLedger ledger, EchoTraffic traffic) {
    // Warm up without faults: the selector opens, the JDK loads what it loads lazily.
    return Steps.then(session(traffic, 1, () -> false), warm -> {
      List<Counts> counts = new ArrayList<>();
      return Steps.then(settle(null), before -> {
        counts.add(before);
        ledger.enabled = true;
        return Steps.then(session(traffic, CLIENTS, () -> ledger.operations() < OPERATIONS),
            done -> {
              ledger.enabled = false;
              return Steps.then(settle(before), after -> {
                counts.add(after);
                return Task.completed(counts);
              });
            });
      });
    });
  }

  /**
   * A listener and {@code clients} clients, each making connections while {@code more} says so
   * (at least one); ends when every connection on both sides is closed and the listener too.
   */
  private static Task<Void> session(EchoTraffic traffic, int clients,
      BooleanSupplier more) {
    AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
    SocketAddress address = listener.localAddress();
    Task<Void> serving = traffic.serve(listener);
    List<Task<Void>> clientTasks = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      boolean[] first = {true};
      clientTasks.add(traffic.client(address, EXCHANGES, () -> {
        boolean again = first[0] || more.getAsBoolean();
        first[0] = false;
        return again;
      }));
    }
    return Steps.then(Task.all(clientTasks), done -> {
      listener.close();
      return serving;
    });
  }

  /**
   * The counts once they equal {@code expected}, checked a millisecond apart for at most 5 s
   * (cancelled keys leave the selector at its next poll); the last counts if they never do.
   */
  private static Task<Counts> settle(Counts expected) {
    EventLoop loop = EventLoop.current();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Counts[] last = new Counts[1];
    return Steps.then(Steps.repeat(() -> Steps.then(EventLoop.sleep(Duration.ofMillis(1)),
        slept -> {
          last[0] = new Counts(LoopAccess.get().reactor(loop).keys().size(), LoopAccess.get().timers(loop).size(),
              LoopAccess.get().queuedWork(loop), openDescriptors());
          boolean settled = expected == null ? last[0].keys() == 0 : last[0].equals(expected);
          return Task.completed(!settled && System.nanoTime() < deadline);
        })), done -> Task.completed(last[0]));
  }

  private static long openDescriptors() {
    try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
      return descriptors.count();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
