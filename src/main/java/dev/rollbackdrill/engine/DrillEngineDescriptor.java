package dev.rollbackdrill.engine;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The engine's root: the options read once from the configuration at discovery, for execution to
 * use, or why they could not be read (the run then fails saying so, and touches no cluster).
 */
final class DrillEngineDescriptor extends EngineDescriptor {

  private final DrillOptions options;
  private final DrillOptions.InvalidOption invalid;

  private DrillEngineDescriptor(UniqueId id, DrillOptions options, DrillOptions.InvalidOption invalid) {
    super(id, "rollback drills");
    this.options = options;
    this.invalid = invalid;
  }

  static DrillEngineDescriptor of(UniqueId id, DrillOptions options) {
    return new DrillEngineDescriptor(id, options, null);
  }

  static DrillEngineDescriptor invalid(UniqueId id, DrillOptions.InvalidOption invalid) {
    return new DrillEngineDescriptor(id, null, invalid);
  }

  /** The options; null when {@link #invalid()} is not. */
  DrillOptions options() {
    return options;
  }

  /** Why the configuration could not be read; null when it could. */
  DrillOptions.InvalidOption invalid() {
    return invalid;
  }
}
