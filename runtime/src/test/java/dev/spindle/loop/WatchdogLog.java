package dev.spindle.loop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The records of {@code System.Logger} {@code dev.spindle.EventLoop} (which the JDK sends to
 * {@code java.util.logging} when no other backend is installed) about one loop, by its name.
 */
final class WatchdogLog extends Handler implements AutoCloseable {
  /** Held here: {@code java.util.logging} keeps loggers only weakly. */
  private final Logger logger = Logger.getLogger(BlockedLoopReport.LOGGER_NAME);
  private final String loopName;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Level levelBefore = logger.getLevel();

  /** Captures what is logged about the loop whose {@code toString()} is {@code loopName}. */
  WatchdogLog(String loopName) {
    this.loopName = loopName;
    logger.addHandler(this);
    logger.setUseParentHandlers(false); // captured, not printed
    logger.setLevel(Level.ALL); // DEBUG (FINE) too
  }

  /** The records about the loop at {@code level}, in order. */
  List<LogRecord> at(Level level) {
    return records.stream().filter(record -> record.getLevel() == level)
        .collect(Collectors.toList());
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getMessage().startsWith(loopName + " ")) {
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
