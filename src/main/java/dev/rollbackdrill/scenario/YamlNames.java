package dev.rollbackdrill.scenario;

import java.util.Locale;

/** The one rule mapping enum constants to scenario-file spellings, shared by every enum. */
final class YamlNames {

  private YamlNames() {}

  static String of(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
