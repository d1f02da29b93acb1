package dev.spindle.agent.transform.scan;

import dev.spindle.agent.transform.Refusal;
import org.objectweb.asm.Type;

/**
 * The text of every refusal: the broken rule, the place (method and source line) and the fix,
 * as a user sees it when the class loads and, for a refused {@code @Async} method, when it is
 * called.
 */
public final class RefusalMessages {
  private static final String ASYNC_METHOD = "@Async method ";
  private static final String ASYNC_LAMBDA = "async lambda ";

  private RefusalMessages() {}

  public static Refusal notAsync(SourcePlace place) {
    return refusal(place, "await() called in " + place.methodDisplay() + " "
        + place.sourceDisplay() + ", which is not @Async: annotate it or call join()");
  }

  public static Refusal notAsyncInDeclaredClass(SourcePlace place, SourcePlace declaredIn) {
    return refusal(place, "await() called in " + place.methodDisplay() + " "
        + place.sourceDisplay() + ", which is not @Async (its class is declared in "
        + declaredIn.methodDisplay() + "): annotate it or call join()");
  }

  /** An await in a lambda body that does not return {@code Task}, so cannot be async. */
  public static Refusal inLambda(SourcePlace place, SourcePlace enclosing) {
    String returned = SourcePlace.simpleName(Type.getReturnType(place.method().desc));
    return refusal(place, "await() called in a lambda body in " + enclosing.methodDisplay() + " "
        + place.sourceDisplay() + ", and the lambda returns " + returned + ", not Task: make the"
        + " lambda return a Task (its functional interface's method must return Task<T>, as"
        + " Supplier<Task<T>> or Function<A, Task<T>> do, and the lambda Task.completed(value))"
        + " so that it is rewritten as an async lambda, or await in the enclosing method");
  }

  public static Refusal inSynchronizedBlock(SourcePlace place) {
    return refusal(place, "await() called inside a synchronized block in "
        + place.methodDisplay() + " " + place.sourceDisplay() + ": a suspended call cannot hold"
        + " a monitor; move the await out of the synchronized block (the event loop already runs"
        + " one task at a time)");
  }

  public static Refusal inSynchronizedMethod(SourcePlace place) {
    return refusal(place, "await() called in synchronized method " + place.methodDisplay() + " "
        + place.sourceDisplay() + ": a suspended call cannot hold a monitor; remove"
        + " synchronized (the event loop already runs one task at a time)");
  }

  public static Refusal notReturningTask(SourcePlace place) {
    String returned = SourcePlace.simpleName(Type.getReturnType(place.method().desc));
    return refusal(place, "@Async method " + place.methodDisplay() + " " + place.sourceDisplay()
        + " returns " + returned + ", not Task (nor CompletableFuture or CompletionStage):"
        + " declare it to return Task<T> and return Task.completed(value)");
  }

  public static Refusal onConstructor(SourcePlace place) {
    return refusal(place, "@Async on constructor " + place.methodDisplay() + " "
        + place.sourceDisplay() + ": a constructor cannot suspend; move the asynchronous work"
        + " into a static @Async factory method");
  }

  public static Refusal onAbstract(SourcePlace place) {
    return refusal(place, "@Async on abstract method " + place.methodDisplay() + " "
        + place.sourceDisplay() + ": it has no body to rewrite; put @Async on the methods that"
        + " implement it");
  }

  public static Refusal onNative(SourcePlace place) {
    return refusal(place, "@Async on native method " + place.methodDisplay() + " "
        + place.sourceDisplay() + ": it has no bytecode to rewrite; remove @Async, or call it"
        + " from an @Async Java method");
  }

  public static Refusal tooOld(SourcePlace place, int version) {
    return refusal(place, "@Async method " + place.methodDisplay() + " " + place.sourceDisplay()
        + " is in a class file of version " + version + " without stack map frames:"
        + " Spindle rewrites class files from version 50 (Java 6) on; recompile with --release 8"
        + " or later");
  }

  /** An @Async method whose parameters leave no slot for the state machine's frame. */
  public static Refusal tooManyParameterSlots(SourcePlace place, int slots, int limit) {
    return refusal(place, "@Async method " + place.methodDisplay() + " " + place.sourceDisplay()
        + " takes " + slots + " parameter slots (this counts one, long and double two), and its"
        + " state machine needs one more for its frame, over the JVM's limit of " + limit
        + ": pass the parameters in an object (a record) instead");
  }

  /** A state machine over the JVM's limit of code bytes per method. */
  public static Refusal tooLarge(SourcePlace place, int originalBytes, int rewrittenBytes,
      int limit) {
    return refusal(place, "@Async method " + place.methodDisplay() + " " + place.sourceDisplay()
        + " is too large to rewrite: its state machine would need " + rewrittenBytes + " bytes"
        + " of code, over the JVM's limit of " + limit + " bytes per method (the method as"
        + " written has " + originalBytes + "); split it into smaller @Async methods");
  }

  /** A state machine ASM could not write, for another reason than its code length. */
  public static Refusal notWritable(SourcePlace place, String failure, String sizes) {
    return refusal(place, "@Async method " + place.methodDisplay() + " " + place.sourceDisplay()
        + " could not be rewritten: ASM could not write its state machine (" + failure + "; "
        + sizes + "); split it into smaller @Async methods, and please report it with the class"
        + " file (-Dspindle.dump=<dir> writes it)");
  }

  /** A state machine left out because its class could not be written with all of them. */
  public static Refusal leftOutOfClass(SourcePlace place, String failure, int originalBytes,
      int rewrittenBytes) {
    return refusal(place, "@Async method " + place.methodDisplay() + " " + place.sourceDisplay()
        + " was not rewritten: its class could not be written with every state machine in it ("
        + failure + "), so they were left out largest first, this one of " + rewrittenBytes
        + " bytes of code (the method as written has " + originalBytes + "); move some @Async"
        + " methods to another class, or split this one");
  }

  /** A class ASM cannot write even with none of its methods rewritten. */
  public static Refusal classNotWritable(String className, String failure) {
    return new Refusal(className, "", "", -1, "class " + className + " could not be written by"
        + " the Spindle agent even with none of its @Async methods rewritten (" + failure + "):"
        + " it loads unchanged, so its @Async methods throw at their first await; please report"
        + " it with the class file");
  }

  public static Refusal failed(SourcePlace place, String reason) {
    return refusal(place, "@Async method " + place.methodDisplay() + " " + place.sourceDisplay()
        + " could not be rewritten: " + reason + "; please report it with the class file"
        + " (-Dspindle.dump=<dir> writes it)");
  }

  /**
   * Every refusal of a method, as a {@link Refusal}; one of an async lambda says "async lambda"
   * where an {@code @Async} method's says "@Async method" (the rules are the same).
   */
  private static Refusal refusal(SourcePlace place, String message) {
    boolean lambda = AsyncLambdas.looksLikeLambdaBody(place.method());
    String text = lambda && message.startsWith(ASYNC_METHOD)
        ? ASYNC_LAMBDA + message.substring(ASYNC_METHOD.length()) : message;
    return new Refusal(place.className(), place.method().name, place.method().desc, place.line(),
        text);
  }
}
