package dev.rollbackdrill.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The release a drill rolls out before rolling it back: either a harmless {@code noop} revision or
 * a {@code broken} one with a {@link Fault}. {@code fault} is null for noop; {@code image} is set
 * only for {@link Fault#CANDIDATE_IMAGE}; {@code env} is never null and keeps the file's order;
 * {@code changeCause}, when set, is recorded as {@code kubernetes.io/change-cause}.
 */
public record Change(
    ChangeType type, Fault fault, String image, Map<String, String> env, String changeCause) {

  public Change {
    // Order matters to readers of the rendered Deployment, so no Map.copyOf here.
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }
}
