package dev.rollbackdrill.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a trend report is computed for: the time zone whose calendar months and quarters group the
 * runs (UTC by default), how long a scenario may go undrilled before it is flagged stale (35 days),
 * the SLO drawn on the trend chart ({@code null}: the most common {@code sloNanos} in the records),
 * the instant the report is made at (injected, never read from a clock inside the computation), and
 * the share of a quarter's drills one person may run before the report warns of key-person risk
 * (0.5), the planned scenarios with their own staleness periods (from a drill plan; a planned
 * scenario that never ran is listed as stale), and the clusters whose runs keep a scenario fresh
 * (their {@code cluster.provider} in the records, e.g. {@code context:staging}; empty: any). As in
 * {@code drill plan}, a harness {@code ERROR} never keeps a scenario fresh. Instances are
 * immutable; every {@code with…} returns a new one.
 */
public record ReportOptions(
    ZoneId zone,
    Duration staleAfter,
    Duration slo,
    Instant now,
    double keyPersonShare,
    java.util.Map<String, Duration> staleAfterByScenario,
    java.util.Set<String> freshOn) {

  /** Options with one staleness period for every scenario. */
  public ReportOptions(ZoneId zone, Duration staleAfter, Duration slo, Instant now, double keyPersonShare) {
    this(zone, staleAfter, slo, now, keyPersonShare, java.util.Map.of(), java.util.Set.of());
  }

  /** A scenario not drilled for longer than this is stale. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(35);

  /** Warn when one person ran more than this share of a quarter's drills. */
  public static final double DEFAULT_KEY_PERSON_SHARE = 0.5;

  private static final Pattern SHORT_PERIOD = Pattern.compile("(\\d+)\\s*([dhms])");

  public ReportOptions {
    Objects.requireNonNull(now, "now");
    zone = zone == null ? ZoneOffset.UTC : zone;
    staleAfter = staleAfter == null ? DEFAULT_STALE_AFTER : staleAfter;
    staleAfterByScenario =
        staleAfterByScenario == null ? java.util.Map.of() : java.util.Map.copyOf(staleAfterByScenario);
    freshOn = freshOn == null ? java.util.Set.of() : java.util.Set.copyOf(freshOn);
    if (staleAfter.isNegative()) {
      throw new IllegalArgumentException("staleAfter must not be negative: " + staleAfter);
    }
    if (slo != null && (slo.isZero() || slo.isNegative())) {
      throw new IllegalArgumentException("slo must be positive: " + slo);
    }
    if (!(keyPersonShare > 0 && keyPersonShare <= 1)) {
      throw new IllegalArgumentException("keyPersonShare must be in (0, 1]: " + keyPersonShare);
    }
  }

  /** UTC months, 35 days to stale, the SLO taken from the records, warn above a half. */
  public static ReportOptions defaults(Instant now) {
    return new ReportOptions(
        ZoneOffset.UTC, DEFAULT_STALE_AFTER, null, now, DEFAULT_KEY_PERSON_SHARE);
  }

  public ReportOptions withZone(ZoneId zone) {
    return new ReportOptions(zone, staleAfter, slo, now, keyPersonShare, staleAfterByScenario, freshOn);
  }

  public ReportOptions withStaleAfter(Duration staleAfter) {
    return new ReportOptions(zone, staleAfter, slo, now, keyPersonShare, staleAfterByScenario, freshOn);
  }

  /** Per-scenario staleness periods (from a drill plan); others use {@link #staleAfter()}. */
  public ReportOptions withStaleAfter(java.util.Map<String, Duration> byScenario) {
    return new ReportOptions(zone, staleAfter, slo, now, keyPersonShare, byScenario, freshOn);
  }

  /**
   * Only runs on these clusters (records' {@code cluster.provider}) keep a scenario fresh; empty for
   * any cluster. A rehearsal on a laptop's throwaway cluster does not make the staging drill done.
   */
  public ReportOptions withFreshOn(java.util.Set<String> providers) {
    return new ReportOptions(zone, staleAfter, slo, now, keyPersonShare, staleAfterByScenario, providers);
  }

  /** The staleness period of {@code scenario}. */
  public Duration staleAfterFor(String scenario) {
    return staleAfterByScenario.getOrDefault(scenario, staleAfter);
  }

  /** The SLO line for the chart; {@code null} takes the most common one in the records. */
  public ReportOptions withSlo(Duration slo) {
    return new ReportOptions(zone, staleAfter, slo, now, keyPersonShare, staleAfterByScenario, freshOn);
  }

  public ReportOptions withKeyPersonShare(double keyPersonShare) {
    return new ReportOptions(zone, staleAfter, slo, now, keyPersonShare, staleAfterByScenario, freshOn);
  }

  /**
   * Parses a period as a command line writes it: {@code 35d}, {@code 12h}, {@code 90m}, {@code
   * 30s}, or ISO-8601 ({@code P35D}, {@code PT12H}).
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static Duration parsePeriod(String text) {
    String t = Objects.requireNonNull(text, "text").trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_PERIOD.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a period: '" + text + "' (use e.g. 35d, 12h, 90m or P35D)", e);
    }
  }
}
