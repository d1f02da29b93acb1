package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.agent.transform.corpus.DebugCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.SourceLines;
import dev.spindle.agent.transform.support.TransformingClassLoader;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

@Timeout(10)
class DebuggabilityTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_exception_after_a_resume_points_at_the_users_file_and_line(Mode mode) {
    Corpus corpus = Corpus.load(DebugCorpus.class, mode);
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> corpus.run("throwsAfterResume", corpus.source()));
    StackTraceElement top = thrown.getStackTrace()[0];
    assertEquals(DebugCorpus.class.getName(), top.getClassName());
    assertEquals("throwsAfterResume", top.getMethodName());
    assertEquals("DebugCorpus.java", top.getFileName());
    assertEquals(SourceLines.lineOf(DebugCorpus.class, "throw-after-resume"),
        top.getLineNumber());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_helpful_null_pointer_message_names_the_restored_local(Mode mode) {
    Corpus corpus = Corpus.load(DebugCorpus.class, mode);
    NullPointerException thrown = assertThrows(NullPointerException.class,
        () -> corpus.run("nullPointerAfterResume", corpus.source(), true));
    assertEquals("Cannot invoke \"String.length()\" because \"maybe\" is null",
        thrown.getMessage());
    assertEquals(SourceLines.lineOf(DebugCorpus.class, "npe-after-resume"),
        thrown.getStackTrace()[0].getLineNumber());
  }

  @Test
  void local_variable_names_move_with_their_slots_and_the_frame_is_named() {
    Corpus.load(DebugCorpus.class, Mode.DONE);
    byte[] bytes = TransformingClassLoader.corpus(Mode.DONE)
        .rewrittenBytes(DebugCorpus.class.getName());
    ClassNode node = new ClassNode();
    new ClassReader(bytes).accept(node, 0);
    MethodNode stateMachine = node.methods.stream()
        .filter(m -> m.name.equals("nullPointerAfterResume") && m.desc.contains("AsyncFrame"))
        .findFirst().orElseThrow();
    Map<String, Integer> slots = new HashMap<>();
    for (LocalVariableNode variable : stateMachine.localVariables) {
      slots.put(variable.name, variable.index);
    }
    assertEquals(0, slots.get("s"));
    assertEquals(1, slots.get("missing"));
    assertEquals(2, slots.get(Names.FRAME_LOCAL_NAME));
    assertEquals(3, slots.get("maybe"), "first local moves up by one");
    assertEquals(4, slots.get("offset"));
    assertEquals(java.util.List.of(Names.AWAIT_LINES_DESCRIPTOR), stateMachine.visibleAnnotations
        .stream().map(annotation -> annotation.desc).toList(),
        "the state machine carries no @Async, only the table of its await lines");
  }
}
