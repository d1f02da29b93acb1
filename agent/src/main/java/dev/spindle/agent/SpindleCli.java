package dev.spindle.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar spindle-agent.jar weave [--warn] DIR...}: rewrites the {@code @Async} methods
 * of every class file under each directory in place, as the agent would at load time (see
 * {@link Weaver}), and prints a summary per directory. Exit status: 0 done; 1 a method was
 * refused (strict, the default: nothing in that directory is written) or a file could not be
 * woven; 2 a usage error. With {@code --warn} refusals are printed and the classes written, their
 * refused methods throwing the refusal.
 */
public final class SpindleCli {
  static final String USAGE = "usage: java -jar spindle-agent.jar weave [--warn] DIR...\n"
      + "  rewrites the @Async methods of every class file under each DIR in place, as the agent"
      + " would at load time\n"
      + "  --warn  report refused methods and write the classes anyway (default: a refusal fails"
      + " with exit status 1 and writes nothing)";

  private SpindleCli() {}

  public static void main(String[] arguments) {
    System.exit(run(arguments, System.out, System.err));
  }

  /** Runs the command line {@code arguments}; returns the exit status. */
  static int run(String[] arguments, PrintStream out, PrintStream err) {
    if (arguments.length == 0 || !arguments[0].equals("weave")) {
      err.println(arguments.length == 0 ? "spindle: no command given"
          : "spindle: unknown command \"" + arguments[0] + "\"");
      err.println(USAGE);
      return 2;
    }
    boolean strict = true;
    List<Path> directories = new ArrayList<>();
    for (int i = 1; i < arguments.length; i++) {
      String argument = arguments[i];
      if (argument.equals("--warn")) {
        strict = false;
      } else if (argument.startsWith("-")) {
        err.println("spindle weave: unknown option \"" + argument + "\"");
        err.println(USAGE);
        return 2;
      } else {
        directories.add(Path.of(argument));
      }
    }
    if (directories.isEmpty()) {
      err.println("spindle weave: no directory given");
      err.println(USAGE);
      return 2;
    }
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        err.println("spindle weave: " + directory + " is not a directory: name the directory of"
            + " compiled classes, such as target/classes");
        return 2;
      }
    }
    return weave(directories, strict, out, err);
  }

  private static int weave(List<Path> directories, boolean strict, PrintStream out,
      PrintStream err) {
    Weaver weaver = new Weaver();
    int status = 0;
    for (Path directory : directories) {
      WeaveSummary summary;
      try {
        summary = weaver.weaveDirectory(directory, strict);
      } catch (IOException | RuntimeException failure) {
        err.println("spindle weave: " + directory + " could not be woven: " + failure);
        status = 1;
        continue;
      }
      summary.notices().forEach(notice -> err.println("WARNING " + notice));
      String level = strict ? "ERROR " : "WARNING ";
      summary.refusals().forEach(refusal -> err.println(level + refusal));
      out.println("spindle weave: " + summary.describe());
      if (!summary.refusals().isEmpty() && strict) {
        err.println("spindle weave: " + directory + " left as it was: strict mode refuses to"
            + " write classes with refused methods; fix the methods above, or pass --warn to"
            + " write them with bodies that throw the refusal");
        status = 1;
      }
    }
    return status;
  }
}
