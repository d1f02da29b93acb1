package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JFR event of an unobserved failure, read back from a real recording. */
@Timeout(60)
class UnobservedFailureEventTest {
  @RegisterExtension
  final Reports reports = new Reports();

  @Test
  void aReportedFailureIsRecordedWithItsClassMessageTaskAndTrace(@TempDir Path directory)
      throws Exception {
    java.io.UncheckedIOException failure = new java.io.UncheckedIOException("lost write",
        new java.io.IOException("Broken pipe"));
    IllegalStateException observed = new IllegalStateException("read, so not recorded");
    Path file = directory.resolve("unobserved.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("dev.spindle.UnobservedFailure");
      recording.start();
      WeakReference<Task<?>> read = new WeakReference<>(Task.failed(observed));
      read.get().failureNow();
      WeakReference<Task<?>> probe = new WeakReference<>(Task.failed(failure));
      String task = "Done@" + Integer.toHexString(probe.get().hashCode());
      Reports.collect(probe);
      Reports.collect(read);
      reports.next(failure); // committed before the handler is told
      reports.sentinel();
      recording.stop();
      recording.dump(file);

      List<RecordedEvent> all = RecordingFile.readAllEvents(file).stream()
          .filter(event -> event.getEventType().getName().equals("dev.spindle.UnobservedFailure"))
          .collect(Collectors.toList()); // also failures other tests dropped, collected now
      List<RecordedEvent> events = all.stream()
          .filter(event -> "lost write".equals(event.getString("message")))
          .collect(Collectors.toList());
      assertEquals(1, events.size(), all.toString());
      assertEquals(0, all.stream()
          .filter(event -> observed.getMessage().equals(event.getString("message"))).count());
      RecordedEvent event = events.get(0);
      assertEquals("Unobserved Task Failure", event.getEventType().getLabel());
      assertEquals(List.of("Spindle"), event.getEventType().getCategoryNames());
      assertEquals("java.io.UncheckedIOException", event.getClass("exceptionClass").getName());
      assertEquals("lost write", event.getString("message"));
      assertEquals(task, event.getString("task"));
      String trace = event.getString("failureTrace");
      assertTrue(trace.startsWith("java.io.UncheckedIOException: lost write"), trace);
      assertTrue(trace.contains("at dev.spindle.UnobservedFailureEventTest"
          + ".aReportedFailureIsRecordedWithItsClassMessageTaskAndTrace("), trace);
      assertTrue(trace.contains("Caused by: java.io.IOException: Broken pipe"), trace);
    }
  }
}
