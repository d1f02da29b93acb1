package dev.spindle.io;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  CapturedLog() {
    this("dev.spindle.io");
  }

  /** Captures what {@code System.getLogger(loggerName)} logs until {@link #close()}. */
  public CapturedLog(String loggerName) {
    logger = Logger.getLogger(loggerName);
    logger.addHandler(this);
    logger.setUseParentHandlers(false);
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
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(true);
  }
}
