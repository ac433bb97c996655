package dev.rollbackdrill.engine;

import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One iteration of a scenario: a test whose outcome is the drill's verdict. */
final class IterationDescriptor extends AbstractTestDescriptor {

  static final String SEGMENT = "iteration";

  private final int iteration;

  IterationDescriptor(UniqueId id, String scenarioName, int iteration, int of) {
    super(id, of > 1 ? "iteration " + iteration + " of " + of : scenarioName);
    this.iteration = iteration;
  }

  int iteration() {
    return iteration;
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }

  @Override
  public Set<TestTag> getTags() {
    return getParent().map(p -> p.getTags()).orElse(Set.of());
  }
}
