package dev.rollbackdrill.engine;

import dev.rollbackdrill.scenario.Scenario;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

/** A scenario file: a container whose children are its iterations. */
final class ScenarioDescriptor extends AbstractTestDescriptor {

  static final String SEGMENT = "scenario";

  private final Scenario scenario;

  ScenarioDescriptor(UniqueId id, Scenario scenario) {
    super(id, scenario.name(), FileSource.from(scenario.source().toFile()));
    this.scenario = scenario;
  }

  Scenario scenario() {
    return scenario;
  }

  @Override
  public Type getType() {
    return Type.CONTAINER;
  }

  @Override
  public Set<TestTag> getTags() {
    Set<TestTag> tags = new LinkedHashSet<>();
    for (String t : scenario.tags()) {
      if (TestTag.isValid(t)) {
        tags.add(TestTag.create(t));
      }
    }
    return tags;
  }
}
