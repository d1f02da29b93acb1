package dev.spindle.agent.transform.shapes;

import static org.objectweb.asm.Opcodes.*;

import java.util.function.Consumer;

/**
 * Objects under construction live across an await, in the shapes javac never writes but other
 * compilers and bytecode generators do. Each body leaves one value on the stack (what the method's
 * task completes with); the comment is the stack after the interesting instruction, bottom first,
 * U standing for the uninitialized box.
 */
public enum Shape {
  /** javac's own {@code new Box(t, "a", await(b))}: NEW; DUP. */
  JAVAC(1, c -> c.newBox().op(DUP).trace().constant("a").await("b").init()),
  /** The await as the first value argument. */
  AWAIT_FIRST_ARGUMENT(1, c -> c.newBox().op(DUP).trace().await("a").constant("b").init()),
  /** An await in every argument. */
  AWAIT_IN_EVERY_ARGUMENT(2, c -> c.newBox().op(DUP).trace().await("a").await("b").init()),
  /** NEW; DUP; DUP: [U U U], two copies left after the constructor. */
  NEW_DUP_DUP(1, c -> c.newBox().op(DUP).op(DUP).trace().constant("a").await("b").init()
      .describe("two", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** NEW; DUP; DUP; POP: a copy made and dropped. */
  NEW_DUP_DUP_POP(1, c -> c.newBox().op(DUP).op(DUP).op(POP).trace().await("a").constant("b")
      .init()),
  /** NEW; DUP; ASTORE 2: the constructed box is then only in local 2. */
  NEW_DUP_ASTORE(1, c -> c.newBox().op(DUP).store(2).trace().await("a").constant("b").init().load(2)),
  /** NEW; DUP; ASTORE 2; ALOAD 2: [U U] again, and a third copy in the local. */
  NEW_DUP_ASTORE_ALOAD(1, c -> c.newBox().op(DUP).store(2).load(2).trace().constant("a").await("b")
      .init().load(2)
      .describe("two", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** NEW; ASTORE 2; ALOAD 2: NEW without DUP. */
  NEW_WITHOUT_DUP(1, c -> c.newBox().store(2).load(2).trace().constant("a").await("b").init()
      .load(2)),
  /** The uninitialized box only in local 2 while the await suspends; the stack is empty. */
  UNINITIALIZED_LOCAL_ACROSS_AWAIT(1, c -> c.newBox().store(2).await("a").store(3).load(2)
      .trace().load(3).constant("b").init().load(2)),
  /** NEW; DUP; LDC; SWAP: [U "mark" U]. */
  NEW_DUP_LDC_SWAP(1, c -> c.newBox().op(DUP).constant("mark").op(SWAP).trace().constant("a").await("b")
      .init().describe("two", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** LDC; NEW; DUP_X1: [U "mark" U]. */
  LDC_NEW_DUP_X1(1, c -> c.constant("mark").newBox().op(DUP_X1).trace().await("a").constant("b").init()
      .describe("two", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** LDC; LDC; NEW; DUP_X2: [U "m1" "m2" U]. */
  LDC_LDC_NEW_DUP_X2(1, c -> c.constant("m1").constant("m2").newBox().op(DUP_X2).trace().constant("a")
      .await("b").init().describe("three",
          "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** LDC 7L; NEW; DUP_X2 (form 2, under a long): [U 7L U]. */
  LONG_NEW_DUP_X2(1, c -> c.constant(7L).newBox().op(DUP_X2).trace().await("a")
      .constant("b").init().describe("withLong", "(Ljava/lang/Object;J)Ljava/lang/String;")),
  /** NEW; DUP; DUP2: [U U U U]. */
  NEW_DUP_DUP2(1, c -> c.newBox().op(DUP).op(DUP2).trace().constant("a").await("b").init()
      .describe("three",
          "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** LDC; NEW; DUP; DUP2_X1: [U U "mark" U U]. */
  LDC_NEW_DUP_DUP2_X1(1, c -> c.constant("mark").newBox().op(DUP).op(DUP2_X1).trace().constant("a")
      .await("b").init().describe("four", "(Ljava/lang/Object;Ljava/lang/Object;"
          + "Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** LDC 7L; NEW; DUP; DUP2_X2 (form 3): [U U 7L U U]. */
  LONG_NEW_DUP_DUP2_X2(2, c -> c.constant(7L).newBox().op(DUP).op(DUP2_X2).trace()
      .await("a").await("b").init().describe("fourWithLong",
          "(Ljava/lang/Object;Ljava/lang/Object;JLjava/lang/Object;)Ljava/lang/String;")),
  /** NEW; DUP; LDC 7L; DUP2_X2 (form 2); POP2: the long moved under both copies, [7L U U]. */
  LONG_MOVED_UNDER_THE_COPIES(1, c -> c.newBox().op(DUP).constant(7L).op(DUP2_X2).op(POP2)
      .trace().constant("a").await("b").init()
      .describe("longFirst", "(JLjava/lang/Object;)Ljava/lang/String;")),
  /** A branch among the arguments, with a copy in local 2: the frames at both labels hold U. */
  BRANCH_AMONG_THE_ARGUMENTS(1, true, c -> c.newBox().op(DUP).store(2).trace().awaitIfFlag("a", "no")
      .await("b").init().load(2)),
  /**
   * The box only in local 2 across an await inside a try range that ends before the constructor
   * call: the handler's frame holds the uninitialized box in local 2 too.
   */
  UNINITIALIZED_LOCAL_IN_A_TRY_RANGE(1, c -> c.newBox().store(2)
      .tryCatch(t -> t.load(2).trace().await("a"), t -> t.constant("b").init().load(2),
          "caught")),
  /** One NEW; DUP; DUP_X1 whose constructor is called on two paths, an await on each. */
  CONSTRUCTOR_CALLED_ON_TWO_PATHS(1, true, c -> c.constant("mark").newBox().op(DUP_X1)
      .trace().ifFlag(t -> t.await("a").constant("b").init(),
          t -> t.constant("x").await("y").init())
      .describe("two", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;")),
  /** javac's nested {@code new Box(t, new Box(t, await(a), "b"), await(c))}. */
  NESTED(2, c -> c.newBox().op(DUP).trace().newBox().op(DUP).trace().await("a").constant("b")
      .init().await("c").init()),
  /** Nested, both odd: the outer without DUP through local 2, the inner DUP; DUP; ASTORE 3. */
  NESTED_ODD_SHAPES(2, c -> c.newBox().store(2).load(2).trace().newBox().op(DUP).op(DUP)
      .store(3).trace().constant("a").await("b").init().await("c").init().load(2).load(3)
      .describe("two", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/String;"));

  private final int awaits;
  private final boolean branches;
  private final Consumer<ShapeCode> body;

  Shape(int awaits, Consumer<ShapeCode> body) {
    this(awaits, false, body);
  }

  Shape(int awaits, boolean branches, Consumer<ShapeCode> body) {
    this.awaits = awaits;
    this.branches = branches;
    this.body = body;
  }

  /** Whether the shape goes another way when {@link Trace#flag()} is false. */
  public boolean branches() {
    return branches;
  }

  /** How many awaits one run of the shape makes. */
  public int awaits() {
    return awaits;
  }

  void write(ShapeCode code) {
    body.accept(code);
  }
}
