package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A handler that throws, whatever it throws ({@code StackOverflowError}, {@code OutOfMemoryError}
 * from one oversized allocation, an exception from a {@code finally}), harms only its own
 * connection: that one gets {@code 500} and is closed, the failure is reported, and another
 * connection, left in the middle of a request, is then served by the same loop. The server runs
 * in this JVM under the agent, the handlers are real {@code @Async} methods
 * ({@link FailingHandlers}) installed through {@link ServerHooks}, the clients real sockets.
 */
@Timeout(60)
class FailingHandlerTest {
  private static final BlockingQueue<HandlerFailure> reports = new LinkedBlockingQueue<>();
  private static InProcessServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = InProcessServer.start(new ServerHooks(FailingHandlers.byPath(), reports::add));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void nothingElseWasReportedAndTheServerStillAnswers() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      assertEquals("Hello, world!", client.send(get("/")).readFullResponse().body());
      assertEquals("fine\n", client.send(get("/fine")).readFullResponse().body());
    }
    assertNull(reports.poll(), "only the failing connection is reported");
    assertTrue(server.loopThread().isAlive(), "the server's loop thread still runs");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "/stack-overflow, java.lang.StackOverflowError",
      "/stack-overflow-after-await, java.lang.StackOverflowError",
      "/async-recursion, java.lang.StackOverflowError",
      "/array-over-vm-limit, java.lang.OutOfMemoryError",
      "/array-over-heap, java.lang.OutOfMemoryError",
      "/throw-in-finally, java.lang.IllegalStateException",
      "/error-at-once, java.lang.AssertionError"})
  void aFailingHandlerClosesOnlyItsOwnConnection(String path, String thrown) throws Exception {
    try (RawClient bystander = new RawClient(server.port());
        RawClient failing = new RawClient(server.port())) {
      assertEquals("Hello, world!", bystander.send(get("/")).readFullResponse().body());
      bystander.send("GET / HTTP/1.1\r\nHo"); // suspended mid-request while the handler fails

      RawClient.Response response = failing.send(get(path)).readFullResponse();
      assertEquals(500, response.status(), response.toString());
      assertEquals("close", response.header("Connection"));
      assertEquals("Internal Server Error: this request could not be answered; the server has"
          + " reported why\n", response.body(), "no detail of the failure leaks to the client");
      failing.assertClosedByServer();

      HandlerFailure report = reports.poll(10, TimeUnit.SECONDS);
      assertNotNull(report, "the failure of " + path + " was not reported");
      assertEquals(thrown, report.failure().getClass().getName(), report.toString());
      assertEquals("GET " + path + " HTTP/1.1", report.request());
      assertTrue(report.toString().endsWith("; it was closed, the server goes on"),
          report.toString());

      bystander.send("st: h\r\n\r\n");
      assertEquals("Hello, world!", bystander.readFullResponse().body());
    }
  }

  @Test
  void answersPipelinedBeforeTheFailingRequestStillLeave() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      client.send(get("/") + get("/fine") + get("/throw-in-finally") + get("/"));
      assertEquals("Hello, world!", client.readFullResponse().body());
      assertEquals("fine\n", client.readFullResponse().body());
      assertEquals(500, client.readFullResponse().status());
      client.assertClosedByServer(); // the request after the failing one is not answered
    }
    assertEquals(IllegalStateException.class, reports.poll(10, TimeUnit.SECONDS).failure()
        .getClass());
  }

  @Test
  void repeatedFailuresLeaveTheServerServing() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (RawClient client = new RawClient(server.port())) {
        assertEquals(500, client.send(get("/stack-overflow-after-await")).readFullResponse()
            .status());
      }
      assertEquals(StackOverflowError.class, reports.poll(10, TimeUnit.SECONDS).failure()
          .getClass());
    }
  }
}
