package dev.spindle.task;

/**
 * A task that can say what it waits for, in words a user recognises ("AsyncTcpStream.read() on
 * AsyncTcpStream[/127.0.0.1:50312 -> /127.0.0.1:7878]"), for {@code EventLoop.dump()}. Tasks
 * without it are shown by {@code toString()}.
 */
public interface WaitDescription {
  /**
   * What this pending task waits for; {@code nowNanos} is the time on its loop's clock, for
   * timers to tell how long is left. Called from any thread: reads only what a racy read cannot
   * break.
   */
  String describeWait(long nowNanos);
}
