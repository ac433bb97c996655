package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.report.Charts.Line;
import dev.rollbackdrill.report.ReportModel.Chart;
import dev.rollbackdrill.report.ReportModel.Series;
import dev.rollbackdrill.report.ReportModel.Sparkline;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

  private static final long S = 1_000_000_000L;

  private static List<YearMonth> months(int n) {
    List<YearMonth> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(YearMonth.of(2025, 1).plusMonths(i));
    }
    return out;
  }

  private static Chart chart(List<Long> median, List<Long> p90, List<Long> max, Long slo) {
    return Charts.trend(
        Charts.WIDE,
        months(median.size()),
        new Line("median", "median", median),
        new Line("p90", "p90", p90),
        new Line("max", "max", max),
        slo);
  }

  private static Series series(Chart c, String name) {
    return c.series().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void splitsALineIntoSegmentsAtGapMonthsAndShadesTheGaps() {
    List<Long> median = Arrays.asList(10 * S, 12 * S, null, 11 * S, 9 * S, null, 8 * S);
    Chart c = chart(median, median, median, 60 * S);

    assertThat(series(c, "median").segments()).hasSize(2);
    assertThat(series(c, "median").segments().get(0).split(" ")).hasSize(2);
    // The last month stands alone between a gap and the end: a dot, not a line.
    assertThat(series(c, "median").dots())
        .extracting(ReportModel.Dot::title)
        .contains("Jul 2025 median: 8.00 s");
    assertThat(c.gaps()).hasSize(2);
    assertThat(c.gaps())
        .allSatisfy(
            g -> {
              assertThat(g.x()).isBetween(c.plotLeft(), c.plotRight());
              assertThat(g.x() + g.width()).isLessThanOrEqualTo(c.plotRight() + 0.1);
            });
  }

  @Test
  void keepsEveryPointInsideThePlotArea() {
    List<Long> median = List.of(5 * S, 7 * S, 6 * S);
    List<Long> p90 = List.of(9 * S, 11 * S, 10 * S);
    List<Long> max = List.of(12 * S, 300 * S, 14 * S);
    Chart c = chart(median, p90, max, 30 * S);

    for (Series s : c.series()) {
      for (String segment : s.segments()) {
        for (String point : segment.split(" ")) {
          String[] xy = point.split(",");
          assertThat(Double.parseDouble(xy[0])).isBetween(c.plotLeft(), c.plotRight());
          assertThat(Double.parseDouble(xy[1])).isBetween(c.plotTop(), c.plotBottom());
        }
      }
    }
    // The 300 s max would flatten everything else: it is drawn at the top and noted.
    assertThat(c.note()).contains("1 month's max is above");
    // A 30 s SLO against p90s near 10 s would flatten the lines: it is left off the scale.
    assertThat(c.slo().shown()).isFalse();
    assertThat(c.note()).startsWith("The SLO 30 s line is far above every month's p90");
  }

  @Test
  void drawsTheSloAsAHorizontalLineAtItsValue() {
    List<Long> v = List.of(10 * S, 20 * S);
    Chart c = chart(v, v, v, 30 * S);

    assertThat(c.slo().shown()).isTrue();
    assertThat(c.slo().label()).isEqualTo("SLO 30 s");
    double zeroY = c.yTicks().get(0).position();
    double topValue = c.yTicks().size() - 1;
    assertThat(c.yTicks().get(0).label()).isEqualTo("0");
    assertThat(c.yTicks()).extracting(ReportModel.Tick::label).contains("30 s");
    double thirtyY =
        c.yTicks().stream()
            .filter(t -> t.label().equals("30 s"))
            .findFirst()
            .orElseThrow()
            .position();
    assertThat(c.slo().y()).isEqualTo(thirtyY);
    assertThat(zeroY).isEqualTo(c.plotBottom());
    assertThat(topValue).isPositive();
  }

  @Test
  void labelsYearsOnLongSeriesAndMonthsOnShortOnes() {
    List<Long> longSeries = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      longSeries.add(10 * S);
    }
    Chart wide = chart(longSeries, longSeries, longSeries, null);
    Chart compact =
        Charts.trend(
            Charts.NARROW,
            months(120),
            new Line("median", "median", longSeries),
            new Line("p90", "p90", longSeries),
            new Line("max", "max", longSeries),
            null);
    List<Long> shortSeries = List.of(S, S, S);
    Chart months = chart(shortSeries, shortSeries, shortSeries, null);

    assertThat(wide.xTicks()).extracting(ReportModel.Tick::label).contains("2026", "2034");
    assertThat(compact.xTicks().size()).isLessThanOrEqualTo(Charts.NARROW.maxXTicks());
    assertThat(months.xTicks())
        .extracting(ReportModel.Tick::label)
        .containsExactly("Jan 2025", "Feb", "Mar");
    assertThat(wide.slo().shown()).isFalse();
  }

  @Test
  void drawsALoneSparklineValueAsADot() {
    List<Long> values = new ArrayList<>(Arrays.asList(new Long[12]));
    values.set(11, 5 * S);

    Sparkline s = Charts.sparkline(months(12), values);

    assertThat(s.segments()).isEmpty();
    assertThat(s.dots()).hasSize(1);
    assertThat(s.last()).isNotNull();
    assertThat(s.last().x()).isLessThanOrEqualTo(s.width());
    assertThat(s.description()).startsWith("Monthly median from 5.00 s to 5.00 s");
  }

  @Test
  void describesAnEmptySparkline() {
    List<Long> values = new ArrayList<>(Arrays.asList(new Long[12]));

    Sparkline s = Charts.sparkline(months(12), values);

    assertThat(s.segments()).isEmpty();
    assertThat(s.last()).isNull();
    assertThat(s.description()).isEqualTo("No runs reached healthy in these months.");
  }
}
