package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.ManualClock;
import dev.spindle.Task;
import dev.spindle.loop.LoopAccess;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener whose accept runs out of file descriptors ({@code EMFILE}, injected here through
 * {@link Faults}; a real one in {@link FdLimitProcessTest}) pauses and resumes by itself, on a
 * manual clock so that every back-off is exact.
 */
@Timeout(30)
class AcceptExhaustionTest {
  private final ManualClock clock = new ManualClock();
  private final CapturedLog log = new CapturedLog();
  /** Loop thread only: accepts that consulted the plan, and how many of the next ones fail. */
  private int acceptAttempts;
  private int failuresLeft;
  private IOException failWith = new IOException("Too many open files");

  AcceptExhaustionTest() {
    Faults.install((operation, subject) -> {
      if (operation != Faults.Operation.ACCEPT) {
        return null;
      }
      acceptAttempts++;
      return failuresLeft-- > 0 ? failWith : null;
    });
  }

  @AfterEach
  void uninstall() {
    Faults.install(null);
    log.close();
  }

  @Test
  void anAcceptOutOfDescriptorsWaitsAndResumesAfterABackoffThatDoubles() throws Exception {
    try (LoopThread loop = new LoopThread(clock)) {
      AsyncTcpListener listener = loop.call(() -> AsyncTcpListener.bind(Loopback.anyPort()));
      try (Socket client = new Socket()) {
        client.connect(listener.localAddress()); // waits in the backlog
        failuresLeft = 3;
        Task<AsyncTcpStream> next = loop.call(() -> listener.incoming().next());

        assertFalse(next.isDone(), "the accept waits; it does not fail");
        assertEquals(1, acceptAttempts);
        assertEquals(0, loop.call(() -> listener.registration.interestOps()),
            "no OP_ACCEPT while paused: its readiness would only repeat the failure");
        assertEquals(1, loop.call(() -> LoopAccess.get().timers(loop.loop()).size()), "the back-off timer");
        List<String> warnings = log.at(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        String warning = warnings.get(0);
        assertTrue(warning.startsWith(listener + " could not accept a connection:"
            + " java.io.IOException: Too many open files (EMFILE: the process has opened all"
            + " the file descriptors it may; file descriptors: limit "), warning);
        assertTrue(warning.contains("New connections wait in the listen backlog, as many as it"
            + " holds. Accepting pauses and resumes by itself, 10 ms from now (doubling up to 1000 ms"
            + " while it keeps failing) or as soon as a connection of this event loop closes."
            + " Fix: raise the limit (ulimit -n, systemd LimitNOFILE=)"), warning);

        assertAttemptsAfter(Duration.ofMillis(9), 1, loop);
        assertAttemptsAfter(Duration.ofMillis(1), 2, loop); // fails again: 20 ms
        assertAttemptsAfter(Duration.ofMillis(19), 2, loop);
        assertAttemptsAfter(Duration.ofMillis(1), 3, loop); // and again: 40 ms
        assertAttemptsAfter(Duration.ofMillis(39), 3, loop);
        assertFalse(next.isDone());
        assertAttemptsAfter(Duration.ofMillis(1), 4, loop);

        AsyncTcpStream accepted = next.resultNow();
        assertEquals(client.getLocalSocketAddress(), accepted.remoteAddress());
        assertEquals(1, log.at(Level.WARNING).size(), "one report per episode");
        assertEquals(List.of(), log.at(Level.INFO), "not caught up until the backlog is empty");

        Task<AsyncTcpStream> nextAgain = loop.call(() -> listener.incoming().next());
        assertFalse(nextAgain.isDone());
        assertEquals(SelectionKey.OP_ACCEPT, loop.call(() -> listener.registration.interestOps()));
        assertEquals(0, loop.call(() -> LoopAccess.get().timers(loop.loop()).size()));
        List<String> notes = log.at(Level.INFO);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith(listener + " has caught up after 70 ms short of"
            + " descriptors or memory"), notes.get(0)); // 10 + 20 + 40 ms of back-off
        assertTrue(notes.get(0).contains(": accepting paused 3 time(s) and took 1 connection(s)"
            + " meanwhile; file descriptors: limit "), notes.get(0));

        loop.run(() -> {
          accepted.close();
          listener.close();
        });
        assertNull(nextAgain.resultNow());
      }
    }
  }

  @Test
  void anAcceptThatRunsOutWhenReadinessWakesItPausesToo() throws Exception {
    try (LoopThread loop = new LoopThread(clock)) {
      AsyncTcpListener listener = loop.call(() -> AsyncTcpListener.bind(Loopback.anyPort()));
      Task<AsyncTcpStream> next = loop.call(() -> listener.accept());
      assertEquals(SelectionKey.OP_ACCEPT, loop.call(() -> listener.registration.interestOps()));
      failuresLeft = 1;
      try (Socket client = new Socket()) {
        client.connect(listener.localAddress()); // OP_ACCEPT fires; the retried accept fails
        loop.awaitOnLoop("the woken accept tried", () -> acceptAttempts == 2);
        assertEquals(0, loop.call(() -> listener.registration.interestOps()));
        for (int turn = 0; turn < 100; turn++) {
          loop.run(() -> { }); // turns of the loop, each with a poll: the accept is not retried
        }
        assertEquals(2, loop.call(() -> acceptAttempts), "the connection is still waiting, but"
            + " a paused accept must not be retried on readiness");
        assertFalse(next.isDone());

        assertAttemptsAfter(Duration.ofMillis(10), 3, loop);
        assertEquals(client.getLocalSocketAddress(), next.resultNow().remoteAddress());
        loop.run(() -> {
          next.resultNow().close();
          listener.close();
        });
      }
    }
  }

  @Test
  void aConnectionClosingOnTheLoopResumesAcceptingBeforeTheBackoffEnds() throws Exception {
    try (LoopThread loop = new LoopThread(clock)) {
      AsyncTcpListener listener = loop.call(() -> AsyncTcpListener.bind(Loopback.anyPort()));
      try (Socket first = new Socket(); Socket second = new Socket()) {
        first.connect(listener.localAddress());
        Task<AsyncTcpStream> accepted = loop.call(() -> listener.accept());
        loop.awaitOnLoop("the first connection accepted", accepted::isDone);

        failuresLeft = 1;
        Task<AsyncTcpStream> next = loop.call(() -> listener.accept());
        second.connect(listener.localAddress());
        assertFalse(loop.call(next::isDone));
        assertEquals(1, loop.call(() -> LoopAccess.get().timers(loop.loop()).size()));

        loop.run(() -> accepted.resultNow().close()); // the clock never moves
        loop.awaitOnLoop("the second connection accepted", next::isDone);
        assertEquals(second.getLocalSocketAddress(), next.resultNow().remoteAddress());
        assertEquals(0, loop.call(() -> LoopAccess.get().timers(loop.loop()).size()),
            "the back-off timer is cancelled when a close resumes accepting first");
        loop.run(() -> {
          next.resultNow().close();
          listener.close();
        });
      }
    }
  }

  @Test
  void closingAPausedListenerEndsIncomingAndLeavesNoTimerOrKey() throws Exception {
    try (LoopThread loop = new LoopThread(clock)) {
      AsyncTcpListener listener = loop.call(() -> AsyncTcpListener.bind(Loopback.anyPort()));
      failuresLeft = 1;
      Task<AsyncTcpStream> next = loop.call(() -> listener.incoming().next());
      assertFalse(next.isDone());

      loop.run(listener::close);
      assertTrue(next.isDone());
      assertNull(next.resultNow());
      assertEquals(0, loop.call(() -> LoopAccess.get().timers(loop.loop()).size()));
      assertFalse(loop.call(() -> listener.registration.isRegistered()));
      clock.advance(Duration.ofSeconds(5));
      assertEquals(1, loop.call(() -> acceptAttempts), "a closed listener tries nothing more");
    }
  }

  @Test
  void anyOtherAcceptFailureStillFailsTheAcceptWithThatFailure() throws Exception {
    failWith = new IOException("Invalid argument");
    try (LoopThread loop = new LoopThread(clock)) {
      AsyncTcpListener listener = loop.call(() -> AsyncTcpListener.bind(Loopback.anyPort()));
      failuresLeft = 1;
      Task<AsyncTcpStream> next = loop.call(() -> listener.accept());
      Throwable failure = next.failureNow();
      assertSame(IOException.class, failure.getClass());
      assertEquals(listener.operation() + ": Invalid argument", failure.getMessage());
      assertSame(failWith, failure.getCause());
      assertEquals(List.of(), log.at(Level.WARNING));
      loop.run(listener::close);
    }
  }

  /** Moves the clock by {@code step}; then the accepts tried so far must be {@code expected}. */
  private void assertAttemptsAfter(Duration step, int expected, LoopThread loop)
      throws Exception {
    clock.advance(step);
    assertEquals(expected, loop.call(() -> acceptAttempts), "accept attempts after " + step);
  }
}
