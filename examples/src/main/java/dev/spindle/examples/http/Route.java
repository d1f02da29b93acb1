package dev.spindle.examples.http;

/**
 * What the example server does with a request, decided from its method and path alone:
 * {@code GET /} and {@code HEAD /} say hello, {@code POST /echo} echoes the body, any other
 * path is 404, a known method on a known path that does not serve it is 405, a method this
 * server does not know is 501.
 */
public enum Route {
  HELLO(Status.OK, null),
  ECHO(Status.OK, null),
  NOT_FOUND(Status.NOT_FOUND, null),
  HELLO_METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED, "GET, HEAD"),
  ECHO_METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED, "POST"),
  METHOD_NOT_IMPLEMENTED(Status.NOT_IMPLEMENTED, null);

  public static final String ROOT = "/";
  public static final String ECHO_PATH = "/echo";

  private final Status status;
  private final String allow;

  Route(Status status, String allow) {
    this.status = status;
    this.allow = allow;
  }

  public static Route of(Request request) {
    Method method = request.method();
    if (method == Method.OTHER) {
      return METHOD_NOT_IMPLEMENTED;
    }
    String path = request.path();
    if (path.equals(ROOT)) {
      return method == Method.GET || method == Method.HEAD ? HELLO : HELLO_METHOD_NOT_ALLOWED;
    }
    if (path.equals(ECHO_PATH)) {
      return method == Method.POST ? ECHO : ECHO_METHOD_NOT_ALLOWED;
    }
    return NOT_FOUND;
  }

  public Status status() {
    return status;
  }

  /** The Allow header's value for a 405, else null. */
  public String allow() {
    return allow;
  }

  /** The text body of a response that is not hello or echo. */
  public String text(Request request) {
    switch (this) {
      case NOT_FOUND:
        return "Not Found: this server has only / and /echo";
      case HELLO_METHOD_NOT_ALLOWED:
      case ECHO_METHOD_NOT_ALLOWED:
        return "Method Not Allowed: " + request.path() + " accepts " + allow;
      case METHOD_NOT_IMPLEMENTED:
        return "Not Implemented: this server knows the methods of RFC 9110 only";
      default:
        throw new IllegalStateException("route " + this + " has its own body, not a text");
    }
  }
}
