package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * TaskScope's contract, with plain tasks standing in for {@code @Async} calls ({@link FakeCall}):
 * the scope ends after its children, the first failure wins, cancellation reaches grandchildren.
 */
class TaskScopeTest {
  private final List<String> events = new ArrayList<>();

  @Test
  void theScopeEndsOnlyAfterEveryChildHasEnded() {
    Promise<String> child = new Promise<>();
    String value = EventLoop.run(() -> {
      Task<String> scope = TaskScope.run(s -> {
        s.spawn(child::task);
        return Task.completed("body's value");
      });
      EventLoop.current().execute(() -> {
        events.add("scope done before the child: " + scope.isDone());
        child.complete("child's value");
        events.add("scope done after the child: " + scope.isDone());
      });
      return scope;
    });
    assertEquals("body's value", value);
    assertEquals(List.of("scope done before the child: false",
        "scope done after the child: true"), events);
  }

  @Test
  void theFirstFailureCancelsTheBodyAndTheOtherChildrenAndFailsTheScopeWithThatException() {
    IllegalStateException first = new IllegalStateException("first");
    IllegalArgumentException later = new IllegalArgumentException("in a finally block");
    Promise<String> failing = new Promise<>();
    Throwable thrown = assertThrows(IllegalStateException.class, () -> EventLoop.run(() -> {
      Task<String> scope = TaskScope.run(s -> {
        s.spawn(() -> FakeCall.awaiting(new Promise<String>().task(),
            () -> events.add("quiet child's finally")));
        s.spawn(() -> FakeCall.awaiting(new Promise<String>().task(), () -> {
          events.add("noisy child's finally");
          throw later;
        }));
        s.spawn(failing::task);
        return FakeCall.awaiting(new Promise<String>().task(), () -> events.add("body's finally"));
      });
      EventLoop.current().execute(() -> failing.fail(first));
      return scope;
    }));
    assertSame(first, thrown, "the very exception of the first failure");
    assertArrayEquals(new Throwable[] {later}, thrown.getSuppressed());
    assertEquals(List.of("body's finally", "noisy child's finally", "quiet child's finally"),
        events.stream().sorted().toList());
  }

  @Test
  void cancellingTheScopeReachesEveryChildAndGrandchild() {
    @SuppressWarnings("unchecked")
    Task<Void>[] scope = new Task[1];
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      scope[0] = TaskScope.run(outer -> {
        outer.spawn(() -> TaskScope.<Void>run(inner -> {
          inner.spawn(() -> FakeCall.awaiting(new Promise<Void>().task(),
              () -> events.add("grandchild's finally")));
          return FakeCall.awaiting(new Promise<Void>().task(),
              () -> events.add("child scope body's finally"));
        }));
        outer.spawn(() -> FakeCall.awaiting(new Promise<Void>().task(),
            () -> events.add("child's finally")));
        return FakeCall.awaiting(new Promise<Void>().task(), () -> events.add("body's finally"));
      });
      EventLoop.current().execute(() -> assertTrue(scope[0].cancel()));
      return scope[0];
    }));
    assertTrue(scope[0].isCancelled());
    assertEquals(List.of("body's finally", "child scope body's finally", "child's finally",
        "grandchild's finally"), events.stream().sorted().toList());
  }

  @Test
  void aChildThatIgnoresItsCancellationDelaysTheScopesEnd() {
    Promise<String> stubbornWaitsFor = new Promise<>();
    Promise<String> failing = new Promise<>();
    IllegalStateException failure = new IllegalStateException("boom");
    FakeCall<?>[] stubborn = new FakeCall<?>[1];
    Throwable thrown = assertThrows(IllegalStateException.class, () -> EventLoop.run(() -> {
      Task<Void> scope = TaskScope.run(s -> {
        s.spawn(() -> stubborn[0] = FakeCall.ignoringCancel(stubbornWaitsFor.task(),
            () -> events.add("stubborn child ended")));
        s.spawn(failing::task);
        return Task.completed();
      });
      EventLoop loop = EventLoop.current();
      loop.execute(() -> {
        failing.fail(failure);
        events.add("cancel reached the stubborn child: " + stubborn[0].cancelSeen);
        loop.execute(() -> {
          events.add("scope done while the child runs: " + scope.isDone());
          stubbornWaitsFor.complete("finally done");
        });
      });
      return scope;
    }));
    assertSame(failure, thrown);
    assertEquals(List.of("cancel reached the stubborn child: true",
        "scope done while the child runs: false", "stubborn child ended"), events);
  }

  @Test
  void aChildThatFailsTheScopeWhileASiblingIsStartingGetsThatSiblingCancelled() {
    IllegalStateException failure = new IllegalStateException("failed at once");
    Throwable thrown = assertThrows(IllegalStateException.class, () -> EventLoop.run(() ->
        TaskScope.run(s -> {
          s.spawn(() -> {
            s.spawn(() -> Task.failed(failure)); // fails the scope while this one starts
            return FakeCall.awaiting(new Promise<String>().task(),
                () -> events.add("starting sibling's finally"));
          });
          return Task.completed();
        })));
    assertSame(failure, thrown);
    assertEquals(List.of("starting sibling's finally"), events);
  }

  @Test
  void spawningIntoAnEndedScopeIsRefused() {
    TaskScope[] kept = new TaskScope[1];
    IllegalStateException refused = EventLoop.run(() -> {
      Task<String> scope = TaskScope.run(s -> {
        kept[0] = s;
        return Task.completed("done");
      });
      assertTrue(scope.isDone());
      return Task.completed(assertThrows(IllegalStateException.class,
          () -> kept[0].spawn(Task::completed)));
    });
    assertTrue(refused.getMessage().startsWith("TaskScope.spawn(child) must be called before the"
        + " scope ends: TaskScope.run on EventLoop["), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("has ended (its body and children are done); spawn"
        + " children from the body or from a child that is still running"), refused.getMessage());
  }

  @Test
  void spawningFromAnotherThreadIsRefused() {
    Promise<Void> release = new Promise<>();
    AtomicReference<Throwable> refused = new AtomicReference<>();
    EventLoop.run(() -> TaskScope.run(s -> {
      CompletableFuture.runAsync(() -> {
        try {
          s.spawn(Task::completed);
        } catch (Throwable error) {
          refused.set(error);
        }
        release.complete(null);
      });
      return release.task();
    }));
    assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));
    assertTrue(refused.get().getMessage().startsWith("TaskScope.spawn(child) must be called on"
        + " the scope's loop thread (EventLoop["), refused.get().getMessage());
    assertTrue(refused.get().getMessage().contains("hand the work to that loop (EventLoop.execute,"
        + " or a Channel it reads) and spawn it there"), refused.get().getMessage());
  }

  @Test
  void aChildCompletedOnAnotherThreadIsCountedOnTheScopesLoop() {
    Promise<String> child = new Promise<>();
    String value = EventLoop.run(() -> TaskScope.run(s -> {
      Task<String> spawned = s.spawn(child::task);
      CompletableFuture.runAsync(() -> child.complete("from another thread"));
      return Steps.then(spawned, v -> Task.completed(v + ", awaited"));
    }));
    assertEquals("from another thread, awaited", value);
  }

  @Test
  void runOffAnyLoopIsRefused() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> TaskScope.run(s -> Task.completed()));
    assertTrue(refused.getMessage().startsWith("TaskScope.run(body) must be called on an"
        + " event-loop thread; this is "), refused.getMessage());
  }

  @Test
  void aSupervisedChildsFailureCancelsNothingAndIsReportedUnlessAwaited() {
    List<Throwable> reported = new ArrayList<>();
    IllegalStateException unawaited = new IllegalStateException("nobody awaits me");
    IllegalStateException awaited = new IllegalStateException("the body awaits me");
    Promise<String> sibling = new Promise<>();
    Promise<String> failsLater = new Promise<>();
    String value = EventLoop.builder()
        .uncaughtFailureHandler((task, failure) -> reported.add(failure))
        .run(() -> TaskScope.supervise(s -> {
          s.spawn(() -> Task.failed(unawaited));
          Task<String> watched = s.spawn(() -> FakeCall.awaiting(new Promise<String>().task(),
              () -> { }));
          Task<String> failing = s.spawn(failsLater::task);
          failing.whenDone(done -> events.add("awaiter saw: " + done.failureNow().getMessage()));
          Task<String> result = Steps.then(sibling.task(), v -> {
            events.add("sibling still running: " + !watched.isDone());
            watched.cancel();
            return Task.completed(v + ", " + failing.failureNow().getMessage());
          });
          EventLoop.current().execute(() -> {
            failsLater.fail(awaited);
            sibling.complete("sibling");
          });
          return result;
        }));
    assertEquals("sibling, the body awaits me", value);
    assertEquals(List.of(unawaited), reported);
    assertEquals(List.of("awaiter saw: the body awaits me", "sibling still running: true"),
        events);
  }

}
