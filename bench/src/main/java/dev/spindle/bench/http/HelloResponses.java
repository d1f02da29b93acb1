package dev.spindle.bench.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The exact bytes every hello server in this module answers with, so that the load test compares
 * servers, not responses: {@code 200}, {@code Content-Type: text/plain}, {@code Content-Length: 13},
 * a {@code Date} (HTTP requires it of a server with a clock, and Spindle's HelloServer sends it),
 * {@code Hello, world!}.
 *
 * <p>Responses are precomputed once a second, when the date changes: a server asks for
 * {@link #now()} once per batch of requests and copies bytes. Thread-safe (an immutable snapshot
 * behind a volatile field; two threads may both rebuild at a second's turn, harmlessly).
 */
public final class HelloResponses {
  private HelloResponses() {}

  public static final String BODY = "Hello, world!";

  /** A request that is not HTTP/1.x, or whose head exceeds {@link HttpRequestScanner#MAX_HEAD}. */
  public static final byte[] BAD_REQUEST = ascii("HTTP/1.1 400 Bad Request\r\n"
      + "Content-Length: 0\r\n"
      + "Connection: close\r\n"
      + "\r\n");

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private static volatile Snapshot current = build(System.currentTimeMillis() / 1000);

  /**
   * The responses of one second.
   *
   * @param ok {@code GET /} on a connection that stays open
   * @param okClose {@code GET /} when the client asked for {@code Connection: close} (or spoke
   *     HTTP/1.0)
   * @param notFound any other path
   */
  public record Snapshot(long epochSecond, String date, byte[] ok, byte[] okClose,
      byte[] notFound) {
    /** The response for a request the scanner has just accepted. */
    public byte[] responseFor(HttpRequestScanner scanner) {
      if (!scanner.rootPath()) {
        return notFound;
      }
      return scanner.closeRequested() ? okClose : ok;
    }
  }

  /** This second's responses. */
  public static Snapshot now() {
    long second = System.currentTimeMillis() / 1000;
    Snapshot snapshot = current;
    if (snapshot.epochSecond != second) {
      snapshot = build(second);
      current = snapshot;
    }
    return snapshot;
  }

  /** The value of the {@code Date} header for {@code epochSecond}. */
  public static String httpDate(long epochSecond) {
    return HTTP_DATE.format(Instant.ofEpochSecond(epochSecond));
  }

  private static Snapshot build(long second) {
    String date = httpDate(second);
    String ok = "HTTP/1.1 200 OK\r\n"
        + "Content-Type: text/plain\r\n"
        + "Content-Length: 13\r\n"
        + "Date: " + date + "\r\n";
    return new Snapshot(second, date,
        ascii(ok + "\r\n" + BODY),
        ascii(ok + "Connection: close\r\n\r\n" + BODY),
        ascii("HTTP/1.1 404 Not Found\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 10\r\n"
            + "Date: " + date + "\r\n"
            + "\r\n"
            + "Not Found\n"));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
