package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.TimerHandle;
import dev.spindle.loop.InstalledTrace;
import dev.spindle.loop.Interest;
import dev.spindle.loop.LoopAccess;
import java.io.IOException;
import java.time.Duration;

/**
 * How an {@link AsyncTcpListener} waits out a shortage of file descriptors (or of kernel
 * memory): instead of failing its accept, it stops asking the selector for {@code OP_ACCEPT},
 * whose readiness would only repeat the failure in a busy loop, and tries again after a back-off
 * or as soon as a connection of the same loop closes, whichever comes first. Connections wait in
 * the listen backlog meanwhile (as many as it holds). Netty's acceptor pauses a second the same
 * way; here the back-off starts at {@value #FIRST_MILLIS} ms and doubles, up to
 * {@value #LONGEST_MILLIS} ms, while accepts keep failing without taking a connection.
 *
 * <p>An episode starts with the first such failure, is reported once (see
 * {@link ExhaustionReport}), and ends when an accept finds the backlog empty with a descriptor to
 * spare.
 *
 * <p>Loop thread only, like every field below.
 */
final class AcceptBackoff {
  static final long FIRST_MILLIS = 10;
  static final long LONGEST_MILLIS = 1000;

  private final AsyncTcpListener listener;
  private final EventLoop loop;
  /** The listener's resume; run by the timer, or posted when a channel of the loop closes. */
  private final Runnable resume;
  /** Told by the reactor when a channel of the loop closes; posts {@link #resume}. */
  private final Runnable onChannelClosed;
  /** Whether accepting is paused: no accept interest; {@link #timer} and a close waiter armed. */
  private boolean paused;
  private TimerHandle timer;
  /** The next back-off. */
  private long delayMillis = FIRST_MILLIS;
  /** Whether an episode is under way, and what it has seen so far. */
  private boolean inEpisode;
  private long episodeStartNanos;
  private int pauses;
  private long acceptedInEpisode;

  AcceptBackoff(AsyncTcpListener listener, EventLoop loop, Runnable resume) {
    this.listener = listener;
    this.loop = loop;
    this.resume = resume;
    this.onChannelClosed = () -> loop.execute(resume);
  }

  /** Whether accepting is paused; an accept started now waits for the resume. */
  boolean paused() {
    return paused;
  }

  /**
   * Pauses accepting if {@code failure} of an accept is a shortage that passes (see {@link
   * ExhaustionReport#isExhaustion}); false if it is not, and the accept should fail with it.
   */
  boolean pauseIfExhausted(IOException failure) {
    if (!ExhaustionReport.isExhaustion(failure)) {
      return false;
    }
    if (!inEpisode) {
      inEpisode = true;
      episodeStartNanos = LoopAccess.get().nanoTime(loop);
      pauses = 0;
      acceptedInEpisode = 0;
      ExhaustionReport.started(listener, failure, delayMillis, LONGEST_MILLIS);
    }
    pauses++;
    paused = true;
    listener.registration.pause(Interest.ACCEPT);
    timer = loop.runAfter(Duration.ofMillis(delayMillis), resume);
    LoopAccess.get().reactor(loop).awaitChannelClose(onChannelClosed);
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("accept paused on " + listener + " for " + delayMillis + " ms or until a"
          + " connection closes: " + failure);
    }
    delayMillis = Math.min(delayMillis * 2, LONGEST_MILLIS);
    return true;
  }

  /** Ends a pause: disarms the timer and the close waiter. The listener then tries again. */
  void resumed() {
    paused = false;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    LoopAccess.get().reactor(loop).forgetChannelCloseWaiter(onChannelClosed);
  }

  /** An accept took a connection: progress, so the next back-off starts short again. */
  void accepted() {
    if (inEpisode) {
      acceptedInEpisode++;
      delayMillis = FIRST_MILLIS;
    }
  }

  /** An accept found no connection waiting, and a descriptor to spare: the episode is over. */
  void caughtUp() {
    if (inEpisode) {
      inEpisode = false;
      delayMillis = FIRST_MILLIS;
      long millis = (LoopAccess.get().nanoTime(loop) - episodeStartNanos) / 1_000_000;
      ExhaustionReport.ended(listener, millis, pauses, acceptedInEpisode);
    }
  }

  /** The listener closed: nothing may stay armed. */
  void stop() {
    if (paused) {
      resumed();
    }
  }
}
