package dev.spindle.bench.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Heap in use after a full collection (from {@link MemoryMXBean}) and the process's resident set
 * size ({@code VmRSS} of {@code /proc/self/status}), read together.
 */
record MemoryReading(long heapUsedBytes, long residentBytes) {
  private static final int SETTLE_COLLECTIONS = 5;

  /** Collects until the heap stops shrinking (at most a few times), then reads both numbers. */
  static MemoryReading afterFullGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < SETTLE_COLLECTIONS; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= previous) {
        break;
      }
      previous = used;
    }
    return new MemoryReading(memory.getHeapMemoryUsage().getUsed(), residentSetSize());
  }

  private static long residentSetSize() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").trim();
          return Long.parseLong(kilobytes) * 1024;
        }
      }
      return -1;
    } catch (IOException e) {
      return -1; // not Linux: RSS is reported as unknown
    }
  }
}
