package dev.spindle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body may {@link Await#await(Task) await} unfinished tasks.
 *
 * <p>The method must declare {@link Task} as its return type. The Spindle agent rewrites it,
 * when its class loads, into a state machine: each {@code await} of an unfinished task saves the
 * live locals and operand stack, returns the method's own task, and later resumes at the same
 * instruction on the same event-loop thread. This is what {@code async fn} is to Rust and
 * {@code suspend fun} is to Kotlin; unlike a virtual thread, a suspended call holds no stack.
 *
 * <p>Static and instance methods of any visibility, generic and varargs methods, interface
 * default and static methods are all accepted. Constructors, abstract and native methods are not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {}
