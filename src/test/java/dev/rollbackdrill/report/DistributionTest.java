package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A group's histogram is sized to the group, and reads exactly the percentiles of one histogram
 * covering 1 ns to eight days that every value of the group is recorded into.
 */
class DistributionTest {

  @Test
  void percentilesEqualThoseOfAFullRangeHistogram() {
    Random random = new Random(3);
    for (int group = 0; group < 3_000; group++) {
      Distribution d = new Distribution();
      Histogram full = new Histogram(Distribution.HIGHEST_TRACKABLE, 3);
      long max = Long.MIN_VALUE;
      // Values spread over every magnitude the report meets: sub-microsecond to over eight days,
      // a group often clustered (a scenario's runs), sometimes negative (clamped to 0).
      double centre = random.nextDouble() * 52;
      int n = 1 + random.nextInt(random.nextBoolean() ? 6 : 400);
      for (int i = 0; i < n; i++) {
        double exponent = random.nextInt(4) == 0 ? random.nextDouble() * 52
            : centre + random.nextGaussian();
        long v = (long) Math.pow(2, Math.max(0, exponent));
        if (random.nextInt(50) == 0) {
          v = -v;
        }
        d.add(v);
        full.recordValue(Math.min(Math.max(v, 0), Distribution.HIGHEST_TRACKABLE));
        max = Math.max(max, v);
      }

      Distribution.Summary s = d.summarize();

      assertThat(s.count()).isEqualTo(n);
      assertThat(s.median()).as("median of group %d", group)
          .isEqualTo(full.getValueAtPercentile(50));
      assertThat(s.p90()).as("p90 of group %d", group).isEqualTo(full.getValueAtPercentile(90));
      assertThat(s.max()).isEqualTo(max);
    }
  }

  @Test
  void aGroupOfSimilarTimesNeedsAShortCountsArray() {
    Histogram sized = Distribution.histogramFor(3_000_000_000L, 9_000_000_000L);
    Histogram full = new Histogram(Distribution.HIGHEST_TRACKABLE, 3);

    assertThat(sized.getEstimatedFootprintInBytes())
        .isLessThan(full.getEstimatedFootprintInBytes() / 8);
  }

  @Test
  void anEmptyGroupHasNoSummary() {
    assertThat(new Distribution().summarize()).isNull();
  }
}
