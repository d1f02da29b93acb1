package dev.spindle.io;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The records the runtime logs through {@link System.Logger} under one logger name (by default
 * {@code dev.spindle.io}), which the JDK sends to {@code java.util.logging} when no other backend
 * is installed. Captured, not printed: a test that provokes a report asserts on it, and the build
 * log shows no stack trace that is not a failure.
 */
public final class CapturedLog extends Handler implements AutoCloseable {
  /** Held here: {@code java.util.logging} keeps loggers only weakly. */
  private final Logger logger;
  private final Level levelBefore;
  private final Predicate<LogRecord> kept;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  CapturedLog() {
    this("dev.spindle.io");
  }

  /** Captures what {@code System.getLogger(loggerName)} logs until {@link #close()}. */
  public CapturedLog(String loggerName) {
    this(loggerName, null, record -> true);
  }

  /**
   * Captures the records of {@code loggerName} that {@code kept} accepts, with the logger set to
   * {@code level} (null: left as it is) until {@link #close()}.
   */
  public CapturedLog(String loggerName, Level level, Predicate<LogRecord> kept) {
    logger = Logger.getLogger(loggerName);
    levelBefore = logger.getLevel();
    this.kept = kept;
    logger.addHandler(this);
    logger.setUseParentHandlers(false);
    if (level != null) {
      logger.setLevel(level);
    }
  }

  /** The records logged at {@code level}, in order. */
  public List<LogRecord> recordsAt(Level level) {
    return records.stream().filter(record -> record.getLevel() == level)
        .collect(Collectors.toList());
  }

  /** The messages logged at {@code level}, in order. */
  public List<String> at(Level level) {
    return records.stream().filter(record -> record.getLevel() == level)
        .map(LogRecord::getMessage).collect(Collectors.toList());
  }

  /** The exceptions logged at {@code level}, in order (null for a record without one). */
  public List<Throwable> thrownAt(Level level) {
    return records.stream().filter(record -> record.getLevel() == level)
        .map(LogRecord::getThrown).collect(Collectors.toList());
  }

  @Override
  public void publish(LogRecord record) {
    if (kept.test(record)) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(true);
    logger.setLevel(levelBefore);
  }
}
