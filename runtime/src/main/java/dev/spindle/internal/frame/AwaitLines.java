package dev.spindle.internal.frame;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put by the agent on every state machine that has an await: the source line of each await,
 * {@code value()[k - 1]} for suspension point {@code k} (the frame's {@code state}), 0 where the
 * class has no line numbers. Read only by {@code EventLoop.dump()}, which finds the line of a
 * suspended call from it (a suspended call has no stack to read a line from), as Kotlin's
 * {@code @DebugMetadata} does for coroutines. It costs the class file a few bytes and the
 * running code nothing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AwaitLines {
  /** The line of each await, in suspension-point order. */
  int[] value();
}
