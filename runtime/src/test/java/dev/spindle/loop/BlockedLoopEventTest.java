package dev.spindle.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BlockedLoopEventTest {
  @Test
  void a_blocked_loop_is_recorded_as_a_jfr_event(@TempDir Path directory) throws Exception {
    String name = "blocked-jfr";
    Path file = directory.resolve("blocked.jfr");
    try (Recording recording = new Recording();
        WatchdogLog log = new WatchdogLog("EventLoop[" + name + "]")) {
      recording.enable("dev.spindle.BlockedLoop");
      recording.start();
      BlockedLoopWatchdogTest.runLoop(name, () -> BlockedLoopWatchdogTest.blockTheLoop(log, 1));
      recording.stop();
      recording.dump(file);
    }

    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(event -> event.getEventType().getName().equals("dev.spindle.BlockedLoop"))
        .filter(event -> event.getString("loop").equals("EventLoop[" + name + "]"))
        .collect(Collectors.toList());
    assertEquals(1, events.size(), events.toString());
    RecordedEvent event = events.get(0);
    assertEquals(name, event.<RecordedThread>getValue("loopThread").getJavaName());
    assertTrue(event.getDuration("blockedFor").compareTo(Duration.ofMillis(100)) >= 0,
        event.toString());
    assertEquals(Duration.ofMillis(100), event.getDuration("threshold"));
    assertTrue(event.getString("topFrame").contains("sleep"), event.getString("topFrame"));
    assertTrue(event.getString("stack").contains(
        BlockedLoopWatchdogTest.class.getName() + ".blockTheLoop("),
        event.getString("stack"));
    assertEquals("Blocked Event Loop", event.getEventType().getLabel());
    assertEquals(List.of("Spindle"), event.getEventType().getCategoryNames());
  }
}
