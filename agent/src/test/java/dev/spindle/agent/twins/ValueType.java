package dev.spindle.agent.twins;

/** The types generated code declares locals of, and which of them {@link Source} can deliver. */
enum ValueType {
  INT("int", "i"),
  LONG("long", "l"),
  FLOAT("float", "f"),
  DOUBLE("double", "d"),
  BOOLEAN("boolean", "b"),
  CHAR("char", null),
  STRING("String", "s"),
  OBJECT("Object", "o"),
  INT_ARRAY("int[]", null);

  static final ValueType[] ALL = values();

  /** How Java spells the type. */
  final String javaName;
  /** The {@link Source} method that delivers one, or {@code null} if none does. */
  final String sourceMethod;

  ValueType(String javaName, String sourceMethod) {
    this.javaName = javaName;
    this.sourceMethod = sourceMethod;
  }

  boolean awaitable() {
    return sourceMethod != null;
  }
}
