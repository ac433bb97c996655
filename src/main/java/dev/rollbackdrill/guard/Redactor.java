package dev.rollbackdrill.guard;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of records, logs and reports: every occurrence of a known secret value (the
 * scenario's environment values, the cluster credentials, and the values of the harness's own
 * environment variables whose names look secret, which a runbook command inherits and may print)
 * is replaced by {@value #MASK}. Values
 * shorter than {@value #MIN_LENGTH} characters are left alone: masking "on" or "1" would mangle
 * every message without protecting anything.
 */
public final class Redactor {

  public static final String MASK = "***";
  public static final int MIN_LENGTH = 6;

  /** Environment variable names that say their value is a secret. */
  static final Pattern SECRET_NAME = Pattern.compile("(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL).*");

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  public static Redactor of(Collection<String> values) {
    // Longest first, so a secret that contains another is masked whole.
    return new Redactor(values.stream().filter(Objects::nonNull).filter(v -> v.length() >= MIN_LENGTH)
        .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  /**
   * The values of {@code env}'s variables whose names look secret ({@code GITHUB_TOKEN}, {@code
   * DB_PASSWORD}, {@code AWS_SECRET_ACCESS_KEY}, {@code API_KEY}, {@code GOOGLE_CREDENTIALS}...).
   */
  public static List<String> secretEnvironmentValues(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> SECRET_NAME.matcher(e.getKey()).matches())
        .map(Map.Entry::getValue)
        .filter(Objects::nonNull)
        .toList();
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String r = text;
    for (String s : secrets) {
      r = r.replace(s, MASK);
    }
    return r;
  }
}
