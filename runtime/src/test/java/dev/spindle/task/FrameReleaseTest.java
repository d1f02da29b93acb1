package dev.spindle.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Promise;
import dev.spindle.Task;
import org.junit.jupiter.api.Test;

/** A finished call's frame keeps none of the references it saved while suspended. */
class FrameReleaseTest {
  private static final Resumer NEVER = frame -> {
    throw new AssertionError("a finished frame must not be resumed");
  };

  @Test
  void returningAValueReleasesTheSavedReferences() {
    AsyncFrame<Integer> frame = AsyncFrame.create(NEVER, 2, 1);
    frame.refs[0] = new byte[1024];
    frame.refs[1] = "saved";
    assertSame(frame, frame.complete(Task.completed(7)));
    assertTrue(frame.isDone());
    assertArrayEquals(new Object[2], frame.refs);
  }

  @Test
  void returningAnUnfinishedTaskReleasesThemAtOnce() {
    AsyncFrame<Integer> frame = AsyncFrame.create(NEVER, 1, 0);
    frame.refs[0] = new Object();
    frame.complete(new Promise<Integer>().task());
    assertArrayEquals(new Object[1], frame.refs);
  }

  @Test
  void throwingReleasesThem() {
    AsyncFrame<Integer> frame = AsyncFrame.create(NEVER, 1, 0);
    frame.refs[0] = new Object();
    IllegalStateException error = new IllegalStateException("boom");
    frame.fail(error);
    assertSame(error, frame.failureNow());
    assertArrayEquals(new Object[1], frame.refs);
  }
}
