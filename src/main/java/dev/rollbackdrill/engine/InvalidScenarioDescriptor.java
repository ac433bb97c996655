package dev.rollbackdrill.engine;

import dev.rollbackdrill.scenario.ScenarioException;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

/** A scenario file that did not validate: it runs as a failing test carrying every problem. */
final class InvalidScenarioDescriptor extends AbstractTestDescriptor {

  private final ScenarioException problems;

  InvalidScenarioDescriptor(UniqueId id, java.nio.file.Path file, ScenarioException problems) {
    super(id, file.getFileName().toString(), FileSource.from(file.toFile()));
    this.problems = problems;
  }

  ScenarioException problems() {
    return problems;
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }
}
