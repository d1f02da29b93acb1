package dev.spindle.io;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The records the runtime logs through {@link System.Logger} under {@code dev.spindle.io}, which
 * the JDK sends to {@code java.util.logging} when no other backend is installed.
 */
final class CapturedLog extends Handler implements AutoCloseable {
  /** Held here: {@code java.util.logging} keeps loggers only weakly. */
  private final Logger logger = Logger.getLogger("dev.spindle.io");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  CapturedLog() {
    logger.addHandler(this);
    logger.setUseParentHandlers(false); // captured, not printed: the report is tested, not noise
  }

  /** The messages logged at {@code level}, in order. */
  List<String> at(Level level) {
    return records.stream().filter(record -> record.getLevel() == level)
        .map(LogRecord::getMessage).collect(Collectors.toList());
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
