package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ChatServer} run as its own JVM with the agent, talked to by real clients on 127.0.0.1.
 * Nothing waits for time to pass: each step waits for a line the server sends or prints.
 */
@Timeout(120)
class ChatServerIT {
  static final Pattern STARTUP_LINE =
      Pattern.compile("ChatServer listening on 127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+)\\)");
  static final int CLIENTS = 100;
  static final int LINES_EACH = 10;

  static ServerProcess chatServer(String... args) throws Exception {
    return ServerProcess.withJavaAgentFlag(ChatServer.class, STARTUP_LINE, args);
  }

  @Test
  void everyClientReceivesEveryOtherClientsLinesOnceAndInEachSendersOrder() throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
    List<ChatClient> clients = new ArrayList<>();
    try (ServerProcess server = chatServer()) {
      for (int i = 0; i < CLIENTS; i++) {
        ChatClient client = new ChatClient(server.port());
        clients.add(client);
        client.welcome(); // sent once the client is in the room: all are, after the loop
      }
      List<Future<Map<String, List<Integer>>>> received = new ArrayList<>();
      for (ChatClient client : clients) {
        received.add(readers.submit(() -> receiveAll(client)));
      }
      for (int line = 0; line < LINES_EACH; line++) {
        for (ChatClient client : clients) {
          client.send("line " + line + " from " + client.name());
        }
      }
      List<Integer> inOrder = new ArrayList<>();
      for (int line = 0; line < LINES_EACH; line++) {
        inOrder.add(line);
      }
      for (int i = 0; i < CLIENTS; i++) {
        Map<String, List<Integer>> bySender = received.get(i).get(60, TimeUnit.SECONDS);
        ChatClient client = clients.get(i);
        assertEquals(CLIENTS - 1, bySender.size(), client.name() + " heard from every other");
        assertFalse(bySender.containsKey(client.name()), "nobody hears their own lines");
        bySender.forEach((sender, lines) -> assertEquals(inOrder, lines,
            client.name() + " received these of " + sender + "'s lines, in this order"));
      }
      for (ChatClient client : clients) {
        client.close();
      }
      assertEquals(0, server.terminate(), server.errors());
      assertNoFailureReported(server);
    } finally {
      readers.shutdownNow();
      for (ChatClient client : clients) {
        client.close();
      }
    }
  }

  /**
   * Reads until every other client's last line has arrived; each sender's line numbers in the
   * order received. A line repeated, lost or out of order shows as a list other than 0..n-1.
   */
  private static Map<String, List<Integer>> receiveAll(ChatClient client) throws Exception {
    Map<String, List<Integer>> bySender = new HashMap<>();
    int finished = 0;
    while (finished < CLIENTS - 1) {
      String line = client.readChatLine();
      if (line == null) {
        throw new AssertionError(client.name() + ": the server closed; received " + bySender);
      }
      // "user7: line 3 from user7"
      String[] words = line.split(" ");
      assertEquals(5, words.length, line);
      String sender = words[0].substring(0, words[0].length() - 1);
      assertEquals(sender, words[4], "the server names the sender: " + line);
      int number = Integer.parseInt(words[2]);
      bySender.computeIfAbsent(sender, s -> new ArrayList<>()).add(number);
      if (number == LINES_EACH - 1) {
        finished++;
      }
    }
    return bySender;
  }

  /**
   * The sender floods: the server holds it back (it stops reading its lines) while a line waits
   * for room in the slow client's queue, for the grace period at most.
   */
  @Test
  void aClientThatStopsReadingIsDisconnectedWhileTheOthersKeepReceiving() throws Exception {
    aClientThatStopsReadingIsDisconnected(false, "its queue of 16 lines stayed full for 300 ms",
        "--queue", "16", "--slow-grace", "300ms");
  }

  /**
   * Without a grace nothing holds a sender back, and any client whose queue fills is cut, so the
   * sender here sends each line only once the healthy client has read the one before: a client
   * that reads what it is sent is never cut, however many lines the slow one misses.
   */
  @Test
  void withNoGraceAFullQueueDisconnectsAtOnce() throws Exception {
    aClientThatStopsReadingIsDisconnected(true, "its queue of 16 lines was full",
        "--queue", "16", "--slow-grace", "0");
  }

  private static void aClientThatStopsReadingIsDisconnected(boolean lockStep, String why,
      String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of(options));
    args.add("--trace");
    try (ServerProcess server = chatServer(args.toArray(new String[0]));
        ChatClient healthy = new ChatClient(server.port());
        ChatClient slow = new ChatClient(server.port(), 4096);
        ChatClient sender = new ChatClient(server.port())) {
      healthy.welcome();
      String slowName = slow.welcome(); // and then it reads nothing until it is disconnected
      String senderName = sender.welcome();
      String padding = "x".repeat(900);
      AtomicBoolean slowGone = new AtomicBoolean();
      Semaphore received = new Semaphore(1); // lock step: one line in flight
      int[] sent = new int[1];
      Thread sending = new Thread(() -> {
        try {
          // Until the server has given up on the slow client: its kernel buffers, then its
          // queue fill, and the server disconnects it (after the grace period, if any).
          while (true) {
            if (lockStep) {
              received.acquire();
            }
            if (slowGone.get()) {
              break;
            }
            sender.send("line " + sent[0]++ + " " + padding);
          }
          sender.send("done");
        } catch (Exception failure) {
          throw new AssertionError(failure);
        }
      }, "chat-sender");
      sending.start();

      String gone = "* " + slowName + " left (too slow)";
      int expected = 0;
      boolean sawGone = false;
      for (String line; !(line = healthy.readLine()).equals(senderName + ": done"); ) {
        if (line.equals(gone)) {
          sawGone = true;
          slowGone.set(true);
          received.release();
        } else if (!ChatClient.isRoomNotice(line)) {
          assertEquals(senderName + ": line " + expected++ + " " + padding, line,
              "the healthy client receives every line, once, in order");
          received.release();
        }
      }
      sending.join(30_000);
      assertTrue(sawGone, "the others are told the slow client left");
      assertEquals(sent[0], expected, "every line sent reached the healthy client");
      server.awaitLine(line -> line.equals("Handling:too slow (" + why + ") conn="
          + connectionNumber(slowName)));
      if (!lockStep) {
        assertTrue(server.linesSeen().stream().anyMatch(line -> line.equals(
            "Handling:queue full (a line waits up to 300 ms for room) conn="
            + connectionNumber(slowName))), "a line waited for room before the disconnect");
      }

      // What the slow client finally reads: a prefix of the lines, in order, then the end.
      List<String> rest = slow.readToEnd();
      int next = 0;
      for (String line : rest) {
        if (line.startsWith("<end: ")) {
          break; // cut off in the middle of a line, or reset: the server closed without waiting
        }
        if (!ChatClient.isRoomNotice(line)) {
          assertEquals(senderName + ": line " + next++ + " " + padding, line);
        }
      }
      assertTrue(next < sent[0], "the slow client missed lines: it was disconnected");
      assertEquals(0, server.terminate(), server.errors());
    }
  }

  /**
   * At SIGTERM a client that reads nothing cannot receive its queue and the farewell: after the
   * shutdown timeout it is disconnected, and the server still exits 0.
   */
  @Test
  void aClientStillReceivingAfterTheShutdownTimeoutIsDisconnected() throws Exception {
    try (ServerProcess server = chatServer("--queue", "16", "--slow-grace", "10m",
        "--shutdown-timeout", "300ms", "--trace");
        ChatClient slow = new ChatClient(server.port(), 4096);
        ChatClient sender = new ChatClient(server.port())) {
      String slowName = slow.welcome();
      sender.welcome();
      String padding = "x".repeat(900);
      Thread sending = new Thread(() -> {
        try {
          for (int line = 0; ; line++) { // until the server closes this client too
            sender.send("line " + line + " " + padding);
          }
        } catch (IOException closedByServer) {
          // expected: the server stopped reading us, then closed
        }
      }, "chat-sender");
      sending.setDaemon(true);
      sending.start();
      // The slow client's kernel buffers and queue are full: a line waits for room (10 min).
      server.awaitLine(line -> line.startsWith("Handling:queue full (a line waits up to 600000"
          + " ms for room) conn=" + connectionNumber(slowName)));

      server.sigterm();
      server.awaitLine(line -> line.equals("Shutdown: stopped accepting; 2 connection(s) open"));
      server.awaitLine(line -> line.equals("Handling:shutdown timeout (PT0.3S) conn="
          + connectionNumber(slowName)));
      server.awaitLine(line -> line.equals("Shutdown: done"));
      assertEquals(0, server.terminate(), server.errors());
      assertTrue(server.errors().contains("ChatServer: 1 client(s) still receiving after 300 ms"
          + " of shutdown; disconnecting them"), server.errors());
      sending.join(20_000);
      assertFalse(sending.isAlive(), "the sender was closed too");
    }
  }

  @Test
  void aSilentClientIsDisconnectedAfterTheIdleTimeout() throws Exception {
    try (ServerProcess server = chatServer("--idle-timeout", "300ms", "--trace")) {
      try (ChatClient silent = new ChatClient(server.port())) {
        silent.welcome();
        silent.assertLastLinesThenClosed("* idle for 300 ms; closing");
      }
      server.awaitLine(line -> line.equals("Handling:idle timeout (PT0.3S) conn=1"));
      try (ChatClient next = new ChatClient(server.port())) {
        next.welcome(); // still serving
        next.assertLastLinesThenClosed("* idle for 300 ms; closing");
      }
      assertEquals(0, server.terminate(), server.errors());
    }
  }

  @Test
  void aLineTooLongOrMalformedGetsAnErrorAndADisconnectAndTheServerGoesOn() throws Exception {
    try (ServerProcess server = chatServer("--max-line", "64", "--trace");
        ChatClient listener = new ChatClient(server.port())) {
      String listenerName = listener.welcome();
      try (ChatClient talker = new ChatClient(server.port())) {
        String talkerName = talker.welcome();
        String longest = "y".repeat(64);
        talker.send(longest);
        assertEquals(talkerName + ": " + longest, listener.readChatLine(), "64 bytes: accepted");
        talker.send("z".repeat(65));
        talker.assertLastLinesThenClosed("* error: lines must be at most 64 bytes (--max-line),"
            + " end of line excluded; this one is longer; closing");
        assertEquals("* " + talkerName + " left (bad line)", listener.readLine());
      }
      try (ChatClient noEnd = new ChatClient(server.port())) {
        noEnd.welcome();
        noEnd.sendBytes("w".repeat(10_000).getBytes(StandardCharsets.US_ASCII)); // no \n at all
        noEnd.assertLastLinesThenClosed("* error: lines must be at most 64 bytes (--max-line),"
            + " end of line excluded; this one is longer; closing");
      }
      try (ChatClient escapes = new ChatClient(server.port())) {
        escapes.welcome();
        escapes.send("\u001b[31mred");
        escapes.assertLastLinesThenClosed("* error: lines must not hold control characters other"
            + " than tab; this one has U+001B at character 1; closing");
      }
      try (ChatClient notUtf8 = new ChatClient(server.port())) {
        notUtf8.welcome();
        notUtf8.sendBytes(new byte[] {'o', 'k', (byte) 0xc3, '(', '\n'});
        notUtf8.assertLastLinesThenClosed("* error: lines must be UTF-8 text; this one is not, at"
            + " byte 3; closing");
      }
      try (ChatClient after = new ChatClient(server.port())) {
        String afterName = after.welcome();
        after.send("still here, caf\u00e9\tand tab");
        assertEquals(afterName + ": still here, caf\u00e9\tand tab", listener.readChatLine(),
            "the server goes on serving; none of the refused lines reached anyone");
        listener.send("hello");
        assertEquals(listenerName + ": hello", after.readChatLine());
        // The refused connections have closed (each closes in the loop's turn that prints this).
        awaitAll(server, "Dropping stream conn=2", "Dropping stream conn=3",
            "Dropping stream conn=4", "Dropping stream conn=5");

        server.sigterm();
        server.awaitLine(line -> line.equals("Shutdown: stopped accepting; 2 connection(s) open"));
        listener.assertLastLinesThenClosed("* the server is stopping; goodbye");
        after.assertLastLinesThenClosed("* the server is stopping; goodbye");
      }
      assertEquals(0, server.terminate(), server.errors());
      server.awaitLine(line -> line.equals("Shutdown: done"));
      assertNoFailureReported(server);
    }
  }

  /** {@code user7}: 7, the number the trace gives its connection. */
  static String connectionNumber(String name) {
    return name.substring("user".length());
  }

  /** Waits for each of {@code lines} to be printed, in any order. */
  static void awaitAll(ServerProcess server, String... lines) throws Exception {
    Set<String> missing = new HashSet<>(List.of(lines));
    while (!missing.isEmpty()) {
      missing.remove(server.awaitLine(missing::contains));
    }
  }

  /**
   * Nothing on standard error says that something failed: no report of the server's own
   * ({@code ChatServer: ...}), none of the runtime's at error level. (A busy machine may make the
   * blocked-loop watchdog warn; that is no failure.)
   */
  static void assertNoFailureReported(ServerProcess server) {
    String errors = server.errors();
    assertFalse(errors.contains("ChatServer: ") || errors.contains("SEVERE"), errors);
  }

  @Test
  void traceShowsTheLifeOfEachConnection() throws Exception {
    try (ServerProcess server = chatServer("--trace")) {
      // Connect only once the accept would block, so that the trace shows the listener wake.
      server.awaitLine(line -> line.startsWith("registered AsyncTcpListener"));
      try (ChatClient client = new ChatClient(server.port())) {
        client.welcome();
        server.awaitLine(line -> line.startsWith("read would block on AsyncTcpStream"));
      }
      server.awaitLine(line -> line.startsWith("deregistered AsyncTcpStream"));
      assertEquals(0, server.terminate(), server.errors());
      server.drainLines();
      TraceAndShutdownIT.assertInOrder(server.linesSeen(), List.of(
          "ChatServer listening on 127.0.0.1:",
          "selector created",
          "registered AsyncTcpListener",
          "woke AsyncTcpListener",
          "Handling:started conn=1 peer=/127.0.0.1:",
          "read would block on AsyncTcpStream",
          "registered AsyncTcpStream",
          "woke AsyncTcpStream",
          "Handling:client closed (end of stream) conn=1",
          "Handling:finished conn=1",
          "Dropping stream conn=1",
          "deregistered AsyncTcpStream",
          "Shutdown: stopped accepting; 0 connection(s) open",
          "Shutdown: done"));
    }
  }
}
