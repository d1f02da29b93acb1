package dev.spindle.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code dev.spindle.UnobservedFailure}: a task failed and was garbage-collected before
 * anyone observed its failure; committed when the failure is reported. No stack trace of its own
 * (it is recorded on the cleaner's thread, whose stack says nothing): the failure's is in
 * {@link #stackTrace}.
 */
@Name("dev.spindle.UnobservedFailure")
@Label("Unobserved Task Failure")
@Category("Spindle")
@Description("A task failed, and was garbage-collected before anyone awaited, joined or spawned"
    + " it; the failure also went to the uncaught-failure handler")
@StackTrace(false)
public final class UnobservedFailureEvent extends Event {
  @Label("Exception Class")
  public Class<?> exceptionClass;

  @Label("Message")
  public String message;

  @Label("Task")
  @Description("The dropped task, as its toString() began: type and identity hash")
  public String task;

  @Label("Failure Stack Trace")
  @Description("The failure's printed stack trace, at most 8192 characters")
  public String failureTrace;
}
