package dev.rollbackdrill.report;

import static dev.rollbackdrill.report.Drills.drill;
import static dev.rollbackdrill.report.Drills.secs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.report.ReportModel.MonthPoint;
import dev.rollbackdrill.report.ReportModel.ScenarioRow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendReportTest {

  private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

  private static ReportModel compute(List<DrillRecord> records) {
    return TrendReport.compute(records, List.of(), ReportOptions.defaults(NOW));
  }

  private static ReportModel compute(List<DrillRecord> records, ReportOptions options) {
    return TrendReport.compute(records, List.of(), options);
  }

  private static MonthPoint month(ReportModel m, String yearMonth) {
    return m.trend().months().stream()
        .filter(p -> p.month().equals(yearMonth))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no month " + yearMonth + " in " + m.trend().months()));
  }

  private static ScenarioRow scenario(ReportModel m, String name) {
    return m.scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void mergesPercentilesOfAllRunsInAMonthRatherThanAveragingPerScenarioPercentiles() {
    // Scenario a: 1, 2, 3 s (median 2 s, p90 3 s). Scenario b: 10, 20, 30, 40 s (median 20 s,
    // p90 40 s). Averaged, that would say median 11 s and p90 21.5 s. Merged, the seven runs
    // sorted are 1 2 3 10 20 30 40: the median is the 4th value (ceil 0.5 x 7), 10 s, and the
    // p90 the 7th (ceil 0.9 x 7 = ceil 6.3), 40 s.
    List<DrillRecord> runs = new ArrayList<>();
    int day = 1;
    for (double s : new double[] {1, 2, 3}) {
      runs.add(drill("a", "2026-01-%02dT10:00:00Z".formatted(day++)).took(secs(s)).build());
    }
    for (double s : new double[] {10, 20, 30, 40}) {
      runs.add(drill("b", "2026-01-%02dT10:00:00Z".formatted(day++)).took(secs(s)).build());
    }

    ReportModel m = compute(runs);

    MonthPoint jan = month(m, "2026-01");
    assertThat(jan.runs()).isEqualTo(7);
    assertThat((double) jan.median().nanos()).isCloseTo(10e9, withinPercentage(0.1));
    assertThat(jan.median().text()).isEqualTo("10.0 s");
    assertThat((double) jan.p90().nanos()).isCloseTo(40e9, withinPercentage(0.1));
    assertThat(jan.max().nanos()).isEqualTo(secs(40).toNanos());
    assertThat(m.headline().median().text()).isEqualTo("10.0 s");
    assertThat(m.headline().p90().text()).isEqualTo("40.0 s");
    assertThat(scenario(m, "a").median().text()).isEqualTo("2.00 s");
    assertThat(scenario(m, "b").median().text()).isEqualTo("20.0 s");
  }

  @Test
  void putsARunLateOnTheLastDayOfJanuaryUtcIntoFebruaryInBerlin() {
    // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin (UTC+1 in winter).
    List<DrillRecord> runs =
        List.of(
            drill("a", "2026-01-31T23:30:00Z").took(secs(5)).build(),
            drill("a", "2026-01-15T10:00:00Z").took(secs(7)).build());
    Instant now = Instant.parse("2026-02-10T00:00:00Z");

    ReportModel utc = compute(runs, ReportOptions.defaults(now));
    ReportModel berlin =
        compute(runs, ReportOptions.defaults(now).withZone(ZoneId.of("Europe/Berlin")));

    assertThat(month(utc, "2026-01").runs()).isEqualTo(2);
    assertThat(month(utc, "2026-02").runs()).isZero();
    assertThat(month(berlin, "2026-01").runs()).isEqualTo(1);
    assertThat(month(berlin, "2026-02").runs()).isEqualTo(1);
    assertThat(berlin.headline().month()).isEqualTo("February 2026");
    assertThat(berlin.headline().median().text()).isEqualTo("5.00 s");
    assertThat(berlin.zone()).isEqualTo("Europe/Berlin");
    assertThat(utc.zone()).isEqualTo("UTC");
    assertThat(scenario(berlin, "a").lastRun()).isEqualTo("2026-02-01 00:30");
  }

  @Test
  void keepsEmptyMonthsBetweenFirstAndLastRunAsGaps() {
    List<DrillRecord> runs =
        List.of(
            drill("a", "2025-10-05T10:00:00Z").took(secs(4)).build(),
            drill("a", "2026-01-05T10:00:00Z").took(secs(6)).build());

    ReportModel m = compute(runs);

    assertThat(m.trend().months())
        .extracting(MonthPoint::month)
        .containsExactly("2025-10", "2025-11", "2025-12", "2026-01");
    assertThat(m.trend().months())
        .extracting(MonthPoint::gap)
        .containsExactly(false, true, true, false);
    MonthPoint nov = month(m, "2025-11");
    assertThat(nov.runs()).isZero();
    assertThat(nov.median().nanos()).isNull();
    assertThat(nov.median().text()).isEqualTo("—");
    assertThat(nov.withinSlo().text()).isEqualTo("—");
    // Two lone months: no line joins them across the gap, each is a dot.
    ReportModel.Series median =
        m.trend().chart().series().stream()
            .filter(s -> s.name().equals("median"))
            .findFirst()
            .orElseThrow();
    assertThat(median.segments()).isEmpty();
    assertThat(median.dots()).hasSize(2);
    assertThat(m.trend().chart().gaps()).hasSize(2);
  }

  @Test
  void extendsTheSeriesToThisMonthSoThatMonthsWithoutDrillsShow() {
    ReportModel m =
        compute(
            List.of(drill("a", "2025-11-05T10:00:00Z").took(secs(4)).build()),
            ReportOptions.defaults(Instant.parse("2026-02-03T00:00:00Z")));

    assertThat(m.trend().months())
        .extracting(MonthPoint::month)
        .containsExactly("2025-11", "2025-12", "2026-01", "2026-02");
    assertThat(m.headline().month()).isEqualTo("November 2025");
    assertThat(m.headline().monthNote())
        .isEqualTo(
            "No drills in February 2026 yet; showing November 2025, the latest month with drills.");
  }

  @Test
  void reportsASingleRunAsItsOwnMedianP90AndMax() {
    ReportModel m =
        compute(List.of(drill("only", "2026-01-20T08:00:00Z").took(secs(1.84)).build()));

    assertThat(m.empty()).isFalse();
    assertThat(m.summary().runs()).isEqualTo(1);
    assertThat(m.headline().median().text()).isEqualTo("1.84 s");
    assertThat(m.headline().p90().text()).isEqualTo("1.84 s");
    assertThat(month(m, "2026-01").max().text()).isEqualTo("1.84 s");
    assertThat(m.headline().withinSlo().text()).isEqualTo("100%");
    assertThat(m.headline().change().direction()).isEqualTo("none");
    assertThat(m.headline().change().text()).contains("No drill reached healthy in December 2025");
    assertThat(m.trend().months()).hasSize(1);
    assertThat(m.trend().chart().series()).allSatisfy(s -> assertThat(s.dots()).hasSize(1));
    assertThat(m.scenarios())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.runs()).isEqualTo(1);
              assertThat(s.stale()).isFalse();
              assertThat(s.sparkline().last()).isNotNull();
            });
  }

  @Test
  void flagsAScenarioStaleOnlyOnceMoreThanTheStalePeriodHasPassed() {
    Instant last = Instant.parse("2026-01-01T09:00:00Z");
    List<DrillRecord> runs = List.of(drill("a", last.toString()).build());

    ReportModel exactly = compute(runs, ReportOptions.defaults(last.plus(Duration.ofDays(35))));
    ReportModel aSecondLater =
        compute(runs, ReportOptions.defaults(last.plus(Duration.ofDays(35)).plusSeconds(1)));
    ReportModel shorterPeriod =
        compute(
            runs,
            ReportOptions.defaults(last.plus(Duration.ofDays(8)))
                .withStaleAfter(Duration.ofDays(7)));

    assertThat(exactly.scenarios().get(0).stale()).isFalse();
    assertThat(exactly.attention()).noneMatch(a -> a.contains("not been drilled"));
    assertThat(aSecondLater.scenarios().get(0).stale()).isTrue();
    assertThat(aSecondLater.scenarios().get(0).staleText()).contains("more than 35 days");
    assertThat(aSecondLater.attention())
        .anyMatch(a -> a.startsWith("1 scenario has not been drilled in 35 days: a"));
    assertThat(shorterPeriod.scenarios().get(0).stale()).isTrue();
  }

  @Test
  void countsDistinctPeoplePerQuarterAndWarnsWhenOnePersonRanMoreThanTheShare() {
    Instant now = Instant.parse("2026-06-30T00:00:00Z");
    List<DrillRecord> runs =
        List.of(
            // 2026 Q1: alice 2 of 4 = exactly half, which is not more than half.
            drill("a", "2026-01-05T10:00:00Z").by("alice").build(),
            drill("a", "2026-02-05T10:00:00Z").by("alice").build(),
            drill("b", "2026-02-06T10:00:00Z").by("bob").build(),
            drill("b", "2026-03-06T10:00:00Z").by("carol").build(),
            // 2026 Q2: dave 3 of 4.
            drill("a", "2026-04-05T10:00:00Z").by("dave").build(),
            drill("a", "2026-05-05T10:00:00Z").by("dave").build(),
            drill("b", "2026-05-06T10:00:00Z").by("dave").build(),
            drill("b", "2026-06-06T10:00:00Z").by("alice").build());

    ReportModel m = compute(runs, ReportOptions.defaults(now));

    assertThat(m.rotation().quarters())
        .extracting(ReportModel.QuarterRow::quarter)
        .containsExactly("2026 Q2", "2026 Q1");
    ReportModel.QuarterRow q2 = m.rotation().quarters().get(0);
    ReportModel.QuarterRow q1 = m.rotation().quarters().get(1);
    assertThat(q1.people()).isEqualTo(3);
    assertThat(q1.runs()).isEqualTo(4);
    assertThat(q1.byPerson())
        .extracting(ReportModel.Person::name)
        .containsExactly("alice", "bob", "carol");
    assertThat(q1.keyPersonRisk()).isFalse();
    assertThat(q2.people()).isEqualTo(2);
    assertThat(q2.topPerson()).isEqualTo("dave");
    assertThat(q2.topShare().text()).isEqualTo("75%");
    assertThat(q2.keyPersonRisk()).isTrue();
    assertThat(m.rotation().warnings())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("2026 Q2: dave ran 3 of 4 drills (75%), more than 50%");
    assertThat(m.attention()).anyMatch(a -> a.startsWith("Key-person risk in 2026 Q2: dave"));

    ReportModel lenient = compute(runs, ReportOptions.defaults(now).withKeyPersonShare(0.8));
    assertThat(lenient.rotation().warnings()).isEmpty();
  }

  @Test
  void countsRunsWithoutAnExecutorAsOneUnknownPerson() {
    ReportModel m =
        compute(
            List.of(
                drill("a", "2026-01-05T10:00:00Z").by(null).build(),
                drill("a", "2026-01-06T10:00:00Z").by(" ").build(),
                drill("a", "2026-01-07T10:00:00Z").by("bob").build()));

    assertThat(m.rotation().quarters().get(0).byPerson())
        .containsExactly(new ReportModel.Person("(unknown)", 2), new ReportModel.Person("bob", 1));
  }

  @Test
  void listsFailedAndErroredDrillsNewestFirstWithTheirReasons() {
    ReportModel m =
        compute(
            List.of(
                drill("a", "2026-01-03T10:00:00Z")
                    .failed("healthy gate timed out after 5m")
                    .by("bob")
                    .build(),
                drill("a", "2026-01-04T10:00:00Z").build(),
                drill("b", "2026-01-05T10:00:00Z").error("cluster unreachable").build(),
                drill("c", "2026-01-06T10:00:00Z").failed(null).build(),
                drill("c", "2026-01-07T10:00:00Z").took(secs(90)).build()));

    assertThat(m.failures().total()).isEqualTo(3);
    assertThat(m.failures().omitted()).isZero();
    assertThat(m.failures().shown())
        .extracting(
            ReportModel.FailureRow::when,
            ReportModel.FailureRow::scenario,
            ReportModel.FailureRow::verdict,
            ReportModel.FailureRow::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "2026-01-06 10:00", "c", "FAILED", "(no reason recorded)"),
            org.assertj.core.groups.Tuple.tuple(
                "2026-01-05 10:00", "b", "ERROR", "cluster unreachable"),
            org.assertj.core.groups.Tuple.tuple(
                "2026-01-03 10:00", "a", "FAILED", "healthy gate timed out after 5m"));
    assertThat(m.failures().shown().get(2).executedBy()).isEqualTo("bob");
    // The SLO miss completed: it is not a failed drill.
    assertThat(m.failures().shown()).noneMatch(f -> f.verdict().equals("SLO_MISSED"));
  }

  @Test
  void capsTheFailureListAndCountsTheRest() {
    List<DrillRecord> runs = new ArrayList<>();
    for (int i = 0; i < TrendReport.MAX_FAILURES_SHOWN + 5; i++) {
      runs.add(
          drill("a", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * i).toString())
              .failed("r" + i)
              .build());
    }

    ReportModel m = compute(runs);

    assertThat(m.failures().total()).isEqualTo(TrendReport.MAX_FAILURES_SHOWN + 5);
    assertThat(m.failures().shown()).hasSize(TrendReport.MAX_FAILURES_SHOWN);
    assertThat(m.failures().omitted()).isEqualTo(5);
    assertThat(m.failures().shown().get(0).reason())
        .isEqualTo("r" + (TrendReport.MAX_FAILURES_SHOWN + 4));
  }

  @Test
  void leavesRunsThatNeverBecameHealthyOutOfPercentilesButCountsThemAsSloMisses() {
    ReportModel m =
        compute(
            List.of(
                drill("a", "2026-01-03T10:00:00Z").took(secs(10)).build(),
                drill("a", "2026-01-04T10:00:00Z").took(secs(20)).build(),
                drill("a", "2026-01-05T10:00:00Z").failed("never healthy").build()));

    assertThat(m.headline().runs()).isEqualTo(3);
    assertThat(m.headline().failed()).isEqualTo(1);
    // Two values, 10 s and 20 s: the median is the first (ceil 0.5 x 2), not a time for the
    // failure.
    assertThat(m.headline().median().text()).isEqualTo("10.0 s");
    assertThat(m.headline().p90().text()).isEqualTo("20.0 s");
    assertThat(m.headline().withinSlo().part()).isEqualTo(2);
    assertThat(m.headline().withinSlo().whole()).isEqualTo(3);
    assertThat(m.headline().withinSlo().text()).isEqualTo("67%");
  }

  @Test
  void leavesHarnessErrorsOutOfTimesAndSloShares() {
    ReportModel m =
        compute(
            List.of(
                drill("a", "2026-01-03T10:00:00Z").took(secs(10)).build(),
                drill("a", "2026-01-04T10:00:00Z").error("k3s did not start").build()));

    assertThat(m.headline().withinSlo().text()).isEqualTo("100%");
    assertThat(m.headline().withinSlo().whole()).isEqualTo(1);
    assertThat(m.headline().failed()).isEqualTo(1);
  }

  @Test
  void neverRoundsAMissAwayInTheSloShare() {
    List<DrillRecord> runs = new ArrayList<>();
    for (int i = 0; i < 199; i++) {
      runs.add(
          drill("a", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * i).toString())
              .build());
    }
    runs.add(drill("a", "2026-01-20T00:00:00Z").took(secs(61)).build());

    assertThat(compute(runs).headline().withinSlo().text()).isEqualTo("99%");
  }

  @Test
  void comparesTheMedianWithThePreviousMonth() {
    ReportModel m =
        compute(
            List.of(
                drill("a", "2025-12-10T10:00:00Z").took(secs(20)).build(),
                drill("a", "2026-01-10T10:00:00Z").took(secs(15)).build()));

    assertThat(m.headline().change().direction()).isEqualTo("faster");
    assertThat(m.headline().change().percent()).isCloseTo(-25.0, within(0.2));
    assertThat(m.headline().change().text()).isEqualTo("25% faster than December 2025 (20.0 s).");
  }

  @Test
  void namesTheDoraBandOfTheMedian() {
    assertThat(TrendReport.dora(ReportModel.Measure.of(secs(59 * 60).toNanos())).band())
        .isEqualTo("elite");
    assertThat(TrendReport.dora(ReportModel.Measure.of(Duration.ofHours(1).toNanos())).band())
        .isEqualTo("high");
    assertThat(TrendReport.dora(ReportModel.Measure.of(Duration.ofHours(23).toNanos())).band())
        .isEqualTo("high");
    assertThat(TrendReport.dora(ReportModel.Measure.of(Duration.ofDays(1).toNanos())).band())
        .isEqualTo("medium");
    assertThat(TrendReport.dora(ReportModel.Measure.of(Duration.ofDays(7).toNanos())).band())
        .isEqualTo("low");
    assertThat(TrendReport.dora(ReportModel.Measure.none()).band()).isEqualTo("none");

    ReportModel m = compute(List.of(drill("a", "2026-01-10T10:00:00Z").took(secs(30)).build()));
    assertThat(m.headline().dora().label()).isEqualTo("Elite");
    assertThat(m.headline().dora().text()).startsWith("Less than one hour.");
  }

  @Test
  void drawsTheMostCommonSloUnlessOneIsConfigured() {
    List<DrillRecord> runs =
        List.of(
            drill("a", "2026-01-10T10:00:00Z").slo(secs(120)).build(),
            drill("a", "2026-01-11T10:00:00Z").slo(secs(120)).build(),
            drill("b", "2026-01-12T10:00:00Z").slo(secs(300)).build());

    ReportModel common = compute(runs);
    ReportModel configured =
        compute(runs, ReportOptions.defaults(NOW).withSlo(Duration.ofSeconds(90)));

    assertThat(common.summary().slo().nanos()).isEqualTo(secs(120).toNanos());
    assertThat(common.summary().sloNote())
        .startsWith("SLO 2 m (the most common of 2 SLOs in the records)");
    assertThat(common.trend().chart().slo().label()).isEqualTo("SLO 2 m");
    assertThat(configured.summary().slo().nanos()).isEqualTo(secs(90).toNanos());
    assertThat(configured.trend().chart().slo().label()).isEqualTo("SLO 1 m 30 s");
  }

  @Test
  void breaksTheTimeDownByPhaseWithSharesOfTheTotal() {
    long s = 1_000_000_000L;
    ReportModel m =
        compute(
            List.of(
                drill("a", "2026-01-10T10:00:00Z").phases(6 * s, 1 * s, 1 * s, 12 * s).build(),
                drill("a", "2026-01-11T10:00:00Z").phases(14 * s, 1 * s, 1 * s, 4 * s).build()));

    assertThat(m.phases().runs()).isEqualTo(2);
    assertThat(m.phases().rows())
        .extracting(ReportModel.PhaseRow::phase)
        .containsExactly("detect", "trigger", "rollback-accepted", "healthy");
    // Totals: detect 20 s, trigger 2 s, accepted 2 s, healthy 16 s, of 40 s.
    assertThat(m.phases().rows())
        .extracting(ReportModel.PhaseRow::share)
        .containsExactly("50%", "5%", "5%", "40%");
    assertThat(m.phases().rows().get(0).barPercent()).isEqualTo(50.0);
    assertThat(m.phases().rows().get(0).median().text()).isEqualTo("6.00 s");
    assertThat(m.phases().rows().get(0).p90().text()).isEqualTo("14.0 s");
  }

  @Test
  void comparesProceduresOnlyForTheSameFailureOnATargetDrilledWithMoreThanOne() {
    ReportModel m =
        compute(
            List.of(
                drill("undo", "2026-01-10T10:00:00Z")
                    .target("shop", "checkout")
                    .failure("broken", "bad-config")
                    .took(secs(10))
                    .build(),
                drill("undo", "2026-01-11T10:00:00Z")
                    .target("shop", "checkout")
                    .failure("broken", "bad-config")
                    .took(secs(12))
                    .build(),
                drill("fix-forward", "2026-01-12T10:00:00Z")
                    .target("shop", "checkout")
                    .failure("broken", "bad-config")
                    .procedure("roll-forward")
                    .took(secs(30))
                    .build(),
                // Same target and fault, but another failure (its own change-cause): not compared.
                drill("wrong-db-url", "2026-01-13T11:00:00Z")
                    .target("shop", "checkout")
                    .failure("broken", "bad-config")
                    .cause("bad-config: wrong database URL")
                    .procedure("command")
                    .took(secs(7))
                    .build(),
                // Same target, another failure: a crash is not compared with a bad config.
                drill("crash-script", "2026-01-13T10:00:00Z")
                    .target("shop", "checkout")
                    .failure("broken", "crash-on-start")
                    .procedure("command")
                    .took(secs(5))
                    .build(),
                drill("other", "2026-01-12T10:00:00Z")
                    .target("shop", "cart")
                    .took(secs(5))
                    .build()));

    assertThat(m.procedures())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.target()).isEqualTo("shop/checkout");
              assertThat(c.failure()).isEqualTo("bad-config (bad)");
              assertThat(c.rows())
                  .extracting(ReportModel.ProcedureRow::procedure)
                  .containsExactly("roll-forward", "rollout-undo");
              assertThat(c.rows()).extracting(ReportModel.ProcedureRow::runs).containsExactly(1, 2);
              assertThat(c.verdict())
                  .isEqualTo(
                      "rollout-undo is fastest at the median, 10.0 s; the slowest takes 3.0 times"
                          + " as long (30.0 s).");
            });
    assertThat(scenario(m, "crash-script").procedures()).containsExactly("command");
  }

  @Test
  void putsFailedRequestsAndTheErrorRateOfEachProcedureSideBySide() {
    // Rolling back: 2 drills, 212 of 5,170 and 100 of 5,000 requests failed: 312 of 10,170,
    // 3.07%. Rolling forward: one drill, 430 of 5,200, 8.27%.
    ReportModel m =
        compute(
            List.of(
                drill("http500-undo", "2026-01-10T10:00:00Z").target("shop", "checkout")
                    .failure("broken", "bad-config").took(secs(20)).load(5170, 212).build(),
                drill("http500-undo", "2026-01-11T10:00:00Z").target("shop", "checkout")
                    .failure("broken", "bad-config").took(secs(22)).load(5000, 100).build(),
                drill("roll-forward", "2026-01-12T10:00:00Z").target("shop", "checkout")
                    .failure("broken", "bad-config").procedure("roll-forward").took(secs(40))
                    .load(5200, 430).build()));

    ReportModel.ProcedureComparison c = m.procedures().get(0);
    assertThat(c.rows())
        .extracting(
            ReportModel.ProcedureRow::procedure,
            ReportModel.ProcedureRow::loadRuns,
            ReportModel.ProcedureRow::failedRequests,
            ReportModel.ProcedureRow::failedPerDrill,
            ReportModel.ProcedureRow::errorRateText)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("roll-forward", 1, 430L, "430", "8.3%"),
            org.assertj.core.groups.Tuple.tuple("rollout-undo", 2, 312L, "100", "3.1%"));
    assertThat(c.rows().get(1).errorRate()).isCloseTo(312 / 10170.0, within(1e-9));
    assertThat(c.verdict())
        .endsWith(" Users saw fewest errors with rollout-undo: 3.1% of requests failed, against 8.3%"
            + " with roll-forward.");
    assertThat(scenario(m, "roll-forward").lastImpact())
        .isEqualTo("rolled back in 40.0 s; 430 failed requests of 5200 (8.3%)");
  }

  @Test
  void saysNothingAboutImpactWhereNoProcedureRanALoad() {
    ReportModel m =
        compute(
            List.of(
                drill("a", "2026-01-10T10:00:00Z").target("shop", "x").failure("noop", null).build(),
                drill("b", "2026-01-11T10:00:00Z").target("shop", "x").failure("noop", null)
                    .procedure("command").build()));

    ReportModel.ProcedureComparison c = m.procedures().get(0);
    assertThat(c.failure()).isEqualTo("noop (bad)");
    assertThat(c.rows()).allSatisfy(r -> {
      assertThat(r.failedPerDrill()).isEqualTo("—");
      assertThat(r.errorRateText()).isEqualTo("—");
      assertThat(r.errorRate()).isNull();
    });
    assertThat(c.verdict()).doesNotContain("Users");
  }

  @Test
  void aHarnessErrorDoesNotMakeAScenarioFresh() {
    // Drilled 40 days before the report, then an ERROR 2 days before: still 40 days undrilled.
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    ReportModel m =
        compute(
            List.of(
                drill("a", now.minus(Duration.ofDays(40)).toString()).build(),
                drill("a", now.minus(Duration.ofDays(2)).toString()).error("cluster unreachable").build(),
                drill("only-errors", now.minus(Duration.ofDays(1)).toString()).error("API 503").build()),
            ReportOptions.defaults(now));

    assertThat(scenario(m, "a").stale()).isTrue();
    assertThat(scenario(m, "a").lastVerdict()).isEqualTo("ERROR");
    assertThat(scenario(m, "a").staleText())
        .isEqualTo("Not drilled for 40 days (more than 35 days); since then only harness errors");
    assertThat(scenario(m, "only-errors").stale()).isTrue();
    assertThat(scenario(m, "only-errors").staleText()).isEqualTo("No drill that counts: only harness errors");
    assertThat(m.summary().staleRule())
        .isEqualTo("Stale: not drilled for more than 35 days; harness errors and refused drills do not count.");
  }

  @Test
  void aRefusedDrillIsNotADrillNotAFailureAndKeepsNoScenarioFresh() {
    // Drilled 40 days before the report, then refused 2 days before: still 40 days undrilled.
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    ReportModel m =
        compute(
            List.of(
                drill("a", now.minus(Duration.ofDays(40)).toString()).took(secs(10)).build(),
                drill("a", now.minus(Duration.ofDays(2)).toString())
                    .refused("preflight: deployment shop/a is paused")
                    .build(),
                drill("b", now.minus(Duration.ofDays(3)).toString()).took(secs(20)).build(),
                drill("b", now.minus(Duration.ofDays(1)).toString()).failed("never healthy").build(),
                drill("only-refused", now.minus(Duration.ofDays(1)).toString())
                    .refused("preflight: namespace shop is not marked for drills")
                    .build()),
            ReportOptions.defaults(now));

    assertThat(scenario(m, "a").lastVerdict()).isEqualTo("REFUSED");
    assertThat(scenario(m, "a").tone()).isEqualTo("refused");
    assertThat(scenario(m, "a").stale()).isTrue();
    assertThat(scenario(m, "a").staleText())
        .isEqualTo("Not drilled for 40 days (more than 35 days); since then only refused drills");
    assertThat(scenario(m, "only-refused").stale()).isTrue();
    assertThat(scenario(m, "only-refused").staleText()).isEqualTo("No drill that counts: only refused drills");
    assertThat(scenario(m, "b").stale()).isFalse();

    // This month (February in the report of March 1st is not it): count in the month they ran.
    ReportModel.Headline h =
        compute(
            List.of(
                drill("a", "2026-01-03T10:00:00Z").took(secs(10)).build(),
                drill("a", "2026-01-04T10:00:00Z").refused("preflight: lease held by bob").build(),
                drill("a", "2026-01-05T10:00:00Z").failed("never healthy").build()))
            .headline();
    assertThat(h.runs()).isEqualTo(3);
    assertThat(h.failed()).as("a refusal is not a failure").isEqualTo(1);
    assertThat(h.refused()).isEqualTo(1);
    assertThat(h.withinSlo().whole()).as("a refusal says nothing about the SLO").isEqualTo(2);
    assertThat(h.withinSlo().part()).isEqualTo(1);
    assertThat(h.median().text()).isEqualTo("10.0 s");
  }

  @Test
  void listsRefusedDrillsApartFromFailuresAndSaysSoInTheAttentionList() {
    ReportModel m =
        compute(
            List.of(
                drill("a", "2026-01-03T10:00:00Z").failed("healthy gate timed out").build(),
                drill("a", "2026-01-04T10:00:00Z").refused("preflight: deployment shop/a is paused").build(),
                drill("b", "2026-01-05T10:00:00Z").refused("preflight: lease held by bob").build()));

    assertThat(m.failures().total()).isEqualTo(1);
    assertThat(m.failures().shown()).extracting(ReportModel.FailureRow::verdict).containsExactly("FAILED");
    assertThat(m.refusals().total()).isEqualTo(2);
    assertThat(m.refusals().shown())
        .extracting(ReportModel.FailureRow::scenario, ReportModel.FailureRow::verdict, ReportModel.FailureRow::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", "REFUSED", "preflight: lease held by bob"),
            org.assertj.core.groups.Tuple.tuple("a", "REFUSED", "preflight: deployment shop/a is paused"));
    assertThat(m.attention())
        .contains("1 drill failed or hit a harness error in January 2026; see Failed drills.")
        .contains("2 drills were refused before anything changed in January 2026, so not drilled; see Refused drills.");
    // Preflight of a refused drill is not part of where the time goes.
    assertThat(m.phases().runs()).isZero();
  }

  @Test
  void onlyRunsOnTheNamedClusterKeepAScenarioFresh() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    List<DrillRecord> runs =
        List.of(
            drill("a", now.minus(Duration.ofDays(50)).toString()).on("context:staging").build(),
            drill("a", now.minus(Duration.ofDays(3)).toString()).on("local").build(),
            drill("b", now.minus(Duration.ofDays(3)).toString()).on("context:staging").build());

    ReportModel anywhere = compute(runs, ReportOptions.defaults(now));
    ReportModel staging =
        compute(runs, ReportOptions.defaults(now).withFreshOn(java.util.Set.of("context:staging")));

    assertThat(scenario(anywhere, "a").stale()).isFalse();
    assertThat(scenario(staging, "a").stale()).isTrue();
    assertThat(scenario(staging, "a").staleText())
        .isEqualTo("Not drilled for 50 days on context:staging (more than 35 days); since then only runs on"
            + " other clusters");
    assertThat(scenario(staging, "b").stale()).isFalse();
    assertThat(staging.summary().staleRule()).contains("not drilled on context:staging for more than 35 days");
  }

  @Test
  void listsAPlannedScenarioThatNeverRanAsStale() {
    ReportModel m =
        compute(
            List.of(drill("monthly", "2026-01-20T10:00:00Z").build()),
            ReportOptions.defaults(NOW)
                .withStaleAfter(java.util.Map.of("monthly", Duration.ofDays(35), "quarterly", Duration.ofDays(100))));

    assertThat(m.scenarios()).extracting(ScenarioRow::name).containsExactly("quarterly", "monthly");
    ScenarioRow never = scenario(m, "quarterly");
    assertThat(never.stale()).isTrue();
    assertThat(never.runs()).isZero();
    assertThat(never.lastRun()).isEqualTo("never");
    assertThat(never.lastVerdict()).isEqualTo("NOT RUN");
    assertThat(never.staleText()).isEqualTo("Planned, never drilled");
    assertThat(never.median().text()).isEqualTo("—");
    assertThat(scenario(m, "monthly").stale()).isFalse();
    assertThat(m.summary().scenarios()).isEqualTo(1);
    assertThat(m.attention()).anyMatch(a -> a.startsWith("1 scenario has not been drilled within its planned"
        + " period: quarterly"));
  }

  @Test
  void putsScenariosThatNeedAttentionFirst() {
    ReportModel m =
        compute(
            List.of(
                drill("alpha", "2026-01-20T10:00:00Z").build(),
                drill("beta", "2026-01-21T10:00:00Z").failed("boom").build(),
                drill("gamma", "2025-11-01T10:00:00Z").build()));

    assertThat(m.scenarios())
        .extracting(ScenarioRow::name)
        .containsExactly("beta", "gamma", "alpha");
    assertThat(scenario(m, "beta").tone()).isEqualTo("bad");
    assertThat(scenario(m, "gamma").stale()).isTrue();
  }

  @Test
  void carriesReadWarningsIntoTheModelAndTheAttentionList() {
    ReportModel m =
        TrendReport.compute(
            List.of(drill("a", "2026-01-10T10:00:00Z").build()),
            List.of("drills/2026/01/x.json: unreadable record (oops); skipped"),
            ReportOptions.defaults(NOW));

    assertThat(m.warnings())
        .containsExactly("drills/2026/01/x.json: unreadable record (oops); skipped");
    assertThat(m.attention()).contains("1 history file was skipped as unreadable; see Warnings.");
  }

  @Test
  void leavesOutRecordsWithoutAScenarioNameRatherThanFailing() {
    DrillRecord good = drill("a", "2026-01-10T10:00:00Z").build();
    DrillRecord nameless = new DrillRecord(good.formatVersion(), "x", new DrillRecord.ScenarioRef(
        null, null, null, null, null, null, null), good.cluster(), good.namespace(), good.deployment(),
        null, null, null, "bob", good.startedAt().plusSeconds(60), good.endedAt(), 1, java.util.Map.of(),
        1_000_000_000L, good.sloNanos(), DrillRecord.Verdict.PASSED, null, null, null,
        null, null);

    ReportModel m = compute(List.of(good, nameless));

    assertThat(m.summary().runs()).isEqualTo(1);
    assertThat(m.scenarios()).extracting(ScenarioRow::name).containsExactly("a");
  }

  @Test
  void givesAnEmptyModelWithAHintWhenThereAreNoDrills() {
    ReportModel m = TrendReport.compute(List.of(), List.of(), ReportOptions.defaults(NOW));

    assertThat(m.empty()).isTrue();
    assertThat(m.emptyHint()).contains("./drill run scenarios/noop-undo.yaml");
    assertThat(m.headline()).isNull();
    assertThat(m.scenarios()).isEmpty();
  }

  @Test
  void computesAGeneratedTenYearHistoryWithOneGroupPerMonth() {
    List<DrillRecord> runs = new HistoryGenerator(1).generate(10, 12, 3, NOW);

    ReportModel m = compute(runs);

    assertThat(m.summary().runs()).isEqualTo(10 * 12 * 12 * 3);
    assertThat(m.trend().months()).hasSize(120);
    assertThat(m.trend().recent()).hasSize(12);
    assertThat(m.trend().recent().get(0).month()).isEqualTo("2026-01");
    assertThat(m.scenarios()).hasSize(12);
    assertThat(m.scenarios())
        .filteredOn(ScenarioRow::stale)
        .hasSize(HistoryGenerator.STALE_SCENARIOS);
  }
}
