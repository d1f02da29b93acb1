package dev.spindle.examples.http;

/** Request methods of RFC 9110 by name; {@link #OTHER} for any other valid token. */
public enum Method {
  GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH, OTHER;

  private static final Method[] NAMED = {GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH};

  /** The method spelled by {@code length} bytes at {@code array[offset]} (case-sensitive). */
  static Method of(byte[] array, int offset, int length) {
    for (Method method : NAMED) {
      if (Ascii.equals(array, offset, length, method.name())) {
        return method;
      }
    }
    return OTHER;
  }
}
