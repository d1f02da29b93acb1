package dev.spindle.agent.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what reaches one {@link System.Logger}, through the {@code java.util.logging} backend
 * the JDK's default logger finder uses, instead of the console. Close it to stop recording.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger; // held: java.util.logging keeps loggers weakly
  private final List<LogRecord> records = new ArrayList<>();
  private final boolean usedParentHandlers;

  private LogCapture(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
    this.usedParentHandlers = logger.getUseParentHandlers();
    setLevel(Level.ALL);
    logger.addHandler(this);
    logger.setUseParentHandlers(false); // expected reports need not clutter the build's output
  }

  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  public synchronized List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** Each record's message, with its level: "SEVERE the message". */
  public synchronized List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (LogRecord record : records) {
      lines.add(record.getLevel() + " " + record.getMessage());
    }
    return lines;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(usedParentHandlers);
  }
}
