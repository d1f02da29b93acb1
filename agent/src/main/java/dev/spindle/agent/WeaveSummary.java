package dev.spindle.agent;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Weaver#weaveDirectory} did to one directory of class files.
 *
 * @param directory the directory, as given
 * @param classFiles how many {@code .class} files it holds
 * @param rewritten the classes rewritten, by binary name, in path order
 * @param refusals every refusal's full message, in path order
 * @param notices every notice's full message, in path order
 * @param written whether the rewritten class files were written (not in strict mode when
 *     anything was refused: then every file is left as it was)
 */
public record WeaveSummary(Path directory, int classFiles, List<String> rewritten,
    List<String> refusals, List<String> notices, boolean written) {
  public WeaveSummary {
    rewritten = List.copyOf(rewritten);
    refusals = List.copyOf(refusals);
    notices = List.copyOf(notices);
  }

  /** One line: {@code 12 class files in target/classes: 3 rewritten, 0 refused methods}. */
  public String describe() {
    return classFiles + " class file(s) in " + directory + ": " + rewritten.size() + " rewritten"
        + (written ? "" : " but NOT written") + ", " + refusals.size() + " refused method(s), "
        + notices.size() + " notice(s)";
  }
}
