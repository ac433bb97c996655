package dev.rollbackdrill.guard;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Keeps secrets out of records, logs and reports: every occurrence of a known secret value (the
 * scenario's environment values, the cluster credentials) is replaced by {@value #MASK}. Values
 * shorter than {@value #MIN_LENGTH} characters are left alone: masking "on" or "1" would mangle
 * every message without protecting anything.
 */
public final class Redactor {

  public static final String MASK = "***";
  public static final int MIN_LENGTH = 6;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  public static Redactor of(Collection<String> values) {
    // Longest first, so a secret that contains another is masked whole.
    return new Redactor(values.stream().filter(Objects::nonNull).filter(v -> v.length() >= MIN_LENGTH)
        .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList());
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
