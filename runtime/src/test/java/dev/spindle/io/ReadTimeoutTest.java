package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.ManualClock;
import dev.spindle.Steps;
import dev.spindle.Task;
import dev.spindle.loop.LoopAccess;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AsyncTcpStream#setReadTimeout}: a read that waits too long fails with a timeout, on a
 * manual clock, and a busy stream keeps one timer however many reads it makes.
 */
class ReadTimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMillis(100);
  private final ManualClock clock = new ManualClock();

  /** Runs {@code body} with a connected (server, client) pair on a loop with the manual clock. */
  private <T> T withPair(BiFunction<AsyncTcpStream, AsyncTcpStream, Task<T>> body) {
    return EventLoop.builder().clock(clock).run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            listener.close();
            return body.apply(server, client);
          }));
    });
  }

  @Test
  @Timeout(10)
  void aReadThatWaitsPastTheTimeoutFailsWithTimeoutAndTheStreamStaysUsable() {
    String outcome = withPair((server, client) -> {
      server.setReadTimeout(TIMEOUT);
      assertEquals(TIMEOUT, server.readTimeout());
      ByteBuffer buffer = ByteBuffer.allocate(16);
      Task<Integer> read = server.read(buffer);
      clock.advance(TIMEOUT.minusMillis(1));
      return Steps.then(EventLoop.yieldNow(), turned -> {
        assertFalse(read.isDone(), "one millisecond before its timeout the read still waits");
        clock.advance(Duration.ofMillis(1));
        return Steps.then(EventLoop.yieldNow(), turnedAgain -> {
          Throwable failure = read.failureNow();
          assertInstanceOf(TimeoutException.class, failure);
          assertEquals("AsyncTcpStream.read() on " + server + " waited 100 ms, the stream's read"
              + " timeout (setReadTimeout), without a byte arriving", failure.getMessage());
          assertFalse(server.registration().isRegistered(), "a timed-out read leaves no key");
          return Steps.then(client.write(Loopback.ascii("late")), written -> Steps.then(
              Loopback.readFully(server, buffer.limit(4)),
              count -> Task.completed(Loopback.ascii(buffer, count))));
        });
      });
    });
    assertEquals("late", outcome);
  }

  @Test
  @Timeout(10)
  void aBusyStreamKeepsOneTimerHoweverManyReadsWaitAndNoneTimesOut() {
    int reads = withPair((server, client) -> {
      server.setReadTimeout(TIMEOUT);
      EventLoop loop = EventLoop.current();
      ByteBuffer buffer = ByteBuffer.allocate(16);
      int[] count = {0};
      return Steps.then(Steps.repeat(() -> {
        if (count[0] == 50) {
          return Task.completed(false);
        }
        buffer.clear();
        Task<Integer> read = server.read(buffer);
        assertFalse(read.isDone());
        assertTrue(LoopAccess.get().timers(loop).size() <= 1, LoopAccess.get().timers(loop).size() + " timers for one stream");
        clock.advance(Duration.ofMillis(30)); // 50 reads span 1.5 s, fifteen timeouts
        return Steps.then(client.write(Loopback.ascii("x")), written -> Steps.then(read, n -> {
          count[0]++;
          return Task.completed(true);
        }));
      }), done -> Task.completed(count[0]));
    });
    assertEquals(50, reads);
  }

  @Test
  @Timeout(10)
  void streamsWithTheSameTimeoutShareOneTimerAndEachTimesOutAtItsOwnDeadline() {
    String outcome = EventLoop.builder().clock(clock).run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      List<AsyncTcpStream> clients = new ArrayList<>(); // kept open: no end of stream
      List<Task<Integer>> reads = new ArrayList<>();
      EventLoop loop = EventLoop.current();
      return Steps.then(Steps.repeat(() -> {
        if (reads.size() == 3) {
          return Task.completed(false);
        }
        Task<AsyncTcpStream> accepted = listener.accept();
        return Steps.then(AsyncTcpStream.connect(listener.localAddress()), client -> {
          clients.add(client);
          return Steps.then(accepted, server -> {
            server.setReadTimeout(TIMEOUT);
            reads.add(server.read(ByteBuffer.allocate(16)));
            clock.advance(Duration.ofMillis(30)); // the next read starts waiting 30 ms later
            return Task.completed(true);
          });
        });
      }), started -> {
        listener.close();
        StringBuilder seen = new StringBuilder()
            .append(LoopAccess.get().timers(loop).size()).append(" timer;");
        clock.advance(Duration.ofMillis(10)); // 100 ms after the first read started waiting
        return Steps.then(EventLoop.yieldNow(), turned -> {
          seen.append(states(reads)).append(';');
          clock.advance(Duration.ofMillis(30));
          return Steps.then(EventLoop.yieldNow(), turnedAgain -> {
            seen.append(states(reads)).append(';')
                .append(LoopAccess.get().timers(loop).size()).append(" timer");
            return Task.completed(seen.toString());
          });
        });
      });
    });
    assertEquals("1 timer;timed out,waits,waits;timed out,timed out,waits;1 timer", outcome);
  }

  private static String states(List<Task<Integer>> reads) {
    StringBuilder states = new StringBuilder();
    for (Task<Integer> read : reads) {
      states.append(states.length() == 0 ? "" : ",").append(!read.isDone() ? "waits"
          : read.failureNow() instanceof TimeoutException ? "timed out" : "other");
    }
    return states.toString();
  }

  @Test
  @Timeout(10)
  void closingTheStreamDropsItsTimer() {
    int timers = withPair((server, client) -> {
      server.setReadTimeout(TIMEOUT);
      Task<Integer> read = server.read(ByteBuffer.allocate(16));
      assertEquals(1, LoopAccess.get().timers(EventLoop.current()).size());
      server.close();
      assertInstanceOf(ChannelClosedException.class, read.failureNow());
      return Task.completed(LoopAccess.get().timers(EventLoop.current()).size());
    });
    assertEquals(0, timers);
  }

  @Test
  @Timeout(10)
  void aNegativeTimeoutIsRefusedWithTheRule() {
    String message = withPair((server, client) -> Task.completed(assertThrows(
        IllegalArgumentException.class, () -> server.setReadTimeout(Duration.ofMillis(-1)))
        .getMessage()));
    assertEquals("AsyncTcpStream.setReadTimeout(timeout) must be given zero (no timeout) or a"
        + " positive duration: PT-0.001S", message);
  }
}
