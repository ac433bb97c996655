package dev.rollbackdrill.chaos;

import dev.rollbackdrill.scenario.Chaos;

/** Makes the {@link Injection} a scenario's chaos entry names. */
final class Injections {
  private Injections() {}

  /** The injection for {@code chaos}, the {@code index}-th of its scenario (it names what it creates). */
  static Injection of(Chaos chaos, ChaosTarget target, int index) {
    return switch (chaos.kind()) {
      case POD_KILL -> new PodKill(chaos, target);
      case CPU_PRESSURE -> new CpuPressure(chaos, target, index);
      case QUOTA_SQUEEZE -> new QuotaSqueeze(chaos, target, index);
      case CONTAINER_KILL -> new ContainerKill(chaos, target);
      case API_UNAVAILABLE -> new ApiUnavailable(chaos, target);
    };
  }
}
