package dev.spindle.kotlin;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.util.HashSet;
import java.util.Set;

/**
 * The Java half of a rally with a Kotlin coroutine on one loop: Kotlin serves a ball into
 * {@link #toJava}, the Java player returns it (plus one) into {@link #toKotlin}, and each side
 * suspends while the other plays. All fields belong to the loop thread.
 */
final class PingPong {
  Promise<Integer> toJava = new Promise<>();
  Promise<Integer> toKotlin = new Promise<>();
  final Set<Thread> javaThreads = new HashSet<>();

  /** Returns every ball until a negative one arrives; the task's value is the number returned. */
  @Async
  Task<Integer> javaPlayer() {
    int returned = 0;
    while (true) {
      int ball = await(toJava.task());
      if (ball < 0) {
        return Task.completed(returned);
      }
      javaThreads.add(Thread.currentThread());
      Promise<Integer> reply = toKotlin;
      toJava = new Promise<>();
      toKotlin = new Promise<>();
      returned++;
      reply.complete(ball + 1);
    }
  }
}
