package dev.rollbackdrill.canary;

/** What an analysis decided: the canary is as good as the baseline, worse, or it cannot tell yet. */
public enum Verdict {
  PASS,
  FAIL,
  INCONCLUSIVE;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
