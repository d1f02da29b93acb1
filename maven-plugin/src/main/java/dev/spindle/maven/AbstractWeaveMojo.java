package dev.spindle.maven;

import dev.spindle.agent.WeaveSummary;
import dev.spindle.agent.Weaver;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Weaves one directory of compiled classes in place with the agent's {@link Weaver}: the bytes
 * the agent would load, so a woven application needs no {@code -javaagent}, and an agent that
 * is installed anyway knows the woven classes and leaves them alone.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {
  /**
   * A refused method fails the build and nothing in the directory is written (default); with
   * {@code false}, refusals are warnings and refused methods are written with bodies that throw
   * the refusal, as the agent loads them without {@code -Dspindle.strict}.
   */
  @Parameter(property = "spindle.weave.strict", defaultValue = "true")
  boolean strict;

  /** Weaves nothing. */
  @Parameter(property = "spindle.weave.skip", defaultValue = "false")
  boolean skip;

  /** The directory to weave. */
  abstract File directory();

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    File directory = directory();
    if (skip) {
      getLog().info("spindle: weaving skipped (spindle.weave.skip)");
      return;
    }
    if (!directory.isDirectory()) {
      getLog().info("spindle: nothing to weave, " + directory + " does not exist");
      return;
    }
    WeaveSummary summary;
    try {
      summary = new Weaver().weaveDirectory(directory.toPath(), strict);
    } catch (IOException | RuntimeException failure) {
      throw new MojoExecutionException("spindle: could not weave " + directory + ": "
          + failure.getMessage(), failure);
    }
    summary.notices().forEach(getLog()::warn);
    if (strict && !summary.refusals().isEmpty()) {
      summary.refusals().forEach(getLog()::error);
      throw new MojoFailureException(failureMessage(summary));
    }
    summary.refusals().forEach(getLog()::warn);
    getLog().info("spindle: " + summary.describe());
  }

  static String failureMessage(WeaveSummary summary) {
    StringBuilder message = new StringBuilder("spindle: " + summary.refusals().size()
        + " @Async method(s) in " + summary.directory() + " cannot be rewritten, so no class"
        + " there was woven (strict, the default):");
    summary.refusals().forEach(refusal -> message.append("\n  ").append(refusal));
    return message.append("\nFix each method as its message says, or set <strict>false</strict>"
        + " (-Dspindle.weave.strict=false) to weave the rest and make the refused methods throw"
        + " their message.").toString();
  }
}
