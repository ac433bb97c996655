package dev.rollbackdrill.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The change a drill makes before rolling it back: a harmless {@code noop} revision, a {@code
 * broken} one with a {@link Fault}, a blue-green {@code switch} of the target Service to another
 * colour, or a feature {@code flag} turned on. {@code fault} is set only for broken; {@code image}
 * only for {@link Fault#CANDIDATE_IMAGE}; {@code env} is never null and keeps the file's order;
 * {@code changeCause}, when set, is recorded as {@code kubernetes.io/change-cause}; {@code
 * switchTo} is set only for switch and {@code flag} only for flag; {@code weight}, the share of the
 * traffic asked for the canary (0.05 for "5%"), only for canary, whose candidate is made from
 * {@code fault}, {@code image} and {@code env} as a revision's would be.
 */
public record Change(
    ChangeType type,
    Fault fault,
    String image,
    Map<String, String> env,
    String changeCause,
    Switch switchTo,
    Flag flag,
    Double weight) {

  /** The label of the Service's selector that names the colour, unless the scenario says. */
  public static final String DEFAULT_COLOR_LABEL = "color";

  /** The value a flag change writes, unless the scenario says. */
  public static final String DEFAULT_FLAG_VALUE = "on";

  public Change {
    // Order matters to readers of the rendered Deployment, so no Map.copyOf here.
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /** Any change but a canary. */
  public Change(ChangeType type, Fault fault, String image, Map<String, String> env, String changeCause, Switch switchTo,
      Flag flag) {
    this(type, fault, image, env, changeCause, switchTo, flag, null);
  }

  /** A canary that is expected to fail its analysis: it carries a fault or an environment of its own. */
  public boolean badCanary() {
    return type == ChangeType.CANARY && (fault != null || !env.isEmpty());
  }

  /** A new Deployment revision (noop or broken). */
  public Change(ChangeType type, Fault fault, String image, Map<String, String> env, String changeCause) {
    this(type, fault, image, env, changeCause, null, null);
  }

  /** Blue-green: set the Service selector's {@code label} to the colour {@code to}. */
  public record Switch(String label, String to) {}

  /** Feature flag: set {@code key} of ConfigMap {@code configMap} to {@code value}. */
  public record Flag(String configMap, String key, String value) {}
}
