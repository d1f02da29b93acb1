package dev.spindle.examples.http;

/**
 * The head of one request, as {@link RequestParser} found it: what a handler needs to answer, not
 * every header. One instance per connection is reused for every request on it, so the
 * keep-alive path allocates nothing; read it before the next request is parsed.
 */
public final class Request {
  /** {@link #contentLength()} when the request has no Content-Length header. */
  public static final long NO_CONTENT_LENGTH = -1;

  Method method;
  String target;
  int minorVersion;
  long contentLength;
  boolean transferEncoding;
  /** Transfer-Encoding lists chunked (the parser refuses every other coding). */
  boolean chunked;
  boolean connectionClose;
  boolean connectionKeepAlive;
  boolean expectContinue;
  int hostCount;
  int headLength;

  void reset() {
    method = null;
    target = null;
    minorVersion = 1;
    contentLength = NO_CONTENT_LENGTH;
    transferEncoding = false;
    chunked = false;
    connectionClose = false;
    connectionKeepAlive = false;
    expectContinue = false;
    hostCount = 0;
    headLength = 0;
  }

  public Method method() {
    return method;
  }

  /** The request-target as sent, query included (origin-form, or {@code *}). */
  public String target() {
    return target;
  }

  /** The target without its query: {@code /a/b} of {@code /a/b?x=1}. */
  public String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  public int minorVersion() {
    return minorVersion;
  }

  /** The body's length, or {@link #NO_CONTENT_LENGTH}. */
  public long contentLength() {
    return contentLength;
  }

  /** Whether the request has a Transfer-Encoding header. */
  public boolean hasTransferEncoding() {
    return transferEncoding;
  }

  /**
   * Whether the body is chunked ({@code Transfer-Encoding: chunked}), to be read with a
   * {@link ChunkedDecoder}. The parser accepts no other transfer coding.
   */
  public boolean isChunked() {
    return transferEncoding && chunked;
  }

  /** Whether the client sent {@code Expect: 100-continue}. */
  public boolean expectsContinue() {
    return expectContinue;
  }

  /**
   * Whether the client lets the connection stay open after this request: by default in
   * HTTP/1.1 unless it says {@code Connection: close}; in HTTP/1.0 only when it says
   * {@code Connection: keep-alive}.
   */
  public boolean keepAlive() {
    if (connectionClose) {
      return false;
    }
    return minorVersion >= 1 || connectionKeepAlive;
  }

  /** Bytes of the head, from the request line to the empty line that ends it, inclusive. */
  public int headLength() {
    return headLength;
  }

  @Override
  public String toString() {
    return method + " " + target + " HTTP/1." + minorVersion;
  }
}
