package dev.spindle.examples.http;

/**
 * What the header fields this server acts on mean for a {@link Request}: Host, Content-Length,
 * Transfer-Encoding, Connection and Expect. Other fields are checked for syntax by the parser
 * and otherwise ignored, without being copied.
 */
final class FieldSemantics {
  private FieldSemantics() {}

  static void apply(byte[] array, int name, int nameLength, int value, int valueEnd,
      Request request) {
    if (Ascii.equalsIgnoreCase(array, name, nameLength, "host")) {
      request.hostCount++;
    } else if (Ascii.equalsIgnoreCase(array, name, nameLength, "content-length")) {
      contentLength(array, value, valueEnd, request);
    } else if (Ascii.equalsIgnoreCase(array, name, nameLength, "transfer-encoding")) {
      transferEncoding(array, value, valueEnd, request);
    } else if (Ascii.equalsIgnoreCase(array, name, nameLength, "connection")) {
      connection(array, value, valueEnd, request);
    } else if (Ascii.equalsIgnoreCase(array, name, nameLength, "expect")) {
      if (!Ascii.equalsIgnoreCase(array, value, valueEnd - value, "100-continue")) {
        throw new HttpException(Status.EXPECTATION_FAILED, "the only expectation this server"
            + " meets is Expect: 100-continue, not " + Ascii.snippet(array, value, valueEnd - value));
      }
      request.expectContinue = true;
    }
  }

  private static void contentLength(byte[] array, int value, int valueEnd, Request request) {
    int digits = valueEnd - value;
    long length = 0;
    boolean valid = digits > 0 && digits <= 18;
    for (int i = value; valid && i < valueEnd; i++) {
      valid = array[i] >= '0' && array[i] <= '9';
      length = length * 10 + (array[i] - '0');
    }
    if (!valid) {
      throw new HttpException(Status.BAD_REQUEST, "Content-Length must be a decimal number of at"
          + " most 18 digits: " + Ascii.snippet(array, value, digits));
    }
    if (request.contentLength != Request.NO_CONTENT_LENGTH && request.contentLength != length) {
      throw new HttpException(Status.BAD_REQUEST, "a request must not have two different"
          + " Content-Length values: " + request.contentLength + " and " + length);
    }
    request.contentLength = length;
  }

  /**
   * Transfer-Encoding is a comma-separated list of codings, possibly over several fields, the
   * last applied last. We decode chunked only, applied once (RFC 9112 section 7); whether it
   * comes last is checked once the head has ended.
   */
  private static void transferEncoding(byte[] array, int value, int valueEnd, Request request) {
    request.transferEncoding = true;
    for (int element = value; element < valueEnd; ) {
      int comma = element;
      while (comma < valueEnd && array[comma] != ',') {
        comma++;
      }
      int start = trimStart(array, element, comma);
      int end = trimEnd(array, start, comma);
      if (end > start) {
        if (!Ascii.equalsIgnoreCase(array, start, end - start, "chunked")) {
          throw new HttpException(Status.NOT_IMPLEMENTED, "the only transfer coding this server"
              + " decodes is chunked, not " + Ascii.snippet(array, start, end - start)
              + ": send the body chunked or with Content-Length");
        }
        if (request.chunked) {
          throw new HttpException(Status.BAD_REQUEST, "chunked must be applied once (RFC 9112"
              + " section 6.1): Transfer-Encoding lists it twice");
        }
        request.chunked = true;
      }
      element = comma + 1;
    }
  }

  private static int trimStart(byte[] array, int start, int end) {
    while (start < end && (array[start] == ' ' || array[start] == '\t')) {
      start++;
    }
    return start;
  }

  private static int trimEnd(byte[] array, int start, int end) {
    while (end > start && (array[end - 1] == ' ' || array[end - 1] == '\t')) {
      end--;
    }
    return end;
  }

  /** Connection is a comma-separated list of options; we act on close and keep-alive. */
  private static void connection(byte[] array, int value, int valueEnd, Request request) {
    int option = value;
    while (option < valueEnd) {
      int comma = option;
      while (comma < valueEnd && array[comma] != ',') {
        comma++;
      }
      int start = trimStart(array, option, comma);
      int end = trimEnd(array, start, comma);
      if (Ascii.equalsIgnoreCase(array, start, end - start, "close")) {
        request.connectionClose = true;
      } else if (Ascii.equalsIgnoreCase(array, start, end - start, "keep-alive")) {
        request.connectionKeepAlive = true;
      }
      option = comma + 1;
    }
  }
}
