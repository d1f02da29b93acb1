package dev.spindle.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {
  /** 2026-11-26T06:55:39Z, a Thursday. */
  private final long[] clock = {1_795_676_139_000L};
  private final ResponseWriter writer = new ResponseWriter(new HttpDate(() -> clock[0]));
  private final ByteBuffer out = ByteBuffer.allocate(2048);

  private String written() {
    out.flip();
    return StandardCharsets.US_ASCII.decode(out).toString();
  }

  @Test
  void helloIsTheRustExperimentsAnswerWithHttp11Framing() {
    writer.hello(out, false, ConnectionHeader.NONE);
    assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
        + "Date: Thu, 26 Nov 2026 06:55:39 GMT\r\n\r\nHello, world!", written());
  }

  @Test
  void helloToHeadHasTheSameHeadAndNoBody() {
    writer.hello(out, true, ConnectionHeader.CLOSE);
    assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
        + "Date: Thu, 26 Nov 2026 06:55:39 GMT\r\nConnection: close\r\n\r\n", written());
  }

  @Test
  void dateChangesWithTheSecondAndHasTwoDigitDays() {
    clock[0] = 1_796_022_000_000L; // 2026-11-30T07:00:00Z
    writer.hello(out, true, ConnectionHeader.KEEP_ALIVE);
    String first = written();
    assertEquals(true, first.contains("Date: Mon, 30 Nov 2026 07:00:00 GMT\r\n"), first);
    assertEquals(true, first.contains("Connection: keep-alive\r\n"), first);
    out.clear();
    clock[0] = 1_796_108_401_000L; // 2026-12-01T07:00:01Z
    writer.hello(out, true, ConnectionHeader.NONE);
    assertEquals(true, written().contains("Date: Tue, 01 Dec 2026 07:00:01 GMT\r\n"));
  }

  @Test
  void textResponsesCountTheirBodyAndCarryAllow() {
    writer.text(out, Status.METHOD_NOT_ALLOWED, "no", false, ConnectionHeader.NONE, "GET, HEAD");
    assertEquals("HTTP/1.1 405 Method Not Allowed\r\nDate: Thu, 26 Nov 2026 06:55:39 GMT\r\n"
        + "Content-Type: text/plain\r\nContent-Length: 3\r\nAllow: GET, HEAD\r\n\r\nno\n", written());
  }

  @Test
  void streamedHeadAnnouncesTheBodyLength() {
    writer.streamedHead(out, 1234567890123L, ConnectionHeader.CLOSE);
    assertEquals("HTTP/1.1 200 OK\r\nDate: Thu, 26 Nov 2026 06:55:39 GMT\r\n"
        + "Content-Type: application/octet-stream\r\nContent-Length: 1234567890123\r\n"
        + "Connection: close\r\n\r\n", written());
  }

  @Test
  void continueIsAnInterimResponse() {
    writer.continueInterim(out);
    assertEquals("HTTP/1.1 100 Continue\r\n\r\n", written());
  }

  @Test
  void decimalsOfZeroAndPowersOfTen() {
    Ascii.putDecimal(out, 0);
    out.put((byte) ' ');
    Ascii.putDecimal(out, 10);
    out.put((byte) ' ');
    Ascii.putDecimal(out, 1_000_000_000_000_000_000L);
    assertEquals("0 10 1000000000000000000", written());
  }

  @Test
  void chunkedAnswerIsHeadChunksAndTheLastChunk() {
    writer.chunkedHead(out, ConnectionHeader.NONE);
    byte[] data = "0123456789abcdefg".getBytes(StandardCharsets.US_ASCII);
    writer.chunk(out, data, 0, 17);
    writer.chunk(out, data, 3, 1);
    writer.lastChunk(out);
    assertEquals("HTTP/1.1 200 OK\r\nDate: Thu, 26 Nov 2026 06:55:39 GMT\r\n"
        + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "11\r\n0123456789abcdefg\r\n1\r\n3\r\n0\r\n\r\n", written());
  }

  @Test
  void chunkFramingFitsItsBound() {
    byte[] data = new byte[0x7FFF];
    ByteBuffer big = ByteBuffer.allocate(data.length + ResponseWriter.CHUNK_FRAMING);
    writer.chunk(big, data, 0, data.length);
    assertEquals(data.length + "7fff".length() + 4, big.position());
  }

  @Test
  void overCapacityIs503WithConnectionClose() {
    String answer = StandardCharsets.US_ASCII.decode(ResponseWriter.overCapacity()).toString();
    assertEquals("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 111\r\nConnection: close\r\n\r\nService Unavailable: this server is"
        + " serving as many connections as it may (--max-connections); try again later\n", answer);
  }
}
