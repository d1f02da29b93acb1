package dev.spindle.loop;

import dev.spindle.io.CapturedLog;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The records of {@code System.Logger} {@code dev.spindle.EventLoop} (which the JDK sends to
 * {@code java.util.logging} when no other backend is installed) about one loop, by its name,
 * DEBUG ({@code FINE}) included: a {@link CapturedLog} kept to that loop's records.
 */
final class WatchdogLog implements AutoCloseable {
  private final CapturedLog log;

  /** Captures what is logged about the loop whose {@code toString()} is {@code loopName}. */
  WatchdogLog(String loopName) {
    log = new CapturedLog(BlockedLoopReport.LOGGER_NAME, Level.ALL,
        record -> record.getMessage().startsWith(loopName + " "));
  }

  /** The records about the loop at {@code level}, in order. */
  List<LogRecord> at(Level level) {
    return log.recordsAt(level);
  }

  @Override
  public void close() {
    log.close();
  }
}
