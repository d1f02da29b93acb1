package dev.spindle.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static Route route(String requestLine) {
    Request request = new Request();
    ByteBuffer in = ByteBuffer.wrap((requestLine + "\r\nHost: h\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    assertTrue(new RequestParser(8192).parse(in, request));
    return Route.of(request);
  }

  @Test
  void rootSaysHelloToGetAndHead() {
    assertEquals(Route.HELLO, route("GET / HTTP/1.1"));
    assertEquals(Route.HELLO, route("HEAD /?q=1 HTTP/1.1"));
  }

  @Test
  void echoTakesPost() {
    assertEquals(Route.ECHO, route("POST /echo HTTP/1.1"));
  }

  @Test
  void knownMethodsOnKnownPathsThatDoNotServeThemAre405() {
    assertEquals(Route.HELLO_METHOD_NOT_ALLOWED, route("DELETE / HTTP/1.1"));
    assertEquals("GET, HEAD", route("POST / HTTP/1.1").allow());
    assertEquals(Route.ECHO_METHOD_NOT_ALLOWED, route("GET /echo HTTP/1.1"));
  }

  @Test
  void otherPathsAre404AndUnknownMethods501() {
    assertEquals(Route.NOT_FOUND, route("GET /missing HTTP/1.1"));
    assertEquals(Route.NOT_FOUND, route("GET /echo/ HTTP/1.1"));
    assertEquals(Route.METHOD_NOT_IMPLEMENTED, route("BREW / HTTP/1.1"));
    assertEquals(Status.NOT_IMPLEMENTED, route("BREW /missing HTTP/1.1").status());
  }
}
