package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatsTest {

  private static String d(double seconds) {
    return Formats.duration(Math.round(seconds * 1e9));
  }

  @Test
  void formatsDurationsTheWayPeopleSayThem() {
    assertThat(d(0.00042)).isEqualTo("0.42 ms");
    assertThat(d(0.85)).isEqualTo("850 ms");
    assertThat(d(1.84)).isEqualTo("1.84 s");
    assertThat(d(12.34)).isEqualTo("12.3 s");
    assertThat(d(125)).isEqualTo("2 m 05 s");
    assertThat(d(3720)).isEqualTo("1 h 02 m");
    assertThat(d(3 * 86400 + 4 * 3600)).isEqualTo("3 d 04 h");
  }

  @Test
  void roundsBeforeChoosingTheUnitSoNoValueReadsAsAThousandOrSixty() {
    assertThat(d(0.9997)).isEqualTo("1.00 s");
    assertThat(d(9.996)).isEqualTo("10.0 s");
    assertThat(d(59.97)).isEqualTo("1 m 00 s");
    assertThat(d(3599.6)).isEqualTo("1 h 00 m");
  }

  @Test
  void labelsAxesWithRoundValues() {
    assertThat(Formats.axis(0)).isEqualTo("0");
    assertThat(Formats.axis(500_000_000L)).isEqualTo("500 ms");
    assertThat(Formats.axis(30_000_000_000L)).isEqualTo("30 s");
    assertThat(Formats.axis(2_500_000_000L)).isEqualTo("2.5 s");
    assertThat(Formats.axis(120_000_000_000L)).isEqualTo("2 m");
    assertThat(Formats.axis(90_000_000_000L)).isEqualTo("1 m 30 s");
    assertThat(Formats.axis(Duration.ofHours(2).toNanos())).isEqualTo("2 h");
  }

  @Test
  void neverRoundsAPartialShareToAllOrNothing() {
    assertThat(Formats.percent(199, 200)).isEqualTo("99%");
    assertThat(Formats.percent(200, 200)).isEqualTo("100%");
    assertThat(Formats.percent(1, 300)).isEqualTo("<1%");
    assertThat(Formats.percent(0, 300)).isEqualTo("0%");
    assertThat(Formats.percent(2, 3)).isEqualTo("67%");
    assertThat(Formats.percent(0, 0)).isEqualTo("—");
  }

  @Test
  void givesErrorRatesOneDecimalWithoutRoundingAMissAway() {
    assertThat(Formats.percentOneDecimal(212, 5170)).isEqualTo("4.1%");
    assertThat(Formats.percentOneDecimal(1, 10)).isEqualTo("10.0%");
    assertThat(Formats.percentOneDecimal(0, 10)).isEqualTo("0.0%");
    assertThat(Formats.percentOneDecimal(1, 10_000)).isEqualTo("<0.1%");
    assertThat(Formats.percentOneDecimal(9_999, 10_000)).isEqualTo("99.9%");
    assertThat(Formats.percentOneDecimal(10, 10)).isEqualTo("100.0%");
    assertThat(Formats.percentOneDecimal(1, 0)).isEqualTo("—");
  }

  @Test
  void saysHowLongAgoInWholeDaysMonthsOrYears() {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    assertThat(Formats.ago(now.minusSeconds(3600), now)).isEqualTo("today");
    assertThat(Formats.ago(now.minus(Duration.ofDays(1)), now)).isEqualTo("yesterday");
    assertThat(Formats.ago(now.minus(Duration.ofDays(12)), now)).isEqualTo("12 days ago");
    assertThat(Formats.ago(now.minus(Duration.ofDays(95)), now)).isEqualTo("3 months ago");
    assertThat(Formats.ago(now.minus(Duration.ofDays(800)), now)).isEqualTo("2 years ago");
    assertThat(Formats.ago(now.plusSeconds(60), now)).isEqualTo("in the future");
  }

  @Test
  void namesUtcAsUtcAndRegionsByTheirId() {
    assertThat(Formats.zone(ZoneOffset.UTC)).isEqualTo("UTC");
    assertThat(Formats.zone(ZoneId.of("Etc/UTC"))).isEqualTo("UTC");
    assertThat(Formats.zone(ZoneId.of("Europe/Berlin"))).isEqualTo("Europe/Berlin");
  }

  @Test
  void writesPeriodsInTheirLargestWholeUnit() {
    assertThat(Formats.period(Duration.ofDays(35))).isEqualTo("35 days");
    assertThat(Formats.period(Duration.ofDays(1))).isEqualTo("1 day");
    assertThat(Formats.period(Duration.ofHours(12))).isEqualTo("12 hours");
    assertThat(Formats.period(Duration.ofMinutes(90))).isEqualTo("90 minutes");
  }
}
