package dev.spindle.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The messages of {@link AsyncTlsStream}'s failures: the JDK's own ("PKIX path building failed",
 * "Received fatal alert: protocol_version") with the operation and peer in front and, for the
 * failures people meet first, what to do about them after. The exception keeps the JDK's class,
 * so that a {@code catch (SSLHandshakeException e)} still matches, and the JDK's as its cause.
 */
final class TlsFailures {
  private TlsFailures() {}

  /** {@code failure}, thrown by the engine during {@code operation}, with a message that helps. */
  static SSLException named(String operation, SSLEngine engine, SSLException failure) {
    String message = operation + ": " + failure.getMessage() + hint(engine, failure);
    SSLException named = failure instanceof SSLHandshakeException
        ? new SSLHandshakeException(message) : new SSLException(message);
    named.initCause(failure);
    named.setStackTrace(failure.getStackTrace());
    return named;
  }

  /** What a user can do about {@code failure}, starting with "; ", or nothing. */
  static String hint(SSLEngine engine, SSLException failure) {
    String text = String.valueOf(failure.getMessage());
    if (text.contains("No appropriate protocol") || text.contains("protocol_version")
        || text.contains("no cipher suites in common") || text.contains("handshake_failure")
        || text.contains("Client requested protocol") || text.contains("not supported")
        || text.contains("not accepted")) {
      return "; the two sides share no TLS version or cipher suite: this side enables "
          + Arrays.toString(engine.getEnabledProtocols()) + ", so enable one the peer speaks"
          + " (Spindle speaks TLSv1.3 and TLSv1.2)";
    }
    if (causedByCertificate(failure)) {
      return "; the peer's certificate is not trusted" + (engine.getPeerHost() == null ? ""
          : " for host " + engine.getPeerHost()) + ": give this side's SSLContext a trust store"
          + " holding the peer's certificate or its CA, and give the peer a certificate whose"
          + " subject alternative names include the host name the client connects to";
    }
    if (text.contains("certificate_unknown") || text.contains("bad_certificate")
        || text.contains("unknown_ca") || text.contains("certificate_expired")) {
      return "; the peer refused this side's certificate: give the peer a trust store holding it"
          + " (or its CA), or use a certificate issued for the name the peer connects to";
    }
    if (text.contains("Unsupported or unrecognized SSL message")) {
      return "; the peer does not speak TLS on this connection (a plain-text port?)";
    }
    return "";
  }

  private static boolean causedByCertificate(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException || cause instanceof CertPathBuilderException
          || cause instanceof CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the first bytes from a client look like plain text (an HTTP method) instead of a TLS
   * record, whose first byte is a content type: 20 to 24.
   */
  static boolean plainText(ByteBuffer received) {
    if (!received.hasRemaining()) {
      return false;
    }
    byte first = received.get(received.position());
    return first >= 'A' && first <= 'Z';
  }

  /** The start of {@code received}, printable, for a message: {@code "GET / HTTP/1.1"}. */
  static String firstLine(ByteBuffer received) {
    int length = Math.min(received.remaining(), 40);
    byte[] bytes = new byte[length];
    received.duplicate().get(bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\r');
    return (end >= 0 ? text.substring(0, end) : text).replaceAll("[^\\x20-\\x7e]", "?");
  }
}
