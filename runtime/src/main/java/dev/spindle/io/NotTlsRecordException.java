package dev.spindle.io;

import javax.net.ssl.SSLHandshakeException;

/**
 * The peer of an {@link AsyncTlsStream#server TLS server} sent plain text (an HTTP request, say)
 * where the first TLS record was expected: what Netty's {@code NotSslRecordException} reports,
 * and what makes nginx answer "400 The plain HTTP request was sent to HTTPS port". Unlike every
 * other handshake failure, it leaves the TCP connection open, so that the server can answer in
 * plain text what the client must do; the server must then close it.
 */
public final class NotTlsRecordException extends SSLHandshakeException {
  private static final long serialVersionUID = 1L;

  /** A failure whose message names the peer, what it sent and what it must do instead. */
  public NotTlsRecordException(String message) {
    super(message);
  }
}
