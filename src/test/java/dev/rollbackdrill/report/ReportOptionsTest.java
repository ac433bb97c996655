package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportOptionsTest {

  private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

  @Test
  void defaultsToUtcThirtyFiveDaysTheRecordsSloAndHalf() {
    ReportOptions o = ReportOptions.defaults(NOW);

    assertThat(o.zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(o.staleAfter()).isEqualTo(Duration.ofDays(35));
    assertThat(o.slo()).isNull();
    assertThat(o.now()).isEqualTo(NOW);
    assertThat(o.keyPersonShare()).isEqualTo(0.5);
  }

  @Test
  void fillsInDefaultsForMissingZoneAndStalePeriod() {
    ReportOptions o = new ReportOptions(null, null, null, NOW, 0.5);

    assertThat(o.zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(o.staleAfter()).isEqualTo(ReportOptions.DEFAULT_STALE_AFTER);
  }

  @Test
  void returnsNewOptionsFromEveryWither() {
    ReportOptions base = ReportOptions.defaults(NOW);
    ReportOptions changed =
        base.withZone(ZoneId.of("Europe/Berlin"))
            .withStaleAfter(Duration.ofDays(7))
            .withSlo(Duration.ofMinutes(2))
            .withKeyPersonShare(0.75);

    assertThat(base).isEqualTo(ReportOptions.defaults(NOW));
    assertThat(changed)
        .isEqualTo(
            new ReportOptions(
                ZoneId.of("Europe/Berlin"), Duration.ofDays(7), Duration.ofMinutes(2), NOW, 0.75));
  }

  @Test
  void rejectsOptionsThatCannotMakeSense() {
    assertThatThrownBy(() -> new ReportOptions(null, null, null, null, 0.5))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("now");
    assertThatThrownBy(() -> ReportOptions.defaults(NOW).withKeyPersonShare(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReportOptions.defaults(NOW).withKeyPersonShare(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReportOptions.defaults(NOW).withKeyPersonShare(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReportOptions.defaults(NOW).withStaleAfter(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReportOptions.defaults(NOW).withSlo(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesPeriodsAsACommandLineWritesThem() {
    assertThat(ReportOptions.parsePeriod("35d")).isEqualTo(Duration.ofDays(35));
    assertThat(ReportOptions.parsePeriod(" 12h ")).isEqualTo(Duration.ofHours(12));
    assertThat(ReportOptions.parsePeriod("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ReportOptions.parsePeriod("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ReportOptions.parsePeriod("P35D")).isEqualTo(Duration.ofDays(35));
    assertThat(ReportOptions.parsePeriod("pt2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void rejectsPeriodsItCannotRead() {
    assertThatThrownBy(() -> ReportOptions.parsePeriod("five weeks"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a period: 'five weeks'");
    assertThatThrownBy(() -> ReportOptions.parsePeriod("35w"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
