package dev.rollbackdrill.report;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.ClusterRef;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.ScenarioRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * Generates a realistic synthetic drill history for tests and the report benchmark: {@code years ×
 * 12} months of {@code runsPerMonth} runs for each of {@code scenarios} scenarios, run by a
 * rotating set of people (with quarters where one person runs most drills), a few percent failed or
 * errored drills with reasons, times that improve over the years, two scenarios whose runs all fall
 * before the last two months (stale), and a few deployments drilled with two procedures. The same
 * seed always gives the same records. {@link #main} writes a history to a folder the way the engine
 * does, one JSON document and one histogram log per run.
 */
public final class HistoryGenerator {

  static final List<String> SERVICES =
      List.of(
          "checkout",
          "payments",
          "search",
          "catalog",
          "cart",
          "auth",
          "profile",
          "inventory",
          "shipping",
          "notifications",
          "recommendations",
          "pricing",
          "reviews",
          "gateway",
          "orders",
          "billing",
          "ledger",
          "media",
          "reporting",
          "sessions");

  static final List<String> CHANGES =
      List.of("bad-image", "crashloop", "config-typo", "slow-start", "failing-readiness");

  static final List<String> PEOPLE =
      List.of("amara.okafor", "ben.li", "chen.wei", "dana.ruiz", "erik.svensson", "fatima.haddad");

  private static final List<String> FAILURE_REASONS =
      List.of(
          "healthy gate timed out after 5m: 1/3 pods ready",
          "rollout undo rejected: revision 7 not found in ReplicaSet history",
          "readiness probe failed: HTTP 503 \"<html><body>upstream connect error</body></html>\"",
          "rollback procedure exited 1: error: unable to recognize \"deploy.yaml\"",
          "restored image differs from known-good: registry/app:1.4.2 != registry/app:1.4.1");

  private static final List<String> ERROR_REASONS =
      List.of(
          "cluster unreachable: Connection refused (https://127.0.0.1:6443)",
          "k3s container did not start within 120 s",
          "API error 429: too many requests while listing ReplicaSets");

  private static final List<String> REFUSAL_REASONS =
      List.of(
          "preflight: another drill is running on this target (lease held by ci@runner-2 pid 811)",
          "preflight: deployment shop/app is paused; a paused deployment does not roll out or back"
              + " (kubectl rollout resume it first)",
          "preflight: the current identity may not roll back in namespace shop; missing: patch deployments.apps");

  /** How many scenarios stop being drilled three months before the end. */
  static final int STALE_SCENARIOS = 2;

  private final Random random;

  public HistoryGenerator(long seed) {
    this.random = new Random(seed);
  }

  /**
   * The history: {@code years × 12} calendar months (UTC) ending with the month of {@code end}; in
   * that month runs fall before {@code end}. Exactly {@code years × 12 × scenarios × runsPerMonth}
   * records, sorted by start.
   */
  public List<DrillRecord> generate(int years, int scenarios, int runsPerMonth, Instant end) {
    if (scenarios > SERVICES.size() * CHANGES.size()) {
      throw new IllegalArgumentException(
          "at most " + SERVICES.size() * CHANGES.size() + " scenarios");
    }
    YearMonth last = YearMonth.from(end.atZone(ZoneOffset.UTC));
    int months = years * 12;
    YearMonth first = last.minusMonths(months - 1L);
    List<Scenario> defs = new ArrayList<>();
    for (int i = 0; i < scenarios; i++) {
      defs.add(scenario(i, scenarios));
    }
    Map<String, double[]> rotation = new LinkedHashMap<>();
    List<DrillRecord> out = new ArrayList<>(months * scenarios * runsPerMonth);
    Instant historyStart = first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    // Stale scenarios get as many runs, squeezed into the time before the last two months.
    Instant staleEnd = last.minusMonths(2).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    long staleSpan = Duration.between(historyStart, staleEnd).getSeconds();
    YearMonth previousQuarter = last.minusMonths((last.getMonthValue() - 1) % 3 + 3);
    for (Scenario s : defs) {
      for (int m = 0; m < months; m++) {
        YearMonth month = first.plusMonths(m);
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant stop = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (stop.isAfter(end)) {
          stop = end;
        }
        long span = Math.max(1, Duration.between(start, stop).getSeconds());
        for (int k = 0; k < runsPerMonth; k++) {
          Instant at =
              s.stale() && staleSpan > 0
                  ? historyStart.plusSeconds(
                      (long)
                          (staleSpan
                              * (m * runsPerMonth + k + random.nextDouble())
                              / (months * runsPerMonth)))
                  : start.plusSeconds((long) (span * (k + random.nextDouble()) / runsPerMonth));
          YearMonth runMonth = YearMonth.from(at.atZone(ZoneOffset.UTC));
          // Times improve over the history: 60% slower at the start than at the end.
          double age =
              1.0
                  - (double) first.until(runMonth, java.time.temporal.ChronoUnit.MONTHS)
                      / Math.max(1, months - 1);
          YearMonth quarterStart = runMonth.minusMonths((runMonth.getMonthValue() - 1) % 3);
          // The last full quarter always has a key person, so the report has one to show.
          boolean keyQuarter = quarterStart.equals(previousQuarter);
          double[] weights =
              rotation.computeIfAbsent(
                  quarterStart.toString(), q -> keyQuarter ? keyPersonWeights() : quarterWeights());
          out.add(run(s, at, 1.0 + 0.6 * age, pick(weights), k + 1));
        }
      }
    }
    out.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
    return out;
  }

  /** Writes records the way the engine does: JSON plus a histogram log per run. */
  public static void write(List<DrillRecord> records, Path drills) throws IOException {
    DrillHistory history = new DrillHistory(drills);
    for (DrillRecord r : records) {
      Map<String, Histogram> phases = new LinkedHashMap<>();
      for (Map.Entry<String, Long> e : r.phaseNanos().entrySet()) {
        Histogram h = new Histogram(2);
        h.recordValue(e.getValue());
        phases.put(e.getKey(), h);
      }
      history.append(r, phases);
    }
  }

  /**
   * Writes a generated history: {@code HistoryGenerator DIR [years] [scenarios] [runsPerMonth]
   * [seed] [end-instant]}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println(
          "usage: HistoryGenerator DIR [years=10] [scenarios=50] [runsPerMonth=4] [seed=42]"
              + " [end=now]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int years = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int scenarios = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;
    Instant end = args.length > 5 ? Instant.parse(args[5]) : Instant.now();
    long t0 = System.nanoTime();
    List<DrillRecord> records = new HistoryGenerator(seed).generate(years, scenarios, runs, end);
    write(records, dir);
    System.out.printf(
        Locale.ROOT,
        "generated %d records (%d years x %d scenarios x %d runs/month) into %s in %.1f s%n",
        records.size(),
        years,
        scenarios,
        runs,
        dir,
        (System.nanoTime() - t0) / 1e9);
  }

  // ---- scenario definitions ------------------------------------------------------------

  private record Scenario(
      String name,
      String service,
      String change,
      String procedure,
      long sloNanos,
      double baseSeconds,
      double detectSeconds,
      boolean stale) {}

  private Scenario scenario(int i, int count) {
    String service = SERVICES.get(i % SERVICES.size());
    String change = CHANGES.get(i / SERVICES.size());
    // A few deployments have their config typo fixed by a scripted command as well as by a
    // rollout undo (in place of their crashloop drill), so procedures compare for one failure.
    boolean twoWays = (i % SERVICES.size()) % 4 == 0;
    String procedure = "config-typo".equals(change) && twoWays ? "command" : "rollout-undo";
    String fault = "crashloop".equals(change) && twoWays ? "config-typo" : change;
    String name = fault.equals(change) ? service + "-" + change : service + "-" + fault + "-undo";
    long slo = i % 7 == 6 ? Duration.ofMinutes(5).toNanos() : Duration.ofMinutes(2).toNanos();
    double base = 20 * Math.pow(6, random.nextDouble()); // 20 s .. 120 s
    double detect = 8 + 40 * random.nextDouble();
    boolean stale = count >= 2 * STALE_SCENARIOS && i >= count - STALE_SCENARIOS;
    return new Scenario(name, service, fault, procedure, slo, base, detect, stale);
  }

  private double[] quarterWeights() {
    if (random.nextInt(5) == 0) {
      return keyPersonWeights();
    }
    double[] w = new double[PEOPLE.size()];
    int active = 3 + random.nextInt(PEOPLE.size() - 2);
    int offset = random.nextInt(PEOPLE.size());
    for (int k = 0; k < active; k++) {
      w[(offset + k) % w.length] = 0.5 + random.nextDouble();
    }
    return w;
  }

  /** A quarter where one person carries the drills: the key-person risk the report warns of. */
  private double[] keyPersonWeights() {
    double[] w = new double[PEOPLE.size()];
    int key = random.nextInt(PEOPLE.size());
    w[key] = 0.7;
    w[(key + 1) % w.length] = 0.2;
    w[(key + 2) % w.length] = 0.1;
    return w;
  }

  private String pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = random.nextDouble() * total;
    for (int k = 0; k < weights.length; k++) {
      r -= weights[k];
      if (r < 0) {
        return PEOPLE.get(k);
      }
    }
    return PEOPLE.get(weights.length - 1);
  }

  // ---- one run -------------------------------------------------------------------------

  private DrillRecord run(Scenario s, Instant at, double trend, String who, int iteration) {
    double roll = random.nextDouble();
    Verdict verdict;
    String reason = null;
    Long tth = null;
    Map<String, Long> phases = new LinkedHashMap<>();
    phases.put("preflight", secs(1.5 + random.nextDouble() * 3));
    phases.put("deploy", secs(10 + random.nextDouble() * 30));
    phases.put("detect", secs(s.detectSeconds() * logNormal(0.3)));
    long trigger = secs(0.2 + random.nextDouble() * 2.5);
    long accepted = secs(0.1 + random.nextDouble() * 0.9);
    phases.put("trigger", trigger);
    phases.put("rollback-accepted", accepted);
    if (roll < 0.01) {
      verdict = Verdict.ERROR;
      reason = ERROR_REASONS.get(random.nextInt(ERROR_REASONS.size()));
      phases.remove("trigger");
      phases.remove("rollback-accepted");
    } else if (roll < 0.0325) {
      verdict = Verdict.FAILED;
      reason = FAILURE_REASONS.get(random.nextInt(FAILURE_REASONS.size()));
      phases.put("healthy", Duration.ofMinutes(5).toNanos());
    } else if (roll < 0.035) {
      // The known-good version could not run on the migrated schema: a finding about the release.
      verdict = Verdict.FORWARD_ONLY;
      random.nextInt(FAILURE_REASONS.size()); // the same draws as a failure, so the rest of the history stays as it was
      reason = "healthy: blocked by the migration: the known-good version cannot run on the migrated schema, so rolling"
          + " back the code does not restore service: db/v1.sql:2 SELECT email FROM users: column \"email\" does not exist";
      phases.put("healthy", Duration.ofMinutes(5).toNanos());
    } else if (roll < 0.045) {
      // Refused in preflight: nothing changed, so no phase after it.
      verdict = Verdict.REFUSED;
      reason = REFUSAL_REASONS.get(random.nextInt(REFUSAL_REASONS.size()));
      phases.keySet().retainAll(List.of("preflight"));
    } else {
      double seconds = s.baseSeconds() * trend * logNormal(0.35);
      if (random.nextDouble() < 0.02) {
        seconds *= 1.5 + 1.5 * random.nextDouble(); // an occasional slow outlier
      }
      tth = Math.max(trigger + accepted + secs(0.5), secs(seconds));
      phases.put("healthy", tth - trigger - accepted);
      phases.put("verify", secs(4 + random.nextDouble() * 10));
      verdict = tth <= s.sloNanos() ? Verdict.PASSED : Verdict.SLO_MISSED;
    }
    long total = phases.values().stream().mapToLong(Long::longValue).sum();
    long revision = 3 + random.nextInt(40);
    RevisionRef knownGood =
        new RevisionRef(
            revision,
            "registry.local/" + s.service() + ":1." + revision + ".0",
            "release 1." + revision + ".0");
    RevisionRef candidate =
        new RevisionRef(
            revision + 1,
            "registry.local/" + s.service() + ":1." + (revision + 1) + ".0-" + s.change(),
            "drill: " + s.change());
    RevisionRef restored =
        tth == null
            ? null
            : new RevisionRef(revision + 2, knownGood.image(), knownGood.changeCause());
    return new DrillRecord(
        DrillRecord.FORMAT_VERSION,
        new UUID(random.nextLong(), random.nextLong()).toString(),
        new ScenarioRef(
            s.name(),
            "scenarios/" + s.name() + ".yaml",
            sha256(s.name()),
            List.of("generated", s.change()),
            s.procedure(),
            s.change(),
            s.change()),
        new ClusterRef(
            "k3s", "drill-" + Long.toHexString(random.nextLong() & 0xffffffL), "v1.31.4+k3s1"),
        "shop",
        s.service(),
        knownGood,
        verdict == Verdict.REFUSED ? null : candidate,
        restored,
        who,
        at,
        at.plusNanos(total),
        iteration,
        phases,
        tth,
        s.sloNanos(),
        verdict,
        reason,
        null,
        null,
        null, null);
  }

  private double logNormal(double sigma) {
    return Math.exp(random.nextGaussian() * sigma);
  }

  private static long secs(double s) {
    return Math.round(s * 1e9);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
