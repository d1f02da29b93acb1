package dev.spindle.agent.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.internal.frame.AsyncFrame;

/**
 * User code that names {@code AsyncFrame} (as any code may while the type is public): the agent
 * must still rewrite its {@code @Async} method, never take the mention for its own output.
 */
public final class NamesTheFrame {
  public static final Class<?> FRAME_TYPE = AsyncFrame.class;

  private NamesTheFrame() {}

  @Async
  public static Task<Integer> plusOne(Task<Integer> task) {
    return Task.completed(await(task) + 1);
  }
}
