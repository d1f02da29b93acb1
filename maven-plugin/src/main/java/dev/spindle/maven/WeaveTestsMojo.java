package dev.spindle.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Weaves the {@code @Async} methods of the test classes, after they compile, so that tests run
 * without an agent too.
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
    threadSafe = true)
public class WeaveTestsMojo extends AbstractWeaveMojo {
  /** The compiled test classes. */
  @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
  File testClassesDirectory;

  @Override
  File directory() {
    return testClassesDirectory;
  }
}
