package dev.spindle.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs {@code @Async} code: its tests fail up front, with the fix, when
 * the Spindle agent is not active for it (see {@link SpindleExtension}). Run a task from a test
 * with {@link AsyncTests#run}:
 *
 * <pre>{@code
 * @SpindleTest
 * class EchoTest {
 *   @Test
 *   void echoes() {
 *     assertEquals("hi", AsyncTests.run(() -> roundTrip("hi")));
 *   }
 *
 *   @Async
 *   Task<String> roundTrip(String text) { ... await(...) ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SpindleExtension.class)
public @interface SpindleTest {}
